/**
 * 适老化改造 (一户一策): programmes with a budget; plans for model workers through 入户评估 → 方案设计 →
 * 审批 → 施工 → 验收 → 审计结算. Money is committed on the programme when a plan or a change is
 * approved, under the programme's row lock in the same transaction (committed + new ≤ budget; a
 * check beneath); a plan's actual cost never passes what was approved (a check beneath); the
 * approver is never the planner nor a change's requester (四眼原则, checks beneath).
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { yuan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { findPersonInScope } from '../people/index.ts';
import * as repo from './retrofits.repository.ts';
import {
  ITEM_KIND_LABELS,
  ITEM_KINDS,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS_PER_PLAN,
  MODEL_WORKER_TAG,
  PHOTO_KIND_LABELS,
  STAGE_LABELS,
  STAGES,
  type AcceptInput,
  type AssessmentInput,
  type BuildInput,
  type CancelInput,
  type ChangeInput,
  type ItemsInput,
  type ListPlansQuery,
  type PhotoKind,
  type PlanInput,
  type PlanPage,
  type PlanSummary,
  type PlanView,
  type ProgrammeInput,
  type ProgrammeList,
  type ProgrammeView,
  type ProgressInput,
  type ReviewInput,
  type SettleInput,
  type Stage,
  type StatsQuery,
  type StatsView,
} from './retrofits.contract.ts';

export const FOUR_EYES = {
  approve: '改造方案须由设计人以外的人审批（四眼原则）',
  change: '费用变更须由申请人以外的人审批（四眼原则）',
  settle: '审计结算须由设计人以外的人进行（四眼原则）',
};

registerConstraintMessage('retrofit_programmes_name_key', 'name', '本工会这一年度已有同名的改造项目');
registerConstraintMessage('retrofit_plans_open_key', 'personId', '这位劳模已有一个未结算的改造方案（一户一策）');
registerConstraintMessage('retrofit_plans_four_eyes_check', 'approve', FOUR_EYES.approve);
registerConstraintMessage('retrofit_changes_four_eyes_check', 'approve', FOUR_EYES.change);
registerConstraintMessage('retrofit_plans_cost_check', 'actualFen', '实际费用超出已批准的预算，须先申请费用变更并经审批');
registerConstraintMessage('retrofit_programmes_budget_check', 'budgetFen', '改造项目预算不足');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const stageName = (s: Stage) => STAGE_LABELS[s];

/** Refuses a step in the wrong stage, naming the stage it is in. */
function expectStage(plan: { stage: Stage }, allowed: readonly Stage[], what: string) {
  if (!allowed.includes(plan.stage)) throw new Conflict(`方案处于「${stageName(plan.stage)}」阶段，不能${what}`);
}

// ---- programmes ----

function presentProgramme(g: repo.ProgrammeRow): ProgrammeView {
  const byStage: Record<string, number> = {};
  for (const s of STAGES) byStage[s] = g.by_stage?.[s] ?? 0;
  return {
    id: g.id,
    name: g.name,
    year: g.year,
    org: { id: g.org_id, name: g.org_name },
    budgetFen: Number(g.budget_fen),
    committedFen: Number(g.committed_fen),
    spentFen: Number(g.spent_fen),
    funds: g.funds ?? [],
    plans: g.plans,
    byStage,
    status: g.status,
  };
}

export async function listProgrammes(db: Db, actor: Actor): Promise<ProgrammeList> {
  authorize(actor, 'retrofits:view');
  return { items: (await repo.listProgrammes(db, scopeOf(actor))).map(presentProgramme) };
}

export async function getProgramme(db: DbOrTx, actor: Actor, id: number): Promise<ProgrammeView> {
  authorize(actor, 'retrofits:view');
  const g = await repo.programmeInScope(db, scopeOf(actor), id);
  if (!g) throw new NotFound('改造项目', 'programmeId');
  return presentProgramme(g);
}

