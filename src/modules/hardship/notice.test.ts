import { describe, expect, it } from 'vitest';
import { pdfTextRuns } from '../../testing/pdf-text.ts';
import { maskName } from './hardship.contract.ts';
import { renderNoticeSheet } from './notice.pdf.ts';

const UNION = '呼和浩特市新城区总工会';
const people = [
  { name: '张建国', orgName: '新城区环卫中心工会', category: '深度困难', start: '2026-03-01', end: '2026-03-05' },
  { name: '李秀英', orgName: '新城区环卫中心工会', category: '相对困难', start: '2026-03-02', end: '2026-03-06' },
];
const rows = people.map(({ name, ...r }) => ({ maskedName: maskName(name), ...r }));

describe('公示名单 PDF', () => {
  it('posts the notice period, the phone for objections and surnames only, as an A4 portrait page', async () => {
    const pdf = await renderNoticeSheet({ unionName: UNION, complaintPhone: '0471-6961234', today: '2026-03-02', rows });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);

    const pages = pdfTextRuns(pdf);
    expect(pages).toHaveLength(1);
    const runs = pages[0]!;
    const text = runs.join('');
    expect(runs[0]).toBe(`${UNION}困难职工建档公示`);
    // The sheet's period runs from the earliest start to the latest end; each line shows its own.
    expect(runs).toContain('公示期：2026年3月1日至2026年3月6日');
    expect(runs).toContain('2026年3月1日至2026年3月5日');
    expect(runs).toContain('2026年3月2日至2026年3月6日');
    expect(text).toContain(`如有异议，请在公示期内向${UNION}反映，联系电话：0471-6961234`);
    expect(runs).toEqual(expect.arrayContaining(['张**', '李**', '深度困难', '相对困难', '新城区环卫中心工会']));
    for (const p of people) expect(text).not.toContain(p.name);
    expect(runs.slice(-2)).toEqual([UNION, '2026年3月2日']);
  });

  it('leaves the phone out when the union has none, and says when no file is in notice', async () => {
    const text = pdfTextRuns(await renderNoticeSheet({ unionName: UNION, complaintPhone: null, today: '2026-03-02', rows: [] }))
      .flat()
      .join('\n');
    expect(text).toContain(`如有异议，请在公示期内向${UNION}反映`);
    expect(text).not.toContain('联系电话');
    expect(text).toContain('公示期：—');
    expect(text).toContain('当前没有正在公示的档案');
  });
});
