import { describe, expect, it } from 'vitest';
import { renderNoticeSheet } from './notice.pdf.ts';

describe('公示名单 PDF', () => {
  it('renders the notice list as an A4 portrait PDF', async () => {
    const pdf = await renderNoticeSheet({
      unionName: '呼和浩特市新城区总工会',
      complaintPhone: '0471-6961234',
      today: '2026-03-02',
      rows: [
        { maskedName: '张**', orgName: '新城区环卫中心工会', category: '深度困难', start: '2026-03-01', end: '2026-03-05' },
        { maskedName: '李*', orgName: '新城区环卫中心工会', category: '相对困难', start: '2026-03-02', end: '2026-03-06' },
      ],
    });
    const text = pdf.toString('latin1');
    expect(text.slice(0, 5)).toBe('%PDF-');
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });
});
