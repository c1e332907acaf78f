/**
 * The phone's back camera, read for a QR code every 150 ms with jsQR (loaded on first use) on a
 * scaled-down canvas frame. Stops the camera as soon as a code is read or the scanner closes.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useI18n } from './i18n.ts';

const EVERY_MS = 150;

type Decode = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;

/** jsQR is a CommonJS bundle: its function is `default` or `default.default` depending on the interop. */
function decoderOf(mod: unknown): Decode {
  const d = (mod as { default?: unknown }).default;
  return (typeof d === 'function' ? d : (d as { default: unknown }).default) as Decode;
}
const MAX_SIDE = 720;

/**
 * Reads codes until one that `skip` does not pass over (a card just served, still in front of the
 * camera). `hint` replaces the words over the picture (another page scans another kind of code).
 */
export function QrScanner({
  onCode,
  onClose,
  skip,
  hint,
}: {
  onCode: (code: string) => void;
  onClose: () => void;
  skip?: (code: string) => boolean;
  hint?: string;
}) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const handler = useRef(onCode);
  handler.current = onCode;
  const passOver = useRef(skip);
  passOver.current = skip;
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const stop = () => {
      stopped = true;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
    // Every failure ends in setError below: nothing for the effect to wait for.
    void (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setError(t('此浏览器无法使用摄像头（须通过 HTTPS 访问），请直接输入证件号或领取码。'));
        return;
      }
      try {
        const [mod, media] = await Promise.all([import('jsqr'), navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })]);
        const jsQR = decoderOf(mod);
        stream = media;
        const v = video.current;
        if (stopped || !v) return stop();
        v.srcObject = media;
        await v.play().catch(() => undefined);
        setReady(true);
        timer = setInterval(() => {
          if (stopped || !ctx || v.readyState < 2 || !v.videoWidth) return;
          const scale = Math.min(1, MAX_SIDE / Math.max(v.videoWidth, v.videoHeight));
          const w = Math.round(v.videoWidth * scale);
          const h = Math.round(v.videoHeight * scale);
          canvas.width = w;
          canvas.height = h;
          ctx.drawImage(v, 0, 0, w, h);
          const found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' });
          if (found?.data && !passOver.current?.(found.data.trim())) {
            stop();
            handler.current(found.data.trim());
          }
        }, EVERY_MS);
      } catch (err) {
        const name = (err as Error).name;
        setError(
          name === 'NotAllowedError'
            ? t('未获得摄像头权限。请在浏览器设置中允许使用摄像头，或直接输入证件号。')
            : name === 'NotFoundError'
              ? t('没有找到摄像头，请直接输入证件号或领取码。')
              : t('无法打开摄像头，请直接输入证件号或领取码。'),
        );
      }
    })();
    return stop;
  }, [t]);

  return (
    <Flex vertical gap={12} data-testid="qr-scanner">
      {error ? (
        <Alert type="error" showIcon title={error} />
      ) : (
        <div style={{ position: 'relative', width: '100%', aspectRatio: '1 / 1', background: '#000', borderRadius: 12, overflow: 'hidden' }}>
          <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
          <div
            style={{
              position: 'absolute',
              inset: '15%',
              border: '3px solid rgba(255,255,255,.85)',
              borderRadius: 12,
              boxShadow: '0 0 0 2000px rgba(0,0,0,.25)',
            }}
          />
          <Typography.Text style={{ position: 'absolute', left: 0, right: 0, bottom: 12, textAlign: 'center', color: '#fff', fontSize: 16 }}>
            {ready ? (hint ?? t('将领取卡上的二维码放入框内')) : t('正在打开摄像头…')}
          </Typography.Text>
        </div>
      )}
      <Button size="large" icon={<CloseOutlined />} onClick={onClose} block style={{ height: 52, fontSize: 17 }}>
        {t('取消扫码')}
      </Button>
    </Flex>
  );
}
