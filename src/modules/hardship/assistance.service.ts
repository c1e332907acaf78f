/**
 * 帮扶 after the file is set up: assistance records within the year's caps (checked under the
 * case's row lock), and the 回访 of households that have left hardship (返困 re-opens the file).
 */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import type { DbOrTx } from '../../server/db.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import * as casesRepo from './cases.repository.ts';
import * as repo from './assistance.repository.ts';
import { capOf, nextFollowupDate, policy, signoffThreshold } from './hardship.policy.ts';
import { getCase } from './cases.service.ts';
import { SIGNOFF_FOUR_EYES, canSignOff } from './signoff.ts';
import { ASSISTANCE_LABELS, ASSISTANCE_STATUS_LABELS, CASE_STATUS_LABELS } from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

registerConstraintMessage('hardship_assistance_signoff_check', 'assistanceId', SIGNOFF_FOUR_EYES);

type Assistance = Pick<z.infer<typeof H.AssistanceInput>, 'type' | 'amountFen' | 'on' | 'cause'>;

/**
 * The year's caps for one more record (paid records only count): the same-cause and times rules of
 * 临时救助 and the type's cap. Called under the case's row lock, at recording and again at sign-off.
 */
async function checkCaps(tx: DbOrTx, org: { path: string }, c: casesRepo.CaseDbRow, input: Assistance) {
  const year = input.on.slice(0, 4);
  const label = ASSISTANCE_LABELS[input.type];
  const so = await repo.yearTotals(tx, c.id, input.type, year, input.cause);
  if (input.type === 'temp_relief') {
    if (!input.cause) throw Invalid.field('cause', '临时救助请选择救助原因');
    if (so.sameCause) throw new Conflict(`本年已因「${input.cause}」给予过临时救助，同一原因不重复救助`);
    const times = await policy(tx, org, 'temp_relief_times', input.on, '临时救助次数上限');
    if (so.times >= times) throw new Conflict(`临时救助本年已 ${so.times} 次，上限 ${times} 次`);
  }
  const cap = await capOf(tx, org, c, input.type, input.on);
  if (so.total + input.amountFen > cap) {
    throw new Conflict(`${label}本年已 ¥${yuan(so.total)}，上限 ¥${yuan(cap)}，本次最多 ¥${yuan(Math.max(0, cap - so.total))}`, [
      { field: 'amountFen', message: `超出${label}年度上限` },
    ]);
  }
}

/**
 * 帮扶记录, after the file is set up (先建档、后帮扶); the year's cap checked under the case's row lock.
 * An amount above the policy's threshold is recorded 待复核: not paid nor counted until signed off.
 */
export async function addAssistance(db: Db, actor: Actor, id: number, input: z.infer<typeof H.AssistanceInput>) {
  authorize(actor, 'hardship:write');
  await db.transaction(async (tx) => {
    const found = await casesRepo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    // Concurrent records for one household wait here, so the sum below is the real one.
    const c = await casesRepo.lockCase(tx, id);
    if (c.status !== 'active') throw new Conflict(`档案${CASE_STATUS_LABELS[c.status]}，只有“帮扶中”的档案可以录入帮扶（先建档、后帮扶）`);
    if (input.on > chinaToday()) throw Invalid.field('on', '帮扶日期不能晚于今天');
    if (c.kind === 'temporary' && input.type !== 'temp_relief') throw Invalid.field('type', '临时救助档案只能录入临时救助；其他帮扶请先转为困难职工档案');
    const org = { path: found.orgPath };
    await checkCaps(tx, org, c, input);
    const label = ASSISTANCE_LABELS[input.type];
    const threshold = await signoffThreshold(tx, org, input.on);
    const status = input.amountFen > threshold ? ('pending' as const) : ('paid' as const);
    await repo.insertAssistance(tx, {
      caseId: id,
      orgId: c.orgId,
      orgPath: found.orgPath,
      type: input.type,
      amountFen: input.amountFen,
      on: input.on,
      fundSource: input.fundSource,
      cause: input.cause,
      note: input.note,
      handledBy: actor.accountId,
      status,
    });
    const pending = status === 'pending' ? `（超过 ¥${yuan(threshold)}，${ASSISTANCE_STATUS_LABELS.pending}）` : '';
    await casesRepo.insertEvent(tx, { caseId: id, action: 'assist', reason: `${label} ¥${yuan(input.amountFen)}${pending}`, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'hardship.assist',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `${c.caseNo} ${label} ¥${yuan(input.amountFen)}${pending}`,
      after: { ...input, status },
    });
  });
}

