/**
 * 劳模关爱's part of a person's record (职工全景) and of the inbox (待办): a model worker's honours
 * and status changes, allowances and care; runs waiting for a second account to confirm them, and
 * priority model workers due a visit.
 */
import type { InboxSource, PersonRecordSource } from '../../server/module.ts';
import { scopeOf } from '../../server/scope.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuanWan } from '../../shared/numbers.ts';
import * as repo from './modelworkers.repository.ts';
import * as allowancesRepo from './allowances.repository.ts';
import { priorityRows } from './register.service.ts';
import {
  ALLOWANCE_KIND_LABELS,
  CARE_KIND_LABELS,
  HONOUR_LEVEL_LABELS,
  MW_STATUS_LABELS,
  PRIORITY_REASON_LABELS,
  RUN_STATUS_LABELS,
  periodLabel,
  type CareKind,
} from './modelworkers.contract.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** The person's 劳模 sections; none for a person who never held an honour. */
export const modelWorkersRecord: PersonRecordSource = async (db, scope, personId) => {
  const honours = await repo.honoursOf(db, personId);
  if (!honours.length) return [];
  const link = `/modelworkers/${personId}`;
  const [statuses, lines, care] = [
    await repo.statusesOf(db, personId),
    await allowancesRepo.linesOfPerson(db, personId),
    await repo.careOf(db, scope, personId),
  ];
  const row = { date: null, detail: null, amountFen: null, place: null, state: null, link, reversal: false };
  return [
    {
      kind: 'modelworkers.honours',
      title: '劳模荣誉',
      empty: '没有劳模荣誉',
      rows: [
        ...honours.map((h) => ({
          ...row,
          what: `${HONOUR_LEVEL_LABELS[h.level]}（${h.year}年）`,
          detail: [h.awarding_body, h.certificate_no ? `证书编号 ${h.certificate_no}` : null, h.revoked_on ? `${h.revoked_on} 撤销：${h.revoke_reason}` : null]
            .filter(Boolean)
            .join('；'),
          state: h.revoked_on ? '已撤销' : h.with_benefits ? '享受待遇' : '不享受待遇',
        })),
        ...statuses.map((s) => ({ ...row, date: s.since, what: `状态：${MW_STATUS_LABELS[s.status]}`, detail: s.note })),
      ],
    },
    {
      kind: 'modelworkers.allowances',
      title: '劳模津贴',
      empty: '没有津贴发放记录',
      rows: lines.map((l) => ({
        ...row,
        date: l.paid_on,
        what: `${ALLOWANCE_KIND_LABELS[l.kind]} ${periodLabel(l.period)}`,
        detail: HONOUR_LEVEL_LABELS[l.level],
        amountFen: Number(l.amount_fen),
        place: l.org,
        state: RUN_STATUS_LABELS[l.state],
        link: `/modelworkers/runs/${l.run_id}`,
      })),
    },
    {
      kind: 'modelworkers.care',
      title: '劳模关爱',
      empty: '没有关爱记录',
      // Campaign hand-outs are in the campaigns' own section.
      rows: care
        .filter((c) => c.kind !== 'campaign')
        .map((c) => ({
          ...row,
          date: c.on,
          what: CARE_KIND_LABELS[c.kind as CareKind],
          detail: [c.place, c.detail, c.case_no ? `困难职工档案 ${c.case_no}` : null].filter(Boolean).join('；') || null,
          amountFen: c.amount_fen === null ? null : Number(c.amount_fen),
          place: c.org,
        })),
    },
  ];
};

export const MODELWORKERS_INBOX: readonly InboxSource[] = [
  {
    kind: 'modelworkers.confirm',
    label: '待确认的劳模津贴发放',
    permission: 'modelworkers:pay',
    list: async (db, actor, { limit, offset }) => {
      // Whoever made a run does not confirm it, so it does not wait for them.
      const rows = await allowancesRepo.runsToConfirm(db, scopeOf(actor), actor.accountId, limit, offset);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({
          id: r.id,
          title: `${r.org_name}${periodLabel(r.period)}劳模${ALLOWANCE_KIND_LABELS[r.kind]}`,
          subtitle: `${r.persons} 人，${yuanWan(Number(r.amount_fen))}，${r.created_by_name ?? '系统'}生成`,
          since: iso(r.created_at),
          link: `/modelworkers/runs/${r.id}`,
        })),
      };
    },
  },
  {
    kind: 'modelworkers.visit',
    label: '待走访的重点关爱劳模',
    permission: 'modelworkers:manage',
    list: async (db, actor, { limit, offset }) => {
      const today = chinaToday();
      // Never visited first, then the longest since the last visit.
      const due = (await priorityRows(db, scopeOf(actor), today)).filter((r) => r.due).sort((a, b) => (a.lastVisitOn ?? '').localeCompare(b.lastVisitOn ?? ''));
      return {
        total: due.length,
        items: due.slice(offset, offset + limit).map((r) => ({
          id: r.id,
          title: r.name,
          subtitle: `${r.org.name}：${r.reasons.map((x) => PRIORITY_REASON_LABELS[x.code]).join('、')}`,
          since: r.lastVisitOn ?? today,
          link: `/modelworkers/${r.id}`,
        })),
      };
    },
  },
];