export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput): Promise<ProgrammeView> {
  authorize(actor, 'retrofits:manage');
  const id = await db.transaction(async (tx) => {
    const org = await repo.orgInScope(tx, scopeOf(actor), input.orgId);
    if (!org) throw new NotFound('实施工会', 'orgId');
    if (org.status !== 'active') throw Invalid.field('orgId', `「${org.name}」已撤销或合并`);
    const id = await repo.insertProgramme(tx, {
      name: input.name,
      year: input.year,
      orgId: org.id,
      orgPath: org.path,
      budgetFen: input.budgetFen,
      funds: input.funds,
      createdBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'retrofit.programme',
      entity: 'retrofit_programme',
      entityId: id,
      orgId: org.id,
      summary: `新建适老化改造项目「${input.name}」，预算 ${yuan(input.budgetFen)} 元`,
      after: input,
    });
    return id;
  });
  return getProgramme(db, actor, id);
}

/**
 * Commits `amountFen` more of the programme's budget, in the caller's transaction, under the
 * programme's row lock: two commitments at once take turns, the second sees the first's.
 */
async function commitBudget(tx: DbOrTx, programmeId: number, amountFen: number, field: string) {
  const g = await repo.lockProgramme(tx, programmeId);
  if (g.status !== 'open') throw Invalid.field(field, `改造项目「${g.name}」已结束，不能再安排资金`);
  const left = Number(g.budget_fen) - Number(g.committed_fen);
  if (amountFen > left)
    throw Invalid.field(
      field,
      `改造项目「${g.name}」预算不足：本次需 ${yuan(amountFen)} 元，项目剩余可用 ${yuan(left)} 元（预算 ${yuan(Number(g.budget_fen))} 元）`,
    );
  await repo.commit(tx, programmeId, amountFen);
}

// ---- plans ----

function presentSummary(p: repo.PlanRow): PlanSummary {
  return {
    id: p.id,
    programme: { id: p.programme_id, name: p.programme_name },
    person: { id: p.person_id, name: p.person_name },
    org: { id: p.org_id, name: p.org_name },
    stage: p.stage,
    budgetFen: Number(p.budget_fen),
    approvedFen: Number(p.approved_fen),
    actualFen: Number(p.actual_fen),
    items: p.items,
    itemsDone: p.items_done,
    progress: p.items ? Math.round((p.items_done / p.items) * 100) : 0,
    contractor: p.contractor,
    updatedAt: iso(p.updated_at),
  };
}

export async function listPlans(db: Db, actor: Actor, q: ListPlansQuery): Promise<PlanPage> {
  authorize(actor, 'retrofits:view');
  const { rows, total } = await repo.listPlans(db, scopeOf(actor), q);
  return { items: rows.map(presentSummary), total, page: q.page, pageSize: q.pageSize };
}

/** Why the four-eyes rule keeps this actor from approving or settling this plan, or null. */
function fourEyesRefusal(actor: Actor, plannedBy: number | null): string | null {
  return plannedBy !== null && plannedBy === actor.accountId ? FOUR_EYES.approve : null;
}

export async function getPlan(db: DbOrTx, actor: Actor, id: number): Promise<PlanView> {
  authorize(actor, 'retrofits:view');
  const scope = scopeOf(actor);
  const p = await repo.planInScope(db, scope, id);
  if (!p) throw new NotFound('改造方案');
  const [d, items, photos, changes, programme] = await Promise.all([
    repo.planDetail(db, id),
    repo.itemsOf(db, id),
    repo.photosOf(db, id),
    repo.changesOf(db, id),
    repo.programmeBudget(db, p.programme_id),
  ]);
  const manage = can(actor, 'retrofits:manage');
  const approver = can(actor, 'retrofits:approve');
  const planner = approver && fourEyesRefusal(actor, d.planned_by) !== null;
  const fourEyes = planner && p.stage === 'review' ? FOUR_EYES.approve : planner && p.stage === 'accepted' ? FOUR_EYES.settle : null;
  const at = (...stages: Stage[]) => stages.includes(p.stage);
  return {
    ...presentSummary(p),
    assessment: d.assessed_on ? { assessedOn: d.assessed_on, findings: d.findings ?? '', livesAlone: d.lives_alone ?? false, by: d.assessed_by_name } : null,
    itemList: items.map((i) => ({
      id: i.id,
      kind: i.kind,
      name: i.name,
      budgetFen: Number(i.budget_fen),
      actualFen: i.actual_fen === null ? null : Number(i.actual_fen),
      done: i.done,
      note: i.note,
    })),
    photos: photos.map((f) => ({ id: f.id, kind: f.kind, filename: f.filename, mime: f.mime, size: f.size, at: iso(f.at) })),
    changes: changes.map((c) => ({
      id: c.id,
      amountFen: Number(c.amount_fen),
      reason: c.reason,
      status: c.status,
      requestedBy: c.requested_by_name,
      reviewedBy: c.reviewed_by_name,
      at: iso(c.at),
      can: { review: c.status === 'pending' && approver && p.stage === 'building' && c.requested_by !== actor.accountId },
    })),
    plannedBy: d.planned_by_name,
    approvedBy: d.approved_by_name,
    reviewNote: d.review_note,
    startedOn: d.started_on,
    acceptedOn: d.accepted_on,
    acceptanceNote: d.acceptance_note,
    settledOn: d.settled_on,
    settlementNote: d.settlement_note,
    cancelReason: d.cancel_reason,
    // Only a programme the actor's subtree runs: another union's budget moves with others' plans.
    programmeLeftFen: programme && contains(scope, programme.org_path) ? Number(programme.budget_fen) - Number(programme.committed_fen) : null,
    can: {
      assess: manage && at('survey', 'design'),
      design: manage && at('design'),
      submit: manage && at('design') && items.length > 0,
      approve: approver && at('review') && !fourEyes,
      build: manage && at('approved'),
      progress: manage && at('building'),
      change: manage && at('building'),
      accept: manage && at('building'),
      settle: approver && at('accepted') && !fourEyes,
      cancel: manage && at('survey', 'design', 'review', 'approved', 'building'),
      photo: manage && at('survey', 'design', 'review', 'approved', 'building'),
    },
    fourEyes,
  };
}

