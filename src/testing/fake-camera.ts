import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

export interface QrVideoOptions {
  width?: number;
  height?: number;
  frames?: number;
}

// Video-range luma (BT.601): Chromium maps 16 → black and 235 → white.
const BLACK = 16;
const WHITE = 235;
const NEUTRAL_CHROMA = 128;

/**
 * A camera that "sees" a printed 领取卡: writes a Y4M clip (4:2:0, 30 fps, identical frames) of the
 * QR code of `code`, black on white, centred, the symbol about 60 % of the frame height. Chromium
 * loops it as the webcam with
 * `--use-fake-device-for-media-stream --use-fake-ui-for-media-stream --use-file-for-fake-video-capture=<file>`.
 */
export function writeQrVideo(code: string, file: string, opts: QrVideoOptions = {}): void {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frames = opts.frames ?? 10;
  if (width % 2 || height % 2) throw new Error(`4:2:0 needs an even frame size, got ${width}x${height}`);

  const { size, data } = QRCode.create(code, { errorCorrectionLevel: 'M' }).modules;
  // The quiet zone (4 modules) has to fit too; it is part of the white around the symbol.
  const px = Math.max(1, Math.min(Math.floor((height * 0.6) / size), Math.floor(Math.min(width, height) / (size + 8))));
  const left = Math.floor((width - size * px) / 2);
  const top = Math.floor((height - size * px) / 2);

  const luma = width * height;
  const chroma = (width / 2) * (height / 2);
  const frame = Buffer.alloc(6 + luma + 2 * chroma, WHITE);
  frame.write('FRAME\n', 0, 'ascii');
  const y0 = 6;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (!data[r * size + c]) continue;
      for (let dy = 0; dy < px; dy++) {
        const start = y0 + (top + r * px + dy) * width + left + c * px;
        frame.fill(BLACK, start, start + px);
      }
    }
  }
  frame.fill(NEUTRAL_CHROMA, y0 + luma);

  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`, 'ascii');
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
