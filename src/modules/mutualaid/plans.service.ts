/**
 * 保障计划: a union's plans for its subtree — term, contribution, audience, waiting period,
 * exclusions and the payout formula as data — and the payout preview the plan editor shows.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, intersect, narrow, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import * as repo from './mutualaid.repository.ts';
import { PLAN_KIND_LABELS, PLAN_STATUS_LABELS, termProblem, type EligibilityRule, type PlanInput, type PlanView } from './mutualaid.contract.ts';
import { computePayout, describeFormula } from './payout.ts';
import type { z } from '../../shared/contract.ts';
import type { ListPlansQuery, PreviewInput } from './mutualaid.contract.ts';

/** The period a plan's enrolments are counted in: the year its term starts, or the two years it spans. */
export const periodOf = (p: { term_start: string; term_end: string }) => {
  const a = p.term_start.slice(0, 4);
  const b = p.term_end.slice(0, 4);
  return a === b || p.term_end.slice(5) === '01-01' ? a : `${a}-${b}`;
};

/** What of a plan the actor reads: the organiser's subtree narrowed to the actor's own. */
export function readerScope(actor: Actor, g: { org_path: string }): Scope {
  return intersect(reachOf({ path: g.org_path }), scopeOf(actor))!;
}

/** The scopes of the unions a rule names, each inside the organiser's reach and the actor's scope. */
export async function ruleScopes(db: DbOrTx, actor: Actor | null, organiser: { path: string }, rules: (EligibilityRule | null)[]) {
  const out = new Map<number, Scope>();
  const ids = [...new Set(rules.flatMap((r) => r?.orgIds ?? []))];
  const reach = reachOf(organiser);
  for (const org of await repo.orgPaths(db, ids)) {
    const inside = narrow(reach, org.path);
    if (inside && (!actor || contains(scopeOf(actor), org.path))) out.set(org.id, inside);
  }
  return out;
}

export async function planOf(db: DbOrTx, actor: Actor, id: number, lock = false) {
  const g = await repo.planInScope(db, scopeOf(actor), id, lock);
  if (!g) throw new NotFound('保障计划');
  return g;
}

export function presentPlan(g: repo.PlanRow, actor: Actor, counts?: { enrolled: number; claims: number }): PlanView {
  const own = contains(scopeOf(actor), g.org_path);
  const manage = own && can(actor, 'mutualaid:manage');
  return {
    id: g.id,
    name: g.name,
    kind: g.kind,
    org: { id: g.org_id, name: g.org_name },
    termStart: g.term_start,
    termEnd: g.term_end,
    period: periodOf(g),
    contributionFen: Number(g.contribution_fen),
    audience: g.audience,
    waitingDays: g.waiting_days,
    exclusions: g.exclusions,
    formula: g.formula,
    formulaText: describeFormula(g.formula),
    requiredDocuments: g.required_documents,
    selfEnrol: g.self_enrol,
    claimDeadlineDays: g.claim_deadline_days,
    status: g.status,
    enrolled: counts?.enrolled ?? 0,
    claims: counts?.claims ?? 0,
    can: {
      edit: manage && g.status === 'draft',
      open: manage && g.status === 'draft',
      close: manage && g.status === 'open',
      enrol: can(actor, 'mutualaid:manage') && g.status === 'open',
    },
  };
}

async function withCounts(db: DbOrTx, actor: Actor, rows: repo.PlanRow[]) {
  const counts = new Map<number, { enrolled: number; claims: number }>();
  // Counted within what the actor may read of each plan (a county sees its own enrolments of a city's plan).
  for (const g of rows) {
    const [c] = await repo.planCounts(db, readerScope(actor, g), [g.id]);
    if (c) counts.set(g.id, c);
  }
  return rows.map((g) => presentPlan(g, actor, counts.get(g.id)));
}

