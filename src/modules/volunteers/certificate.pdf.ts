/**
 * 志愿服务记录证明: an A4 portrait certificate of service time as the Ministry of Civil Affairs'
 * 2020 rules (《志愿服务记录与证明出具办法（试行）》) ask for it — the volunteer's name and masked ID
 * number, the services with their places and time, the total, the issuing union, the date — with the
 * code and a QR code that open the public page checking it.
 */
import { collect, drawQr, newDocument, portraitPage } from '../../server/pdf.ts';
import { officeDate } from '../../server/xlsx.ts';

export interface CertificatePdfInput {
  code: string;
  name: string;
  idMasked: string;
  org: string;
  from: string;
  to: string;
  minutes: number;
  lines: { what: string; org: string; firstDay: string; lastDay: string; minutes: number; times: number }[];
  issuedOn: string;
  /** The public page that checks the code. */
  url: string;
}

const W = 595.28;
const H = 841.89;
const M = 60;

export const hoursText = (m: number) => `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分钟` : ''}`;

export async function renderCertificate(c: CertificatePdfInput): Promise<Buffer> {
  const doc = newDocument(`志愿服务记录证明 ${c.code}`, 'portrait');
  const bytes = collect(doc);
  doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
  doc.font('cjk').fillColor('#000');
  const width = W - 2 * M;
  doc
    .rect(M - 20, M - 20, W - 2 * M + 40, H - 2 * M + 40)
    .lineWidth(1.5)
    .strokeColor('#c8102e')
    .stroke();
  let y = M + 10;
  doc.fontSize(26).text('志愿服务记录证明', M, y, { width, align: 'center' });
  y += 56;
  doc.fontSize(12).text(`证明编号：${c.code}`, M, y, { width, align: 'right' });
  y += 30;
  doc
    .fontSize(14)
    .text(
      `兹证明 ${c.name}（证件号码 ${c.idMasked}）于 ${officeDate(c.from)} 至 ${officeDate(c.to)} 期间参加志愿服务，经记录核实，累计有效服务时长 ${hoursText(c.minutes)}。`,
      M,
      y,
      { width, lineGap: 8 },
    );
  y = doc.y + 24;
  // The services, one line each.
  const cols = [width * 0.4, width * 0.3, width * 0.3];
  doc.fontSize(12);
  const row = (cells: string[], bold = false) => {
    let x = M;
    const h = Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: cols[i]! - 8 }))) + 10;
    cells.forEach((t, i) => {
      doc.rect(x, y, cols[i]!, h).lineWidth(0.5).strokeColor('#666').stroke();
      doc.fillColor(bold ? '#000' : '#222').text(t, x + 4, y + 5, { width: cols[i]! - 8 });
      x += cols[i]!;
    });
    y += h;
  };
  row(['服务项目', '组织单位', '服务时间与时长'], true);
  for (const l of c.lines) {
    if (y > H - 260) {
      row([`（另有 ${c.lines.length - c.lines.indexOf(l)} 项，合计已计入上述时长）`, '', '']);
      break;
    }
    const days = l.firstDay === l.lastDay ? officeDate(l.firstDay) : `${officeDate(l.firstDay)}—${officeDate(l.lastDay)}`;
    row([l.what, l.org, `${days}\n${l.times} 次，${hoursText(l.minutes)}`]);
  }
  y += 24;
  doc
    .fillColor('#333')
    .fontSize(11)
    .text('服务时长按到达服务地点签到至离开签退计算，不含往返交通时间；补录时长经工会审核。本证明免费出具。', M, y, { width, lineGap: 4 });
  // Issuer, date, and the code to check.
  const qr = 110;
  const bottom = H - M - qr;
  drawQr(doc, c.url, M, bottom, qr);
  doc
    .fillColor('#000')
    .fontSize(10)
    .text('扫码或访问下方网址，输入证明编号核验真伪', M + qr + 10, bottom + 20, { width: 200 })
    .text(c.url.replace(/\?.*$/, ''), M + qr + 10, bottom + 50, { width: 200 });
  doc.fontSize(14).text(c.org, W - M - 240, bottom + 30, { width: 240, align: 'right' });
  doc.text(officeDate(c.issuedOn), W - M - 240, bottom + 60, { width: 240, align: 'right' });
  doc.end();
  return bytes;
}

export interface ShiftPosterInput {
  project: string;
  org: string;
  place: string;
  startsAt: string;
  endsAt: string;
  url: string;
}

/** 签到二维码: A4, put up at the venue; volunteers scan it when they arrive and again when they leave. */
export async function renderShiftPoster(p: ShiftPosterInput): Promise<Buffer> {
  const { doc, bytes } = portraitPage(`${p.project} 签到二维码`);
  const width = W - 2 * M;
  let y = M;
  doc.fontSize(30).text('志愿者签到 · 签退', M, y, { width, align: 'center' });
  y += 50;
  doc.fontSize(18).text(p.project, M, y, { width, align: 'center' });
  y += 32;
  doc.fontSize(13).text(`${p.startsAt} — ${p.endsAt}`, M, y, { width, align: 'center' });
  y += 30;
  const box = 280;
  drawQr(doc, p.url, (W - box) / 2, y, box);
  y += box + 24;
  doc.fontSize(13).text('到达时扫码签到，离开时再扫一次签退；每人每个项目每天最多 3 次。', M, y, { width, align: 'center' });
  y += 40;
  doc.fontSize(12).text(`服务地点：${p.place}`, M, y, { width });
  y += 22;
  doc.text(`组织单位：${p.org}`, M, y, { width });
  y += 30;
  doc.fontSize(10).fillColor('#333').text(`如无法扫码，请在浏览器打开：${p.url}`, M, y, { width });
  doc.end();
  return bytes;
}
