/**
 * 困难职工帮扶's part of a person's record (the person page): their case files with category and
 * state, the lifecycle steps, assistance paid and follow-up visits, each linked to the file.
 */
import type { PersonRecordSource } from '../../server/module.ts';
import {
  ASSISTANCE_LABELS,
  CASE_ACTION_LABELS,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  CATEGORY_LABELS,
  CAUSE_LABELS,
  FUND_SOURCE_LABELS,
} from './hardship.contract.ts';
import type { DbOrTx } from '../../server/db.ts';
import type { Scope } from '../../server/scope.ts';
import * as repo from './record.repository.ts';

/** The assistance on a person's files that unions of `scope` recorded (the worker's 我的权益 reads it across the tree for their own person). */
export function assistanceOf(db: DbOrTx, scope: Scope, personId: number) {
  return repo.findAssistanceOf(db, scope, personId);
}

const label = <T extends Record<string, string>>(labels: T, key: string | null) => (key ? ((labels as Record<string, string>)[key] ?? key) : null);
const STEP_LABELS = { ...CASE_ACTION_LABELS, file: '申请建档' };
const caseLink = (id: number) => `/hardship/${id}`;

export const hardshipRecord: PersonRecordSource = async (db, scope, personId) => {
  const [cases, steps, assistance, followups] = [
    await repo.findCasesOf(db, scope, personId),
    await repo.findStepsOf(db, scope, personId),
    await repo.findAssistanceOf(db, scope, personId),
    await repo.findFollowupsOf(db, scope, personId),
  ];
  const files = [
    ...cases.map((c) => ({
      date: c.filedOn,
      what: `${CASE_KIND_LABELS[c.kind]} ${c.caseNo}`,
      detail:
        c.kind === 'full'
          ? `${label(CATEGORY_LABELS, c.category)}；主要致困原因：${label(CAUSE_LABELS, c.mainCause)}`
          : `主要致困原因：${label(CAUSE_LABELS, c.mainCause)}`,
      amountFen: null,
      place: c.orgName,
      state: label(CASE_STATUS_LABELS, c.status),
      link: caseLink(c.id),
      reversal: false,
    })),
    // The lifecycle's own steps; payments have their section below.
    ...steps
      .filter((s) => s.action in STEP_LABELS)
      .map((s) => ({
        date: s.on,
        what: `${label(STEP_LABELS, s.action)} ${s.caseNo}`,
        detail: s.reason,
        amountFen: null,
        place: null,
        state: label(CASE_STATUS_LABELS, s.toStatus),
        link: caseLink(s.caseId),
        reversal: false,
      })),
  ];
  return [
    { kind: 'hardship.cases', title: '困难帮扶档案', empty: '没有困难职工档案', rows: files },
    {
      kind: 'hardship.assistance',
      title: '帮扶记录',
      empty: '没有帮扶记录',
      rows: assistance.map((a) => ({
        date: a.on,
        what: label(ASSISTANCE_LABELS, a.type)!,
        detail: [`资金来源：${label(FUND_SOURCE_LABELS, a.fundSource)}`, a.note].filter(Boolean).join('；'),
        amountFen: a.amountFen,
        place: a.orgName,
        state: a.status === 'pending' ? '待复核' : '已发放',
        link: caseLink(a.caseId),
        reversal: false,
      })),
    },
    {
      kind: 'hardship.followups',
      title: '回访',
      empty: '没有回访',
      rows: followups.map((f) => ({
        date: f.doneOn ?? f.dueOn,
        what: `回访 ${f.caseNo}`,
        detail: f.result,
        amountFen: null,
        place: null,
        state: f.doneOn ? (f.hardshipReturned ? '已回访（返困）' : '已回访') : '待回访',
        link: caseLink(f.caseId),
        reversal: false,
      })),
    },
  ];
};
