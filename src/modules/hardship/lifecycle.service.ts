/**
 * The case file's lifecycle: 核查, 公示 and 审批建档 (four eyes: never by the one who filed it),
 * 解困脱困, 返困, 销档, and promoting a temporary-relief file to a full one. Each step is checked
 * against where it may start, under the file's row lock and its version.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { addDays, chinaToday, chineseDate, chinesePeriod } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './cases.repository.ts';
import * as assistanceRepo from './assistance.repository.ts';
import { assess, nextFollowupDate, noticeDays } from './hardship.policy.ts';
import { notifyApplicant } from './help-request.notify.ts';
import {
  ACTION_FROM,
  ACTION_TO,
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  type CaseAction,
  type CaseInput,
} from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';
import type { Permission } from '../../shared/permissions.ts';

/** What each step needs: verifying, noticing and approving are the verifier's; the rest the caseworker's. */
const STEP_PERMISSION: Record<CaseAction, Permission> = {
  verify: 'hardship:verify',
  notice: 'hardship:verify',
  approve: 'hardship:verify',
  exit: 'hardship:write',
  reopen: 'hardship:write',
  close: 'hardship:write',
  promote: 'hardship:write',
};

/**
 * 四眼原则 to the end: the steps that need someone other than whoever filed the file, with what is
 * said when the filer tries. The one rule for the route and for the page's buttons; the database
 * keeps it too (hardship_cases_four_eyes_check, hardship_cases_four_eyes_approval_check).
 */
const FOUR_EYES: Partial<Record<CaseAction, string>> = {
  verify: '核查须由建档人以外的人进行（四眼原则）',
  notice: '公示须由建档人以外的人发起（四眼原则）',
  approve: '审批建档须由建档人以外的人进行（四眼原则）',
};
registerConstraintMessage('hardship_cases_four_eyes_check', 'action', FOUR_EYES.verify!);
registerConstraintMessage('hardship_cases_four_eyes_approval_check', 'action', '公示和审批建档须由建档人以外的人进行（四眼原则）');

/** Why the four-eyes rule keeps this actor from the step on this file, or null. */
function fourEyesRefusal(actor: Actor, c: Pick<repo.CaseDbRow, 'filedBy'>, a: CaseAction): string | null {
  const reason = FOUR_EYES[a];
  return reason && c.filedBy !== null && c.filedBy === actor.accountId ? reason : null;
}

/** Where an action may start for this file: a temporary-relief file skips the public notice. */
function startsFrom(c: Pick<repo.CaseDbRow, 'kind'>, a: CaseAction) {
  if (c.kind === 'temporary') {
    if (a === 'notice') return [];
    if (a === 'approve') return ['verified'];
    if (a === 'exit' || a === 'reopen') return [];
  } else if (a === 'promote') return [];
  return ACTION_FROM[a];
}

/**
 * What a step waits on, for the inbox (待办): the states it starts from per kind of file, the
 * permission it needs, and whether the filer is kept from it — the same rule the step itself applies.
 */
export function awaitedBy(a: CaseAction) {
  return { full: startsFrom({ kind: 'full' }, a), temporary: startsFrom({ kind: 'temporary' }, a), permission: STEP_PERMISSION[a], notByFiler: a in FOUR_EYES };
}

/** The steps this actor's role allows on the file in its state, before the four-eyes rule. */
function stepsOpenTo(actor: Actor, c: repo.CaseDbRow): CaseAction[] {
  return CASE_ACTIONS.filter((a) => startsFrom(c, a).includes(c.status) && can(actor, STEP_PERMISSION[a]));
}

/** The steps this actor may take on the file now (the page shows a button for each). */
export function actionsFor(actor: Actor, c: repo.CaseDbRow): CaseAction[] {
  return stepsOpenTo(actor, c).filter((a) => !fourEyesRefusal(actor, c, a));
}

/** The steps the four-eyes rule keeps from this actor now, with why (the page shows them disabled). */
export function refusedFor(actor: Actor, c: repo.CaseDbRow): { action: CaseAction; reason: string }[] {
  return stepsOpenTo(actor, c).flatMap((a) => {
    const reason = fourEyesRefusal(actor, c, a);
    return reason ? [{ action: a, reason }] : [];
  });
}

/**
 * The last day of the file's public notice (公示) when it lasts `days` days from its start, or null
 * when it has not been noticed; approval is possible from the next day on.
 */
export function noticeOpenUntil(c: Pick<repo.CaseDbRow, 'noticedOn'>, days: number): string | null {
  return c.noticedOn ? addDays(c.noticedOn, days - 1) : null;
}

/** Why the file cannot be approved today because its notice is still running, or null. */
export async function noticeRefusal(tx: DbOrTx, c: repo.CaseDbRow, org: { path: string }, today: string): Promise<string | null> {
  if (c.status !== 'noticed' || !c.noticedOn) return null;
  const days = await noticeDays(tx, org, c.noticedOn);
  const until = noticeOpenUntil(c, days)!;
  if (today > until) return null;
  return `公示期为${days}天（${chinesePeriod(c.noticedOn, until)}），${chineseDate(addDays(until, 1))}起方可审批建档`;
}

