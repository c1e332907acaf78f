/** 参加证明: an A4 landscape certificate of participation, in the CJK font subset the platform's PDFs embed. */
import { collect, newDocument } from '../../server/pdf.ts';
import { officeDate } from '../../server/xlsx.ts';

export interface CertificateInput {
  name: string;
  eventTitle: string;
  kindLabel: string;
  organiser: string;
  /** 2026年10月1日 or 2026年10月1日至3日. */
  period: string;
  certificateNo: string;
  issuedOn: string;
}

const W = 841.89;
const H = 595.28;
const M = 60;

export async function renderCertificate(c: CertificateInput): Promise<Buffer> {
  const doc = newDocument(`参加证明 ${c.certificateNo}`, 'landscape');
  const bytes = collect(doc);
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  doc
    .rect(24, 24, W - 48, H - 48)
    .lineWidth(3)
    .strokeColor('#b22222')
    .stroke();
  doc
    .rect(32, 32, W - 64, H - 64)
    .lineWidth(1)
    .stroke();
  const width = W - 2 * M;
  doc.font('cjk').fillColor('#b22222').fontSize(40).text('参加证明', M, 90, { width, align: 'center', characterSpacing: 12 });
  doc
    .fillColor('#000')
    .fontSize(20)
    .text(`${c.name} 同志：`, M + 40, 190, { width: width - 80 });
  doc
    .fontSize(18)
    .text(`于${c.period}参加了${c.organiser}组织的${c.kindLabel}活动「${c.eventTitle}」，特发此证。`, M + 80, 240, { width: width - 120, lineGap: 10 });
  doc.fontSize(16).text(c.organiser, M, H - 170, { width: width - 40, align: 'right' });
  doc.text(officeDate(c.issuedOn), M, H - 140, { width: width - 40, align: 'right' });
  doc
    .fontSize(11)
    .fillColor('#555')
    .text(`证书编号：${c.certificateNo}`, M + 40, H - 90, { width: width - 80 });
  doc.end();
  return bytes;
}
