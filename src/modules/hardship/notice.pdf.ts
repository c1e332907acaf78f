import { collect, newDocument } from '../../server/pdf.ts';
import { officeDate } from '../../server/xlsx.ts';

export interface NoticeSheetInput {
  unionName: string;
  complaintPhone: string | null;
  today: string;
  rows: { maskedName: string; orgName: string; category: string; start: string; end: string }[];
}

const W = 595.28;
const H = 841.89;
const M = 50;
const COLS = [
  { header: '序号', width: 40 },
  { header: '姓名', width: 60 },
  { header: '所属工会', width: 185 },
  { header: '困难类别', width: 70 },
  { header: '公示期', width: W - 2 * M - 355 },
];
const ROW = 22;

/** 公示名单: A4 portrait, title, notice period, the list (surnames only), the phone for objections, dated footer. */
export async function renderNoticeSheet(input: NoticeSheetInput): Promise<Buffer> {
  const doc = newDocument(`${input.unionName} 困难职工建档公示名单`, 'portrait');
  const bytes = collect(doc);
  const starts = input.rows.map((r) => r.start).sort();
  const ends = input.rows.map((r) => r.end).sort();
  const period = starts.length ? `${officeDate(starts[0]!)}至${officeDate(ends[ends.length - 1]!)}` : '—';
  const phone = input.complaintPhone
    ? `如有异议，请在公示期内向${input.unionName}反映，联系电话：${input.complaintPhone}`
    : `如有异议，请在公示期内向${input.unionName}反映`;
  let y = 0;
  const page = () => {
    doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    doc.font('cjk').fillColor('#000');
    y = M;
  };
  const header = () => {
    let x = M;
    doc.fontSize(10);
    for (const c of COLS) {
      doc.rect(x, y, c.width, ROW).stroke();
      doc.text(c.header, x + 4, y + 6, { width: c.width - 8, lineBreak: false });
      x += c.width;
    }
    y += ROW;
  };
  page();
  doc.fontSize(18).text(`${input.unionName}困难职工建档公示`, M, y, { width: W - 2 * M, align: 'center' });
  y += 34;
  doc.fontSize(11).text(`公示期：${period}`, M, y, { width: W - 2 * M });
  y += 18;
  doc.text(phone, M, y, { width: W - 2 * M });
  y += 30;
  doc.lineWidth(0.5).strokeColor('#000');
  header();
  input.rows.forEach((r, i) => {
    if (y + ROW > H - M - 40) {
      page();
      header();
    }
    const cells = [String(i + 1), r.maskedName, r.orgName, r.category, `${officeDate(r.start)}至${officeDate(r.end)}`];
    let x = M;
    doc.fontSize(9.5);
    cells.forEach((text, k) => {
      const c = COLS[k]!;
      doc.rect(x, y, c.width, ROW).stroke();
      doc.text(text, x + 4, y + 6, { width: c.width - 8, height: ROW - 6, ellipsis: true, lineBreak: false });
      x += c.width;
    });
    y += ROW;
  });
  if (!input.rows.length) doc.fontSize(10).text('当前没有正在公示的档案', M, y + 8);
  doc.fontSize(10).text(`${input.unionName}\n${officeDate(input.today)}`, M, Math.min(y + 40, H - M - 30), { width: W - 2 * M, align: 'right' });
  doc.end();
  return bytes;
}
