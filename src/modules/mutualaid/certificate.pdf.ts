/**
 * 保障凭证: the printable certificate of one enrolment — who is covered (name and masked ID
 * number), by which plan of which union, from when to when, who paid, what the plan pays and how
 * to claim. The same for the worker (portal) and for the union's desk.
 */
import { portraitPage } from '../../server/pdf.ts';
import { describeFormula } from './payout.ts';
import { DOCUMENT_KIND_LABELS, PAYER_LABELS, PLAN_KIND_LABELS } from './mutualaid.contract.ts';
import type { MyEnrolmentRow } from './worker.repository.ts';

/** Opened in the browser's PDF viewer, to print or keep; saved under the certificate's number. */
export const certificateDisposition = (fileName: string) => `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const W = 595.28;
const M = 56;

const day = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const yuanText = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/** `no` is the certificate's number (`certificateNo`); `today` the day it is issued (China). */
export async function renderCertificate(e: MyEnrolmentRow, no: string, today: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { doc, bytes } = portraitPage(`职工互助保障凭证 ${no}`);
  const width = W - 2 * M;
  let y = M;
  doc.fontSize(24).text('职工互助保障凭证', M, y, { width, align: 'center' });
  y += 40;
  doc.fontSize(11).fillColor('#444').text(`凭证号：${no}`, M, y, { width, align: 'center' });
  y += 30;
  doc.fillColor('#000');

  const paid = e.gifted ? '工会赠送，参保人无需缴费' : `${yuanText(Number(e.contribution_fen))}（${PAYER_LABELS[e.payer]}）`;
  const rows: [string, string][] = [
    ['参保人', e.name],
    ['证件号码', e.id_masked ?? '—'],
    ['所在单位', e.org],
    ['保障计划', `${e.plan_name}（${PLAN_KIND_LABELS[e.plan_kind]}）`],
    ['主办工会', e.plan_org],
    ['保障期', `${day(e.cover_from)} 起至 ${day(e.cover_to)} 止`],
    ['缴费', paid],
  ];
  const labelW = 90;
  doc.fontSize(12);
  const top = y;
  for (const [label, value] of rows) {
    const h = Math.max(22, doc.heightOfString(value, { width: width - labelW - 20 }) + 10);
    doc.text(label, M + 10, y + 5, { width: labelW });
    doc.text(value, M + labelW + 10, y + 5, { width: width - labelW - 20 });
    doc
      .moveTo(M, y + h)
      .lineTo(M + width, y + h)
      .lineWidth(0.5)
      .strokeColor('#999')
      .stroke();
    y += h;
  }
  doc
    .rect(M, top, width, y - top)
    .lineWidth(1)
    .strokeColor('#000')
    .stroke();
  y += 20;

  doc.fontSize(13).text('保障责任', M, y);
  y += 22;
  doc.fontSize(11);
  for (const line of describeFormula(e.formula)) {
    doc.text(`· ${line}`, M + 10, y, { width: width - 10 });
    y = doc.y + 4;
  }
  y += 12;
  doc.fontSize(13).text('申请互助金', M, y);
  y += 22;
  doc.fontSize(11);
  const docs = e.required_documents.map((k) => DOCUMENT_KIND_LABELS[k]).join('、') || '无';
  for (const line of [
    `出院（或出险）后 ${e.claim_deadline_days} 天内，向所在工会或在“娘家人”职工端提出申请。`,
    `须提交：${docs}。`,
    '同一张发票只能申报一次；给付以计划的给付公式和限额为准。',
  ]) {
    doc.text(line, M + 10, y, { width: width - 10 });
    y = doc.y + 4;
  }
  y += 24;
  doc.fontSize(11).fillColor('#333').text(`出具单位：${e.plan_org}`, M, y, { width, align: 'right' });
  y += 18;
  doc.text(`出具日期：${day(today)}`, M, y, { width, align: 'right' });
  y += 18;
  doc.text('本凭证的真伪可凭凭证号向主办工会查询。', M, y, { width, align: 'right' });
  doc.end();
  return { pdf: await bytes, fileName: `保障凭证-${no}.pdf` };
}
