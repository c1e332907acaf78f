import { drawQr, portraitPage } from '../../server/pdf.ts';
import { officeDate } from '../../server/xlsx.ts';
import { AMENITY_LABELS, type Amenity } from './stations.contract.ts';

export interface StationPosterInput {
  name: string;
  address: string;
  openingHours: string;
  staffedHours: string | null;
  amenities: Amenity[];
  phone: string | null;
  /** What the QR code opens: the portal's visit page with the station's code. */
  url: string;
  today: string;
}

const W = 595.28;
const H = 841.89;
const M = 56;
const QR_BOX = 280; // ≈ 10 cm: read from a metre away at the door

/** 到站二维码: A4 portrait, the station's name, a large QR code, the hours and what it offers. */
export async function renderStationPoster(input: StationPosterInput): Promise<Buffer> {
  const { doc, bytes } = portraitPage(`${input.name} 到站二维码`);
  const width = W - 2 * M;
  let y = M;
  doc.fontSize(30).text('扫码到站', M, y, { width, align: 'center' });
  y += 48;
  doc.fontSize(20).text(input.name, M, y, { width, align: 'center' });
  y += 36;
  doc.fontSize(13).text('工会驿站 · 户外劳动者的“娘家”', M, y, { width, align: 'center' });
  y += 32;
  const qrX = (W - QR_BOX) / 2;
  doc
    .rect(qrX - 6, y - 6, QR_BOX + 12, QR_BOX + 12)
    .lineWidth(1)
    .strokeColor('#000')
    .stroke();
  drawQr(doc, input.url, qrX, y, QR_BOX);
  y += QR_BOX + 26;
  doc.fillColor('#000').fontSize(13).text('进站请用手机扫码登记，每小时记一次到站。', M, y, { width, align: 'center' });
  y += 30;
  doc.fontSize(12).text(`开放时间：${input.openingHours}`, M, y, { width });
  y += 20;
  if (input.staffedHours) {
    doc.text(`值守时间：${input.staffedHours}（其余时间扫码自助进入）`, M, y, { width });
    y += 20;
  }
  if (input.amenities.length) {
    doc.text(`服务设施：${input.amenities.map((a) => AMENITY_LABELS[a]).join('、')}`, M, y, { width });
    y += 36;
  }
  doc.fontSize(11).fillColor('#333').text(`如无法扫码，请在浏览器打开：${input.url}`, M, y, { width });
  y += 30;
  doc.text(`地址：${input.address}`, M, y, { width });
  y += 18;
  if (input.phone) doc.text(`联系电话：${input.phone}`, M, y, { width });
  doc
    .fillColor('#000')
    .fontSize(11)
    .text(officeDate(input.today), M, H - M - 20, { width, align: 'right' });
  doc.end();
  return bytes;
}