/** Opens a plan for a model worker of the caller's subtree, in a programme that reaches them. */
export async function createPlan(db: Db, actor: Actor, input: PlanInput): Promise<PlanView> {
  authorize(actor, 'retrofits:manage');
  const scope = scopeOf(actor);
  const id = await db.transaction(async (tx) => {
    const g = await repo.programmeInScope(tx, scope, input.programmeId);
    if (!g) throw new NotFound('改造项目', 'programmeId');
    if (g.status !== 'open') throw Invalid.field('programmeId', `改造项目「${g.name}」已结束`);
    const person = await findPersonInScope(tx, actor, input.personId);
    if (!person) throw new NotFound('职工', 'personId');
    if (!person.tags.includes(MODEL_WORKER_TAG))
      throw Invalid.field('personId', `${person.name}不是劳模（职工档案未标记“${MODEL_WORKER_TAG}”），不能列入适老化改造`);
    if (!person.orgPath.startsWith(g.org_path)) throw Invalid.field('personId', `${person.name}不在「${g.org_name}」的范围内，不能列入改造项目「${g.name}」`);
    const open = await repo.openPlanOf(tx, person.id);
    if (open) throw Invalid.field('personId', `${person.name}已有一个未结算的改造方案（${open.programme}），一户一策`);
    const id = await repo.insertPlan(tx, {
      programmeId: g.id,
      personId: person.id,
      orgId: person.orgId,
      orgPath: person.orgPath,
      createdBy: actor.accountId,
    });
    if (!id) throw Invalid.field('personId', `${person.name}已有一个未结算的改造方案，一户一策`);
    await recordAudit(tx, actor, {
      action: 'retrofit.plan',
      entity: 'retrofit_plan',
      entityId: id,
      orgId: person.orgId,
      summary: `将劳模 ${person.name} 列入适老化改造项目「${g.name}」`,
    });
    return id;
  });
  return getPlan(db, actor, id);
}

/** Runs `step` on the plan under its row lock, with an audit entry; answers the plan as it is after. */
async function onPlan(
  db: Db,
  actor: Actor,
  id: number,
  action: string,
  step: (tx: DbOrTx, plan: NonNullable<Awaited<ReturnType<typeof repo.lockPlan>>>) => Promise<string>,
) {
  await db.transaction(async (tx) => {
    const plan = await repo.lockPlan(tx, scopeOf(actor), id);
    if (!plan) throw new NotFound('改造方案');
    const summary = await step(tx, plan);
    await recordAudit(tx, actor, { action, entity: 'retrofit_plan', entityId: id, orgId: plan.org_id, summary });
  });
  return getPlan(db, actor, id);
}