export async function listPlans(db: Db, actor: Actor, q: z.infer<typeof ListPlansQuery>) {
  authorize(actor, 'mutualaid:view');
  const { rows, total } = await repo.listPlans(db, scopeOf(actor), q);
  return { items: await withCounts(db, actor, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getPlan(db: Db, actor: Actor, id: number) {
  authorize(actor, 'mutualaid:view');
  return (await withCounts(db, actor, [await planOf(db, actor, id)]))[0]!;
}

async function checkAudience(db: DbOrTx, actor: Actor, org: { path: string }, audience: EligibilityRule, term?: { termStart: string; termEnd: string }) {
  const problem = term && termProblem(term);
  if (problem) throw Invalid.field('termEnd', problem);
  const scopes = await ruleScopes(db, actor, org, [audience]);
  const outside = audience.orgIds.find((id) => !scopes.has(id));
  if (outside) throw Invalid.field('audience', '参保条件中的单位须在主办工会及其下级范围内');
}

const planRow = (input: PlanInput) => ({
  name: input.name,
  kind: input.kind,
  orgId: input.orgId,
  termStart: input.termStart,
  termEnd: input.termEnd,
  contributionFen: input.contributionFen,
  audience: input.audience,
  waitingDays: input.waitingDays,
  exclusions: input.exclusions,
  formula: input.formula,
  requiredDocuments: input.requiredDocuments,
  selfEnrol: input.selfEnrol,
  claimDeadlineDays: input.claimDeadlineDays,
});

/** Makes a plan (草稿) of a union of the caller's subtree. */
export async function createPlan(db: Db, actor: Actor, input: PlanInput): Promise<PlanView> {
  authorize(actor, 'mutualaid:manage');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  await checkAudience(db, actor, org, input.audience, input);
  const id = await db.transaction(async (tx) => {
    const planId = await repo.insertPlan(tx, { ...planRow(input), createdBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'mutualaid.plan_create',
      entity: 'mutualaid_plan',
      entityId: planId,
      orgId: org.id,
      summary: `新建互助保障计划“${input.name}”（${PLAN_KIND_LABELS[input.kind]}，${input.termStart} 至 ${input.termEnd}）`,
      after: input,
    });
    return planId;
  });
  return getPlan(db, actor, id);
}

/** Changes a draft plan; a plan open for enrolment keeps its terms. */
export async function updatePlan(db: Db, actor: Actor, id: number, input: PlanInput): Promise<PlanView> {
  authorize(actor, 'mutualaid:manage');
  await db.transaction(async (tx) => {
    const g = await planOf(tx, actor, id, true);
    if (!contains(scopeOf(actor), g.org_path)) throw new NotFound('保障计划');
    if (g.status !== 'draft') throw new Conflict(`该计划${PLAN_STATUS_LABELS[g.status]}，条款不能再修改`);
    const org = await findOrgInScope(tx, actor, input.orgId, 'orgId');
    await checkAudience(tx, actor, org, input.audience, input);
    await repo.updatePlan(tx, id, planRow(input));
    await recordAudit(tx, actor, {
      action: 'mutualaid.plan_update',
      entity: 'mutualaid_plan',
      entityId: id,
      orgId: org.id,
      summary: `修改互助保障计划“${input.name}”`,
      after: input,
    });
  });
  return getPlan(db, actor, id);
}

/** Opens a plan for enrolment (参保中) or closes it (已结束). */
export async function setPlanStatus(db: Db, actor: Actor, id: number, status: 'open' | 'closed'): Promise<PlanView> {
  authorize(actor, 'mutualaid:manage');
  await db.transaction(async (tx) => {
    const g = await planOf(tx, actor, id, true);
    if (!contains(scopeOf(actor), g.org_path)) throw new NotFound('保障计划');
    const from = status === 'open' ? 'draft' : 'open';
    if (g.status !== from) throw new Conflict(`该计划${PLAN_STATUS_LABELS[g.status]}，不能${status === 'open' ? '开放参保' : '结束'}`);
    await repo.updatePlan(tx, id, { status });
    await recordAudit(tx, actor, {
      action: 'mutualaid.plan_status',
      entity: 'mutualaid_plan',
      entityId: id,
      orgId: g.org_id,
      summary: `互助保障计划“${g.name}”${status === 'open' ? '开放参保' : '结束'}`,
    });
  });
  return getPlan(db, actor, id);
}

/** 给付试算: the formula applied to example facts, explained — what the plan editor shows beside the formula. */
export function previewPayout(actor: Actor, input: z.infer<typeof PreviewInput>) {
  authorize(actor, 'mutualaid:view');
  return computePayout(input.formula, input.facts, { thisYearFen: input.usedThisYearFen, lifetimeFen: input.usedLifetimeFen });
}
