import { drawQr, portraitPage } from '../../server/pdf.ts';
import { officeDate } from '../../server/xlsx.ts';

export interface JoinPosterInput {
  unionName: string;
  /** What the QR code opens: the portal's join page with the union (`…/m/join?org=12`). */
  url: string;
  contactPhone: string | null;
  address: string | null;
  today: string;
}

const W = 595.28;
const H = 841.89;
const M = 56;
const QR_BOX = 280; // ≈ 10 cm: read from a metre away on a notice board

/** 入会二维码海报: A4 portrait, the union's name, the three steps, a large QR code, contact and date. */
export async function renderJoinPoster(input: JoinPosterInput): Promise<Buffer> {
  const { doc, bytes } = portraitPage(`${input.unionName} 入会二维码`);
  const width = W - 2 * M;
  let y = M;
  doc.fontSize(34).text('扫码加入工会', M, y, { width, align: 'center' });
  y += 54;
  doc.fontSize(18).text(input.unionName, M, y, { width, align: 'center' });
  y += 40;
  doc.fontSize(13).text('工会是职工之家 · 娘家人', M, y, { width, align: 'center' });
  y += 36;
  const qrX = (W - QR_BOX) / 2;
  doc
    .rect(qrX - 6, y - 6, QR_BOX + 12, QR_BOX + 12)
    .lineWidth(1)
    .strokeColor('#000')
    .stroke();
  drawQr(doc, input.url, qrX, y, QR_BOX);
  y += QR_BOX + 28;
  doc.fillColor('#000').fontSize(14).text('用手机微信或浏览器扫描二维码，三步完成入会申请：', M, y, { width });
  y += 28;
  for (const step of ['① 填写姓名、身份证号，手机号验证码登录', '② 填写工作单位名称或统一社会信用代码', '③ 选择职业，提交后由本工会审核']) {
    doc.fontSize(13).text(step, M + 20, y, { width: width - 20 });
    y += 24;
  }
  y += 12;
  doc.fontSize(11).fillColor('#333').text(`如无法扫码，请在浏览器打开：${input.url}`, M, y, { width });
  y += 34;
  if (input.contactPhone) {
    doc.text(`咨询电话：${input.contactPhone}`, M, y, { width });
    y += 18;
  }
  if (input.address) doc.text(`地址：${input.address}`, M, y, { width });
  doc
    .fillColor('#000')
    .fontSize(11)
    .text(`${input.unionName}\n${officeDate(input.today)}`, M, H - M - 40, { width, align: 'right' });
  doc.end();
  return bytes;
}