export async function assess(db: Db, actor: Actor, id: number, input: AssessmentInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.assess', async (tx, plan) => {
    expectStage(plan, ['survey', 'design'], '登记入户评估');
    await repo.updatePlan(tx, id, {
      assessedOn: input.assessedOn,
      findings: input.findings,
      livesAlone: input.livesAlone,
      assessedBy: actor.accountId,
      stage: 'design',
    });
    return `登记入户评估（${input.assessedOn}）`;
  });
}

export async function setItems(db: Db, actor: Actor, id: number, input: ItemsInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.design', async (tx, plan) => {
    expectStage(plan, ['design'], '修改改造项（方案已提交或尚未评估）');
    await repo.replaceItems(
      tx,
      id,
      input.planItems.map((i) => ({
        planId: id,
        kind: i.kind,
        name: i.kind === 'other' ? i.name! : (i.name ?? ITEM_KIND_LABELS[i.kind]),
        budgetFen: i.budgetFen,
        note: i.note ?? null,
      })),
    );
    const total = input.planItems.reduce((s, i) => s + i.budgetFen, 0);
    return `设计改造方案：${input.planItems.length} 项，预算 ${yuan(total)} 元`;
  });
}

export async function submit(db: Db, actor: Actor, id: number) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.submit', async (tx, plan) => {
    expectStage(plan, ['design'], '提交审批');
    const items = await repo.itemsOf(tx, id);
    if (!items.length) throw Invalid.field('items', '方案至少要有一个改造项才能提交审批');
    await repo.updatePlan(tx, id, { stage: 'review', plannedBy: actor.accountId, reviewNote: null });
    return '提交改造方案审批';
  });
}

/** 审批: by someone other than the planner; approval commits the plan's budget on the programme. */
export async function review(db: Db, actor: Actor, id: number, input: ReviewInput) {
  authorize(actor, 'retrofits:approve');
  return onPlan(db, actor, id, input.approve ? 'retrofit.approve' : 'retrofit.return', async (tx, plan) => {
    expectStage(plan, ['review'], '审批');
    const refusal = fourEyesRefusal(actor, plan.planned_by);
    if (refusal) throw Invalid.field('approve', refusal);
    if (!input.approve) {
      await repo.updatePlan(tx, id, { stage: 'design', reviewNote: input.note ?? null });
      return `退回改造方案：${input.note ?? ''}`;
    }
    const total = (await repo.itemsOf(tx, id)).reduce((s, i) => s + Number(i.budget_fen), 0);
    await commitBudget(tx, plan.programme_id, total, 'approve');
    await repo.updatePlan(tx, id, { stage: 'approved', approvedBy: actor.accountId, approvedFen: total, reviewNote: input.note ?? null });
    return `批准改造方案，安排资金 ${yuan(total)} 元`;
  });
}

export async function startBuild(db: Db, actor: Actor, id: number, input: BuildInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.build', async (tx, plan) => {
    expectStage(plan, ['approved'], '开工');
    await repo.updatePlan(tx, id, { stage: 'building', contractor: input.contractor, startedOn: input.startedOn });
    return `开工，施工单位「${input.contractor}」`;
  });
}

/** Progress of one item: done or not, and its actual cost; the plan's total cost stays within what was approved. */
export async function recordProgress(db: Db, actor: Actor, id: number, itemId: number, input: ProgressInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.progress', async (tx, plan) => {
    expectStage(plan, ['building'], '登记施工进度');
    const items = await repo.itemsOf(tx, id);
    const item = items.find((i) => i.id === itemId);
    if (!item) throw new NotFound('改造项');
    const others = items.filter((i) => i.id !== itemId).reduce((s, i) => s + Number(i.actual_fen ?? 0), 0);
    const total = others + (input.actualFen ?? 0);
    if (total > Number(plan.approved_fen))
      throw Invalid.field('actualFen', `实际费用合计 ${yuan(total)} 元超出已批准的预算 ${yuan(Number(plan.approved_fen))} 元，须先申请费用变更并经审批`);
    await repo.updateItem(tx, id, itemId, input.done, input.actualFen);
    await repo.sumActual(tx, id);
    return `「${item.name}」${input.done ? '完工' : '施工中'}${input.actualFen !== null ? `，实际费用 ${yuan(input.actualFen)} 元` : ''}`;
  });
}

