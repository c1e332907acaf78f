/** 慰问活动's part of a person's record (the person page): every hand-out received, reversals shown as such. */
import type { PersonRecordSource } from '../../server/module.ts';
import { PACKAGE_KIND_LABELS } from './campaigns.contract.ts';
import { findHandOutsOf } from './record.repository.ts';

/** The goods actually given: the package's items, or its kind for cash and vouchers. */
function goodsOf(r: Awaited<ReturnType<typeof findHandOutsOf>>[number]) {
  const items = r.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('、');
  return items
    ? `${r.packageName}：${items}`
    : `${r.packageName}（${PACKAGE_KIND_LABELS[r.packageKind as keyof typeof PACKAGE_KIND_LABELS] ?? r.packageKind}）`;
}

export const campaignsRecord: PersonRecordSource = async (db, scope, personId) => {
  const lines = await findHandOutsOf(db, scope, personId);
  return [
    {
      kind: 'campaigns.handouts',
      title: '慰问发放',
      empty: '没有领取过慰问品或慰问金',
      rows: lines.map((l) => ({
        date: l.on,
        what: l.campaignName,
        detail: l.kind === 'reversal' ? `冲正：${l.reason ?? ''}` : goodsOf(l),
        amountFen: l.amountFen,
        place: l.pointName ?? l.orgName,
        state: l.kind === 'reversal' ? '冲正记录' : l.reversed ? '已冲正' : '已发放',
        link: `/campaigns/${l.campaignId}`,
        reversal: l.kind === 'reversal',
      })),
    },
  ];
};