/**
 * 复核: a second account (never the recorder, with the approval permission) signs off a large record,
 * which is then paid and counted; the caps are checked again under the case's row lock, as the
 * year's records may have changed since it was recorded.
 */
export async function signOffAssistance(db: Db, actor: Actor, id: number, assistanceId: number) {
  authorize(actor, 'hardship:verify');
  await db.transaction(async (tx) => {
    const found = await casesRepo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const c = await casesRepo.lockCase(tx, id);
    const a = await repo.lockAssistance(tx, id, assistanceId);
    if (!a) throw new NotFound('帮扶记录', 'assistanceId');
    if (a.status !== 'pending') throw new Conflict('这笔帮扶已复核发放，无需再复核');
    if (!canSignOff(actor, a)) throw new Forbidden(SIGNOFF_FOUR_EYES);
    if (c.status !== 'active') throw new Conflict(`档案${CASE_STATUS_LABELS[c.status]}，只有“帮扶中”的档案可以复核发放帮扶`);
    await checkCaps(tx, { path: found.orgPath }, c, { type: a.type as H.AssistanceType, amountFen: a.amountFen, on: a.on, cause: a.cause as H.Cause | null });
    await repo.signOff(tx, a.id, actor.accountId);
    const label = ASSISTANCE_LABELS[a.type as H.AssistanceType] ?? a.type;
    await casesRepo.insertEvent(tx, { caseId: id, action: 'signoff', reason: `${label} ¥${yuan(a.amountFen)}`, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'hardship.signoff',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `${c.caseNo} 复核大额帮扶：${label} ¥${yuan(a.amountFen)}`,
      before: { assistanceId: a.id, status: a.status },
      after: { assistanceId: a.id, status: 'paid' },
    });
  });
}

/** 回访 done: if hardship has returned the case re-opens (返困), else the next follow-up is scheduled. */
export async function completeFollowup(db: Db, actor: Actor, id: number, input: z.infer<typeof H.FollowupInput>) {
  authorize(actor, 'hardship:write');
  await db.transaction(async (tx) => {
    const found = await casesRepo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const c = await casesRepo.lockCase(tx, id);
    const open = await repo.openFollowup(tx, id);
    if (c.status !== 'exited' || !open) throw new Conflict('此档案没有待办的回访');
    if (input.on > chinaToday()) throw Invalid.field('on', '回访日期不能晚于今天');
    await repo.finishFollowup(tx, open.id, { doneOn: input.on, result: input.result, hardshipReturned: input.hardshipReturned, byAccountId: actor.accountId });
    await casesRepo.insertEvent(tx, {
      caseId: id,
      action: 'followup',
      fromStatus: c.status,
      toStatus: input.hardshipReturned ? 'active' : c.status,
      reason: input.result,
      byAccountId: actor.accountId,
    });
    if (input.hardshipReturned) {
      await casesRepo.updateCase(tx, id, { status: 'active', relapsed: true });
      await casesRepo.insertEvent(tx, {
        caseId: id,
        action: 'reopen',
        fromStatus: 'exited',
        toStatus: 'active',
        reason: `回访发现返困：${input.result}`,
        byAccountId: actor.accountId,
      });
    } else {
      await repo.scheduleFollowup(tx, id, await nextFollowupDate(tx, { path: found.orgPath }, input.on));
    }
    await recordAudit(tx, actor, {
      action: 'hardship.followup',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `${c.caseNo} 回访${input.hardshipReturned ? '，返困重新帮扶' : ''}：${input.result}`,
      after: input,
    });
  });
  return getCase(db, actor, id);
}