export async function requestChange(db: Db, actor: Actor, id: number, input: ChangeInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.change', async (tx, plan) => {
    expectStage(plan, ['building'], '申请费用变更');
    await repo.insertChange(tx, { planId: id, amountFen: input.amountFen, reason: input.reason, requestedBy: actor.accountId });
    return `申请费用变更：追加 ${yuan(input.amountFen)} 元（${input.reason}）`;
  });
}

/** 变更审批: by someone other than who asked; approval commits the amount on the programme. */
export async function reviewChange(db: Db, actor: Actor, id: number, changeId: number, input: ReviewInput) {
  authorize(actor, 'retrofits:approve');
  return onPlan(db, actor, id, input.approve ? 'retrofit.change_approve' : 'retrofit.change_reject', async (tx, plan) => {
    expectStage(plan, ['building'], '审批费用变更');
    const change = await repo.lockChange(tx, id, changeId);
    if (!change) throw new NotFound('费用变更');
    if (change.status !== 'pending') throw new Conflict('这项变更已审批过');
    if (change.requested_by !== null && change.requested_by === actor.accountId) throw Invalid.field('approve', FOUR_EYES.change);
    if (!input.approve) {
      await repo.reviewChange(tx, changeId, 'rejected', actor.accountId);
      return `不批准费用变更（追加 ${yuan(Number(change.amount_fen))} 元）`;
    }
    await commitBudget(tx, plan.programme_id, Number(change.amount_fen), 'approve');
    await repo.reviewChange(tx, changeId, 'approved', actor.accountId);
    await repo.updatePlan(tx, id, { approvedFen: Number(plan.approved_fen) + Number(change.amount_fen) });
    return `批准费用变更：追加 ${yuan(Number(change.amount_fen))} 元`;
  });
}

/** 验收: every item done with its actual cost, and the recipient's signature on file. */
export async function accept(db: Db, actor: Actor, id: number, input: AcceptInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.accept', async (tx, plan) => {
    expectStage(plan, ['building'], '验收');
    const items = await repo.itemsOf(tx, id);
    const open = items.filter((i) => !i.done);
    if (open.length) throw Invalid.field('items', `还有 ${open.length} 项未完工（${open.map((i) => i.name).join('、')}），不能验收`);
    const unpriced = items.filter((i) => i.actual_fen === null);
    if (unpriced.length) throw Invalid.field('actualFen', `请先登记实际费用：${unpriced.map((i) => i.name).join('、')}`);
    if (!(await repo.photoCount(tx, id, 'signature'))) throw Invalid.field('signature', '验收须有受益人签字（在签字板上签名，或上传签字验收单的照片）');
    await repo.updatePlan(tx, id, { stage: 'accepted', acceptedOn: input.acceptedOn, acceptanceNote: input.note ?? null, acceptedBy: actor.accountId });
    return `验收通过（${input.acceptedOn}），实际费用 ${yuan(Number(plan.actual_fen))} 元`;
  });
}

/** 审计结算: the programme keeps the actual cost as spent and releases what was approved beyond it. */
export async function settle(db: Db, actor: Actor, id: number, input: SettleInput) {
  authorize(actor, 'retrofits:approve');
  return onPlan(db, actor, id, 'retrofit.settle', async (tx, plan) => {
    expectStage(plan, ['accepted'], '审计结算');
    if (plan.planned_by !== null && plan.planned_by === actor.accountId) throw Invalid.field('settle', FOUR_EYES.settle);
    const actual = Number(plan.actual_fen);
    await repo.lockProgramme(tx, plan.programme_id);
    await repo.commit(tx, plan.programme_id, actual - Number(plan.approved_fen), actual);
    await repo.updatePlan(tx, id, { stage: 'settled', settledOn: input.settledOn, settlementNote: input.note ?? null, settledBy: actor.accountId });
    return `审计结算：实际 ${yuan(actual)} 元，释放预算 ${yuan(Number(plan.approved_fen) - actual)} 元`;
  });
}

export async function cancel(db: Db, actor: Actor, id: number, input: CancelInput) {
  authorize(actor, 'retrofits:manage');
  return onPlan(db, actor, id, 'retrofit.cancel', async (tx, plan) => {
    expectStage(plan, ['survey', 'design', 'review', 'approved', 'building'], '取消');
    if (Number(plan.actual_fen) > 0) throw new Conflict('已有实际费用的方案不能取消，请验收并结算');
    if (Number(plan.approved_fen) > 0) {
      await repo.lockProgramme(tx, plan.programme_id);
      await repo.commit(tx, plan.programme_id, -Number(plan.approved_fen));
    }
    await repo.updatePlan(tx, id, { stage: 'cancelled', cancelReason: input.reason, approvedFen: 0 });
    return `取消改造方案：${input.reason}`;
  });
}

