import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsQR } from './jsqr.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { writeQrVideo } from './fake-camera.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-camera-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first frame of a 4:2:0 Y4M file as RGBA, the way a browser hands a video frame to jsQR. */
function firstFrameRgba(file: string) {
  const bytes = readFileSync(file);
  const headerEnd = bytes.indexOf(0x0a);
  const header = bytes.subarray(0, headerEnd).toString('ascii');
  const width = Number(/ W(\d+)/.exec(header)?.[1]);
  const height = Number(/ H(\d+)/.exec(header)?.[1]);
  const frameStart = headerEnd + 1;
  expect(bytes.subarray(frameStart, frameStart + 6).toString('ascii')).toBe('FRAME\n');
  const luma = bytes.subarray(frameStart + 6, frameStart + 6 + width * height);
  const rgba = new Uint8ClampedArray(width * height * 4);
  luma.forEach((y, i) => {
    const v = ((y - 16) * 255) / 219;
    rgba.fill(v, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  });
  return { header, width, height, rgba, size: bytes.length };
}

describe('fake camera', () => {
  it('writes a Y4M clip whose frames decode back to the code', () => {
    const file = path.join(dir, 'qr.y4m');
    writeQrVideo('NJ-7Q2K-9XMP', file);
    const frame = firstFrameRgba(file);
    expect(frame.header).toBe('YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg');
    const frameBytes = 6 + 640 * 480 * 1.5;
    expect(frame.size).toBe(frame.header.length + 1 + 10 * frameBytes);
    expect(jsQR(frame.rgba, frame.width, frame.height)?.data).toBe('NJ-7Q2K-9XMP');
  });

  it('honours the frame size and count', () => {
    const file = path.join(dir, 'small.y4m');
    writeQrVideo('https://example.test/p/12345', file, { width: 320, height: 240, frames: 2 });
    const frame = firstFrameRgba(file);
    expect(frame.size).toBe(frame.header.length + 1 + 2 * (6 + 320 * 240 * 1.5));
    expect(jsQR(frame.rgba, 320, 240)?.data).toBe('https://example.test/p/12345');
  });
});