/** A lifecycle step; answers the file's new version (the route then reads the whole view). */
export async function transition(db: Db, actor: Actor, id: number, input: z.infer<typeof H.TransitionInput>): Promise<number> {
  authorize(actor, STEP_PERMISSION[input.action]);
  return db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const row = await repo.lockCase(tx, id);
    if (row.version !== input.version) throw new Conflict('档案已被他人修改，请刷新后再操作');
    if (!startsFrom(row, input.action).includes(row.status))
      throw new Conflict(`${CASE_KIND_LABELS[row.kind]}当前为「${CASE_STATUS_LABELS[row.status]}」，不能${CASE_ACTION_LABELS[input.action]}`);
    let promoted: Partial<repo.CaseDbRow> = {};
    if (input.action === 'promote') {
      // The full file needs a category from its figures (edit them first if they changed).
      const a = await assess(tx, { path: found.orgPath }, { ...caseInputOf(row), kind: 'full' });
      promoted = {
        kind: 'full',
        category: a.category,
        computedCategory: a.computed,
        explanation: a.explanation,
        overrideReason: null,
        verifiedBy: null,
        noticedBy: null,
        noticedOn: null,
        approvedBy: null,
      };
    }
    const refusal = fourEyesRefusal(actor, row, input.action);
    if (refusal) throw new Forbidden(refusal);
    if (input.action === 'approve') {
      const notice = await noticeRefusal(tx, row, { path: found.orgPath }, chinaToday());
      if (notice) throw new Conflict(notice, [{ field: 'action', message: notice }]);
    }
    if ((input.action === 'exit' || input.action === 'reopen' || input.action === 'close') && !input.reason)
      throw Invalid.field('reason', `请说明${CASE_ACTION_LABELS[input.action]}的原因`);
    const to = ACTION_TO[input.action];
    const updated = await repo.updateCase(tx, id, {
      status: to,
      ...(input.action === 'verify' ? { verifiedBy: actor.accountId } : {}),
      ...(input.action === 'notice' ? { noticedBy: actor.accountId, noticedOn: chinaToday() } : {}),
      ...(input.action === 'approve' ? { approvedBy: actor.accountId } : {}),
      ...(input.action === 'reopen' ? { relapsed: true } : {}),
      ...promoted,
    });
    if (to === 'closed') await repo.closeMembers(tx, id);
    await afterTransition(tx, actor, { id, path: found.orgPath }, input.action, input.reason);
    await notifyApplicant(tx, { action: input.action, from: row.status, reason: input.reason, file: updated });
    await repo.insertEvent(tx, { caseId: id, action: input.action, fromStatus: row.status, toStatus: to, reason: input.reason, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: `hardship.${input.action}`,
      entity: 'hardship_case',
      entityId: id,
      orgId: row.orgId,
      summary: `困难职工档案 ${row.caseNo}：${CASE_STATUS_LABELS[row.status]} → ${CASE_STATUS_LABELS[to]}${input.reason ? `（${input.reason}）` : ''}`,
      before: { status: row.status },
      after: { status: to },
    });
    return updated.version;
  });
}

/** The stored figures of a file, in the shape of an application (for re-assessment). */
function caseInputOf(c: repo.CaseDbRow): CaseInput {
  return {
    kind: c.kind,
    personId: c.personId,
    members: Array.from({ length: c.householdSize - 1 }, () => ({
      personId: null,
      name: '',
      relationship: '',
      health: null,
      monthlyIncomeFen: 0,
      schoolOrEmployer: null,
    })),
    yearlyIncomeFen: c.yearlyIncomeFen,
    hardshipSpendingFen: c.hardshipSpendingFen,
    suddenEvent: c.suddenEvent,
    migrantYears: c.migrantYears,
    housing: c.housing as CaseInput['housing'],
    housingArea: c.housingArea,
    medicalInsurance: c.medicalInsurance,
    health: c.health,
    disability: c.disability,
    mainCause: c.mainCause as H.Cause,
    secondaryCauses: c.secondaryCauses as H.Cause[],
    bankAccount: null,
    bankName: c.bankName,
    assessedOn: chinaToday(),
    overrideCategory: null,
    overrideReason: null,
  };
}

/** 解困脱困 schedules the first 回访; 返困 and 销档 settle the one still open. */
async function afterTransition(tx: DbOrTx, actor: Actor, c: { id: number; path: string }, action: CaseAction, reason: string | null) {
  const open = await assistanceRepo.openFollowup(tx, c.id);
  if (open && (action === 'reopen' || action === 'close')) {
    await assistanceRepo.finishFollowup(tx, open.id, {
      doneOn: chinaToday(),
      result: `${CASE_ACTION_LABELS[action]}：${reason ?? ''}`,
      hardshipReturned: action === 'reopen' ? true : null,
      byAccountId: actor.accountId,
    });
  }
  if (action === 'exit') await assistanceRepo.scheduleFollowup(tx, c.id, await nextFollowupDate(tx, c, chinaToday()));
}
