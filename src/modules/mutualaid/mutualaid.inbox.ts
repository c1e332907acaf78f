/**
 * What 互助保障 puts in the inbox (待办) and on a person's record. The inbox lists claims at the
 * step the account may take — 审核, 复核 (never the claim it reviewed itself: 四眼), 审批 — and
 * approved claims not yet in a payment batch; the record shows the person's cover and claims.
 */
import type { InboxSource, PersonRecordSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import { yuanWan } from '../../shared/numbers.ts';
import type { Permission } from '../../shared/permissions.ts';
import { certificateNo } from './enrolment.service.ts';
import { CLAIM_STATUS_LABELS } from './mutualaid.contract.ts';
import * as repo from './mutualaid.repository.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

const waiting = (wait: repo.ClaimWait, label: string, permission: Permission): InboxSource => ({
  kind: `mutualaid.${wait}`,
  label,
  permission,
  list: async (db, actor, { limit, offset }) => {
    const rows = await repo.claimsWaiting(db, scopeOf(actor), wait, actor.accountId, limit, offset);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        title: `${r.name} · ${r.claim_no}`,
        subtitle: `${r.plan_name} · ${r.org_name} · ${yuanWan(Number(r.claimed_fen))}`,
        since: iso(r.since),
        link: `/mutualaid?tab=claims&claim=${r.id}`,
      })),
    };
  },
});

export const MUTUALAID_INBOX: readonly InboxSource[] = [
  waiting('review', '待审核的互助金申请', 'mutualaid:review'),
  waiting('recheck', '待复核的互助金申请', 'mutualaid:review'),
  waiting('approve', '待审批的互助金申请', 'mutualaid:approve'),
  waiting('pay', '待生成支付批次的互助金', 'mutualaid:pay'),
];

/** The person page's 互助保障 section (only for people who were ever enrolled or claimed). */
export const mutualaidRecord: PersonRecordSource = async (db, scope, personId) => {
  const { enrolments, claims } = await repo.coverOfPerson(db, scope, personId);
  if (!enrolments.length && !claims.length) return [];
  return [
    {
      kind: 'mutualaid.cover',
      title: '互助保障',
      empty: '没有参保和互助金记录',
      rows: [
        ...enrolments.map((e) => ({
          date: e.cover_from,
          what: e.plan_name,
          detail: `保障期至 ${e.cover_to}，凭证号 ${certificateNo(e)}${e.gifted ? '，工会赠送' : ''}${Number(e.approved_fen) ? `，已核定给付 ${yuanWan(Number(e.approved_fen))}` : ''}`,
          amountFen: null,
          place: e.org_name,
          state: '参保',
          link: '/mutualaid?tab=enrol',
          reversal: false,
        })),
        ...claims.map((c) => ({
          date: c.event_date,
          what: `互助金申请 ${c.claim_no}`,
          detail: c.plan_name,
          amountFen: Number(c.paid_fen ?? c.approved_fen ?? c.claimed_fen),
          place: c.org_name,
          state: CLAIM_STATUS_LABELS[c.status],
          link: `/mutualaid?tab=claims&claim=${c.id}`,
          reversal: false,
        })),
      ],
    },
  ];
};
