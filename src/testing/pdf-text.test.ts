import { describe, expect, it } from 'vitest';
import { portraitPage } from '../server/pdf.ts';
import { pdfTextRuns } from './pdf-text.ts';

describe('pdfTextRuns', () => {
  it('reads text after a ligature: the CJK font draws “fi” and “ff” as one glyph each', async () => {
    const { doc, bytes } = portraitPage('连字');
    // A visit code as the station poster prints it: letters the font joins into ligatures.
    doc.fontSize(11).text('请在浏览器打开：https://example.cn/m/stations/visit?code=AbfiXYffZ-fl_9', 56, 56, { width: 480 });
    doc.text('地址：新城区', 56, 90, { width: 480 });
    doc.end();
    const runs = pdfTextRuns(await bytes)[0]!;
    expect(runs.join('')).toContain('code=AbfiXYffZ-fl_9');
    expect(runs.at(-1)).toBe('地址：新城区');
  });
});
