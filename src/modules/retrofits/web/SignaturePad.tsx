/**
 * 签字板: the recipient signs with a finger or the mouse on a canvas; the signature is saved as a
 * PNG upload (the same route as photos, kind `signature`).
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Flex } from 'antd';
import { useI18n } from './i18n.ts';

interface Props {
  onSave: (png: Blob) => Promise<unknown>;
  saving?: boolean;
  width?: number;
  height?: number;
}

export function SignaturePad({ onSave, saving, width = 480, height = 180 }: Props) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
  }, [width, height]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * width) / r.width, y: ((e.clientY - r.top) * height) / r.height };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d')!;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = true;
    const p = point(e);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    setEmpty(false);
  };
  const up = () => {
    drawing.current = false;
  };
  const clear = () => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    setEmpty(true);
  };
  const save = () => {
    canvas.current?.toBlob((blob) => {
      if (blob) void onSave(blob).then(clear);
    }, 'image/png');
  };

  return (
    <Flex vertical gap={8}>
      <canvas
        ref={canvas}
        width={width}
        height={height}
        data-testid="signature-pad"
        aria-label={t('受益人签字板')}
        style={{ width: '100%', maxWidth: width, border: '1px dashed #bbb', borderRadius: 6, touchAction: 'none', background: '#fff', cursor: 'crosshair' }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={up}
      />
      <Flex gap={8}>
        <Button onClick={clear} disabled={empty}>
          {t('重签')}
        </Button>
        <Button type="primary" onClick={save} disabled={empty} loading={saving}>
          {t('保存签字')}
        </Button>
      </Flex>
    </Flex>
  );
}
