/** Views across a subtree's files: the task list, the 公示 list (names masked), and the statistics. */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { chinaToday } from '../../shared/dates.ts';
import * as casesRepo from './cases.repository.ts';
import * as repo from './reporting.repository.ts';
import { addMonths } from './hardship.policy.ts';
import { maskName, type AssistanceType, type Category } from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

/** The task list: follow-ups and yearly reviews due within 30 days, overdue ones marked. */
export async function tasks(db: Db, actor: Actor): Promise<z.infer<typeof H.HardshipTasks>> {
  authorize(actor, 'hardship:read');
  const today = chinaToday();
  const t = await repo.tasks(db, scopeOf(actor), addMonths(today, 1));
  return {
    followups: t.followups.map((f) => ({
      caseId: f.case_id,
      caseNo: f.case_no,
      name: f.name,
      orgName: f.org_name,
      dueOn: f.due_on,
      overdue: f.due_on < today,
    })),
    reviews: t.reviews.map((r) => ({
      caseId: r.case_id,
      caseNo: r.case_no,
      name: r.name,
      orgName: r.org_name,
      assessedOn: r.assessed_on,
      dueOn: r.due_on,
      overdue: r.due_on < today,
    })),
  };
}

/** 公示名单: files in public notice, names masked. */
export async function noticeList(db: Db, actor: Actor) {
  authorize(actor, 'hardship:read');
  return (await casesRepo.noticeList(db, scopeOf(actor))).map((r) => ({
    caseNo: r.c.caseNo,
    maskedName: maskName(r.name),
    orgName: r.orgName,
    category: r.c.category as Category,
    mainCause: r.c.mainCause as H.Cause,
    householdSize: r.c.householdSize,
  }));
}

/** The year's figures of the actor's subtree: open files by category and cause, assistance by month, each child org's totals. */
export async function stats(db: Db, actor: Actor, year: number): Promise<z.infer<typeof H.HardshipStats>> {
  authorize(actor, 'hardship:read');
  const s = await repo.stats(db, scopeOf(actor), year);
  return {
    byCategory: s.byCategory.map((r) => ({ category: r.category as Category, cases: r.cases })),
    byCause: s.byCause.map((r) => ({ cause: r.cause as H.Cause, cases: r.cases })),
    byMonth: s.byMonth.map((r) => ({ month: r.month, type: r.type as AssistanceType | 'warmth', amountFen: Number(r.amount), personTimes: r.times })),
    byOrg: s.byOrg.map((r) => ({ orgId: r.org_id, orgName: r.org_name, cases: r.cases, amountFen: Number(r.amount) })),
  };
}