// ---- photos and the signature ----

/** The type of an image by its first bytes (the name and the browser's claim are not trusted). */
export function sniffPhoto(data: Buffer): 'image/jpeg' | 'image/png' | null {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export async function addPhoto(db: Db, actor: Actor, id: number, file: { kind: string; filename: string; data: Buffer }) {
  authorize(actor, 'retrofits:manage');
  // A plan outside the scope is not found, whatever was sent with it.
  if (!(await repo.planInScope(db, scopeOf(actor), id))) throw new NotFound('改造方案');
  const kind = file.kind as PhotoKind;
  if (!(kind in PHOTO_KIND_LABELS)) throw Invalid.field('kind', '请选择有效的照片类别（评估、施工、验收或签字）');
  const mime = sniffPhoto(file.data);
  if (!mime) throw Invalid.field('file', '照片只支持 JPG、PNG 文件');
  if (file.data.length > MAX_PHOTO_BYTES) throw Invalid.field('file', '单张照片不能超过 5 MB');
  return onPlan(db, actor, id, 'retrofit.photo', async (tx, plan) => {
    expectStage(plan, ['survey', 'design', 'review', 'approved', 'building'], '上传照片');
    if ((await repo.photoCount(tx, id)) >= MAX_PHOTOS_PER_PLAN) throw Invalid.field('file', `每个方案最多 ${MAX_PHOTOS_PER_PLAN} 张照片`);
    await repo.insertPhoto(tx, {
      planId: id,
      kind,
      filename: file.filename.slice(0, 120) || `${kind}.png`,
      mime,
      size: file.data.length,
      data: file.data,
      byAccountId: actor.accountId,
    });
    return `上传${PHOTO_KIND_LABELS[kind]}（${Math.ceil(file.data.length / 1024)} KB）`;
  });
}

export async function readPhoto(db: Db, actor: Actor, id: number, photoId: number) {
  authorize(actor, 'retrofits:view');
  const p = await repo.planInScope(db, scopeOf(actor), id);
  if (!p) throw new NotFound('改造方案');
  const photo = await repo.photoData(db, id, photoId);
  if (!photo) throw new NotFound('照片');
  return { ...photo, data: Buffer.from(photo.data) };
}

// ---- statistics ----

export async function stats(db: Db, actor: Actor, q: StatsQuery): Promise<StatsView> {
  authorize(actor, 'retrofits:view');
  const scope = scopeOf(actor);
  if (q.programmeId && !(await repo.programmeInScope(db, scope, q.programmeId))) throw new NotFound('改造项目', 'programmeId');
  const [regions, items, stages] = await Promise.all([
    repo.statsByRegion(db, scope, { id: actor.orgId, path: actor.orgPath }, q.programmeId),
    repo.statsByItem(db, scope, q.programmeId),
    repo.statsByStage(db, scope, q.programmeId),
  ]);
  const done = stages.filter((s) => s.stage === 'accepted' || s.stage === 'settled');
  return {
    byRegion: regions
      .filter((r) => r.plans > 0 || r.org_id !== actor.orgId)
      .map((r) => ({
        org: { id: r.org_id, name: r.org_name },
        plans: r.plans,
        done: r.done,
        approvedFen: Number(r.approved_fen),
        spentFen: Number(r.spent_fen),
      })),
    byItem: ITEM_KINDS.map((kind) => {
      const r = items.find((i) => i.kind === kind);
      return { kind, count: r?.count ?? 0, budgetFen: Number(r?.budget_fen ?? 0), actualFen: Number(r?.actual_fen ?? 0) };
    }),
    byStage: STAGES.map((stage) => ({ stage, count: stages.find((s) => s.stage === stage)?.count ?? 0 })),
    totals: {
      plans: stages.reduce((s, r) => s + r.count, 0),
      households: done.reduce((s, r) => s + r.count, 0),
      spentFen: stages.reduce((s, r) => s + Number(r.spent_fen), 0),
    },
  };
}
