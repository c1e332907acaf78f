/**
 * 疗休养 use cases: batches, nominations and applications scored by the policy, the ranking with
 * its explanation, the public notice and its objections, confirmation into sign-ups, withdrawal
 * with 递补, the selected's second form and the subsidy ledger.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { contains, reachOf, scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { notify } from '../messages/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { protectPhone } from '../people/index.ts';
import { getEffectivePolicies } from '../policies/index.ts';
import { maskName } from '../hardship/hardship.contract.ts';
import * as events from './events.repository.ts';
import * as repo from './recuperation.repository.ts';
import { compareApplicants, scoreApplicant } from './recuperation.score.ts';
import {
  APPLICATION_STATUS_LABELS,
  SCORING_DEFAULTS,
  TIE_BREAK,
  type BatchView,
  type CreateBatchInput,
  type RankedApplicant,
  type ScoringWeights,
  type SecondFormInput,
} from './recuperation.contract.ts';

export interface RecuperationDeps {
  db: Db;
  cipher: FieldCipher;
}

registerConstraintMessage('recuperation_applications_person_key', 'personId', '该职工已在本批次的名单中，一人一批次只能推荐或申请一次');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** A worker as the audit log names them (职工 138****5678), in the union of their record. */
function workerAuditActor(w: WorkerActor, org: { id: number; path: string }): Actor {
  return { accountId: null, username: `职工 ${w.phoneMasked}`, orgId: org.id, orgPath: org.path, roles: [], permissions: new Set(), sessionId: null, ip: w.ip };
}

/** The scoring weights, limits and notice days in force at the organiser on a day; a union's unset value falls back to the stated default. */
export async function weightsAt(db: DbOrTx, org: { path: string }, day: string): Promise<ScoringWeights> {
  const set = await getEffectivePolicies(db, org, day);
  const w = { ...SCORING_DEFAULTS } as ScoringWeights;
  for (const key of Object.keys(w) as (keyof ScoringWeights)[]) {
    const v = set.get(key);
    if (v !== undefined) w[key] = v;
  }
  return w;
}

function presentBatch(b: repo.BatchRow): BatchView {
  return {
    id: b.id,
    title: b.title,
    orgId: b.org_id,
    orgName: b.org_name,
    year: b.year,
    destination: b.destination,
    startsOn: b.starts_on,
    endsOn: b.ends_on,
    places: b.places,
    taken: b.taken,
    subsidyFen: b.subsidy_fen,
    stage: b.stage,
    noticeStartsOn: b.notice_starts_on,
    noticeEndsOn: b.notice_ends_on,
    applicants: b.applicants,
    canManage: b.manages,
  };
}

async function visibleBatch(db: DbOrTx, actor: Actor, id: number) {
  const b = await repo.batchVisible(db, scopeOf(actor), id);
  if (!b) throw new NotFound('疗休养批次');
  return b;
}

/** The batch, for its organiser (or a union above it): notice, objections, confirmation and ledger are theirs. */
async function managedBatch(db: DbOrTx, actor: Actor, id: number) {
  const b = await visibleBatch(db, actor, id);
  if (!b.manages) throw new Forbidden(`该批次由${b.org_name}组织，公示、异议处理、确认和台账由组织单位办理`);
  return b;
}

/** 疗休养批次 the actor organises, and those organised above it that reach its unions. */
export async function listBatches(db: Db, actor: Actor) {
  authorize(actor, 'events:read');
  return (await repo.listBatches(db, scopeOf(actor))).map(presentBatch);
}

export async function getBatch(db: Db, actor: Actor, id: number) {
  authorize(actor, 'events:read');
  return presentBatch(await visibleBatch(db, actor, id));
}

/** Creates a yearly batch: an event of kind 疗休养 whose capacity is the places, and its batch row; the subsidy defaults to the policy's. */
export async function createBatch(db: Db, actor: Actor, input: CreateBatchInput) {
  authorize(actor, 'events:manage');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  const id = await db.transaction(async (tx) => {
    let subsidyFen = input.subsidyFen ?? null;
    if (subsidyFen === null) {
      const set = await getEffectivePolicies(tx, org, chinaToday());
      const v = set.get('recuperation_subsidy');
      if (v === undefined) throw Invalid.field('subsidyFen', '请填写每人补贴（本单位尚未设置“疗休养补贴”政策参数）');
      subsidyFen = v;
    }
    const eventId = await repo.insertEvent(tx, {
      orgId: org.id,
      kind: 'recuperation',
      title: input.title,
      description: input.description,
      capacity: input.places,
      workerSignup: true,
      status: 'open',
      createdBy: actor.accountId,
    });
    await repo.insertBatch(tx, {
      eventId,
      year: input.year,
      destination: input.destination,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      subsidyFen,
    });
    await recordAudit(tx, actor, {
      action: 'recuperation.create',
      entity: 'recuperation_batch',
      entityId: eventId,
      orgId: org.id,
      summary: `新建疗休养批次「${input.title}」：${input.destination}，${input.places} 个名额，每人补贴 ${(subsidyFen / 100).toFixed(2)} 元`,
      after: { ...input, subsidyFen },
    });
    return eventId;
  });
  return getBatch(db, actor, id);
}

/** Scores and adds one application inside the batch's lock: the stage, the one-per-person rule and the age limit are checked here. */
async function addApplication(
  tx: DbOrTx,
  auditActor: Actor,
  b: repo.BatchRow,
  person: repo.PersonFacts,
  how: { source: 'nominated' | 'applied'; healthDeclared: boolean; createdBy: number | null; workerId: number | null },
) {
  await repo.lockBatch(tx, b.id);
  const fresh = (await repo.batchVisible(tx, reachOf({ path: b.org_path }), b.id))!;
  if (fresh.stage !== 'applying' || fresh.event_status !== 'open')
    throw new Conflict(`「${b.title}」已${fresh.stage === 'applying' ? '停止报名' : '公示'}，不再接受推荐和申请`);
  if (await repo.findApplicationOf(tx, b.id, person.id))
    throw Invalid.field('personId', `${person.name} 已在「${b.title}」的名单中，一人一批次只能推荐或申请一次`);
  const w = await weightsAt(tx, { path: b.org_path }, chinaToday());
  const s = scoreApplicant(factsOf(person, how.healthDeclared), w, b.starts_on);
  if (s.age > w.recuperation_max_age)
    throw Invalid.field('personId', `${person.name} 出发日年满 ${s.age} 周岁，超过疗休养年龄上限 ${w.recuperation_max_age} 周岁，不能推荐或申请`);
  const row = await repo.insertApplication(tx, {
    eventId: b.id,
    personId: person.id,
    orgId: person.org_id,
    source: how.source,
    createdBy: how.createdBy,
    workerId: how.workerId,
    healthDeclared: how.healthDeclared,
    score: s.score,
    serviceYears: s.serviceYears,
    explanation: s.explanation,
    excludedReason: s.excludedReason,
  });
  const nominated = how.source === 'nominated';
  await recordAudit(tx, auditActor, {
    action: nominated ? 'recuperation.nominate' : 'recuperation.apply',
    entity: 'recuperation_application',
    entityId: row.id,
    orgId: person.org_id,
    summary: `${how.source === 'nominated' ? '推荐' : '申请'} ${person.name} 参加疗休养「${b.title}」，得分 ${s.score}${s.excludedReason ? `（不参与排序：${s.excludedReason}）` : ''}`,
  });
  return row.id;
}

const factsOf = (p: repo.PersonFacts, healthDeclared: boolean) => ({
  birthDate: p.birth_date,
  tags: p.tags,
  occupation: p.occupation,
  occupationLabel: p.occupation_label,
  employmentForm: p.employment_form,
  joinedOn: p.joined_on,
  lastTripOn: p.last_trip_on,
  healthDeclared,
});

/** 推荐: a union puts one of its people (in the actor's scope and in the batch's reach) on the batch's list. */
export async function nominate(db: Db, actor: Actor, batchId: number, input: { personId: number; healthDeclared: boolean }) {
  authorize(actor, 'events:manage');
  const b = await visibleBatch(db, actor, batchId);
  const person = await repo.personFacts(db, scopeOf(actor), input.personId, b.id);
  if (!person || !person.org_path.startsWith(b.org_path)) throw new NotFound('职工', 'personId');
  const id = await db.transaction((tx) =>
    addApplication(tx, actor, b, person, { source: 'nominated', healthDeclared: input.healthDeclared, createdBy: actor.accountId, workerId: null }),
  );
  return { id };
}

/** 申请: a registered worker applies from the portal to a batch organised by their union or above. */
export async function applyAsWorker(db: Db, w: WorkerActor & { personId: number }, batchId: number, input: { healthDeclared: boolean }) {
  const [open] = (await repo.openBatchesFor(db, w.personId)).filter((x) => x.id === batchId);
  if (!open) throw new NotFound('疗休养批次');
  const facts = await personAnywhere(db, w.personId, batchId);
  const b = (await repo.batchVisible(db, reachOf({ path: facts.org_path }), batchId))!;
  const id = await db.transaction((tx) =>
    addApplication(tx, workerAuditActor(w, { id: facts.org_id, path: facts.org_path }), b, facts, {
      source: 'applied',
      healthDeclared: input.healthDeclared,
      createdBy: null,
      workerId: w.workerId,
    }),
  );
  return { id };
}

/** A person's facts wherever their union is now (a worker's own record; an applicant who moved since applying). */
async function personAnywhere(db: DbOrTx, personId: number, batchId: number) {
  const p = await repo.personFacts(db, reachOf({ path: (await repo.personOrgPath(db, personId))! }), personId, batchId);
  if (!p) throw new NotFound('职工档案');
  return p;
}

interface Ranked {
  row: repo.ApplicationRow;
  rank: number | null;
}

/** The whole batch ranked by the stated tie-break: the excluded and the withdrawn carry no rank. */
async function rankBatch(db: DbOrTx, b: repo.BatchRow): Promise<Ranked[]> {
  const rows = await repo.applicationsOf(db, b.id, reachOf({ path: b.org_path }));
  const key = (r: repo.ApplicationRow) => ({
    score: r.score,
    serviceYears: r.service_years,
    createdAt: new Date(r.created_at),
    id: r.id,
    excluded: r.excluded_reason !== null || r.status === 'withdrawn',
  });
  rows.sort((x, y) => compareApplicants(key(x), key(y)));
  let n = 0;
  return rows.map((row) => ({ row, rank: key(row).excluded ? null : ++n }));
}

/**
 * Who the ranking puts within the places as it stands (before confirmation): the same walk
 * confirmation makes, each union's allocated places included. After confirmation: the selected.
 */
async function withinPlaces(db: DbOrTx, b: repo.BatchRow, ranked: readonly Ranked[]): Promise<Set<number>> {
  if (b.stage === 'confirmed') return new Set(ranked.filter((r) => r.row.status === 'selected').map((r) => r.row.id));
  const places = new Places({ id: b.id, places: b.places, taken: 0 }, await events.quotasIn(db, b.id, reachOf({ path: b.org_path })));
  return new Set(ranked.filter((r) => r.rank !== null && r.row.status !== 'withdrawn' && places.take(r.row.org_path) !== false).map((r) => r.row.id));
}

function presentApplicant(b: repo.BatchRow, r: repo.ApplicationRow, rank: number | null, within: ReadonlySet<number>): RankedApplicant {
  return {
    id: r.id,
    personId: r.person_id,
    name: r.name,
    orgName: r.org_name,
    source: r.source,
    status: r.status,
    score: r.score,
    serviceYears: r.service_years,
    explanation: r.explanation,
    excludedReason: r.excluded_reason,
    rank,
    withinPlaces: within.has(r.id),
    appliedAt: iso(r.created_at),
    secondFormDone: r.second_form_at !== null,
    emergencyName: r.emergency_name,
    emergencyPhoneMasked: r.emergency_phone_masked,
  };
}

/**
 * The applicants ranked, each with the score explained line by line. While applying the rank is
 * live; from the notice on it is the frozen one. A union below the organiser sees only its own people
 * (with their places in the whole ranking).
 */
export async function ranking(db: Db, actor: Actor, batchId: number) {
  authorize(actor, 'events:read');
  const b = await visibleBatch(db, actor, batchId);
  const scope = scopeOf(actor);
  const ranked = b.stage === 'applying' ? await rankBatch(db, b) : await frozen(db, b);
  const within = await withinPlaces(db, b, ranked);
  return { tieBreak: TIE_BREAK, items: ranked.filter((r) => contains(scope, r.row.org_path)).map((r) => presentApplicant(b, r.row, r.rank, within)) };
}

async function frozen(db: DbOrTx, b: repo.BatchRow): Promise<Ranked[]> {
  const rows = await repo.applicationsOf(db, b.id, reachOf({ path: b.org_path }));
  rows.sort((x, y) => (x.rank ?? 1e9) - (y.rank ?? 1e9) || x.id - y.id);
  return rows.map((row) => ({ row, rank: row.status === 'withdrawn' ? null : row.rank }));
}

/**
 * 公示: scores every application again on the policy in force today, freezes the ranking and opens
 * the notice for the policy's number of days (today counts as the first); applications close.
 */
export async function publishNotice(db: Db, actor: Actor, batchId: number) {
  authorize(actor, 'events:manage');
  const b = await managedBatch(db, actor, batchId);
  await db.transaction(async (tx) => {
    await repo.lockBatch(tx, b.id);
    const fresh = (await repo.batchVisible(tx, scopeOf(actor), b.id))!;
    if (fresh.stage !== 'applying') throw new Conflict(`「${b.title}」已经公示，不能再次公示`);
    const today = chinaToday();
    const w = await weightsAt(tx, { path: b.org_path }, today);
    const rows = await repo.applicationsOf(tx, b.id, reachOf({ path: b.org_path }));
    if (!rows.some((r) => r.status !== 'withdrawn')) throw new Conflict(`「${b.title}」还没有推荐或申请的人员，不能公示`);
    for (const r of rows) {
      if (r.status === 'withdrawn') continue;
      const p = await personAnywhere(tx, r.person_id, b.id);
      const s = scoreApplicant(factsOf(p, r.health_declared), w, b.starts_on);
      await repo.updateApplication(tx, r.id, { score: s.score, serviceYears: s.serviceYears, explanation: s.explanation, excludedReason: s.excludedReason });
    }
    for (const { row, rank } of await rankBatch(tx, fresh)) await repo.updateApplication(tx, row.id, { rank });
    const ends = addDays(today, w.recuperation_notice_days - 1);
    await repo.updateBatch(tx, b.id, { stage: 'noticed', noticeStartsOn: today, noticeEndsOn: ends, noticedBy: actor.accountId });
    await repo.setEventStatus(tx, b.id, 'closed');
    await recordAudit(tx, actor, {
      action: 'recuperation.notice',
      entity: 'recuperation_batch',
      entityId: b.id,
      orgId: b.org_id,
      summary: `「${b.title}」拟入选名单公示 ${today} 至 ${ends}（${w.recuperation_notice_days} 天）`,
    });
  });
  return getBatch(db, actor, batchId);
}

/** 公示名单: the provisional selection in rank order, surnames only (王**), with the notice period. */
export async function noticeOf(db: Db, actor: Actor, batchId: number) {
  authorize(actor, 'events:read');
  const b = await visibleBatch(db, actor, batchId);
  if (b.stage === 'applying') throw new Conflict(`「${b.title}」尚未公示`);
  const ranked = await frozen(db, b);
  const within = await withinPlaces(db, b, ranked);
  const rows = ranked.filter((r) => r.rank !== null && within.has(r.row.id));
  return {
    title: `${b.title}拟入选名单公示`,
    unionName: b.org_name,
    noticeStartsOn: b.notice_starts_on!,
    noticeEndsOn: b.notice_ends_on!,
    places: b.places,
    tieBreak: TIE_BREAK,
    rows: rows.map((r) => ({ rank: r.rank!, maskedName: maskName(r.row.name), orgName: r.row.org_name, score: r.row.score })),
  };
}

export async function listObjections(db: Db, actor: Actor, batchId: number) {
  authorize(actor, 'events:read');
  const b = await managedBatch(db, actor, batchId);
  return (await repo.objectionsOf(db, b.id)).map((o) => ({
    id: o.id,
    applicationId: o.application_id,
    name: o.name,
    text: o.text,
    recordedAt: iso(o.recorded_at),
    outcome: o.outcome,
    resolution: o.resolution,
    resolvedAt: o.resolved_at === null ? null : iso(o.resolved_at),
  }));
}

/** 异议: recorded against one applicant while the notice lasts. */
export async function recordObjection(db: Db, actor: Actor, batchId: number, input: { applicationId: number; text: string }) {
  authorize(actor, 'events:manage');
  const b = await managedBatch(db, actor, batchId);
  if (b.stage !== 'noticed') throw new Conflict(b.stage === 'applying' ? `「${b.title}」尚未公示，不受理异议` : `「${b.title}」已确认入选名单，不再受理异议`);
  if (chinaToday() > b.notice_ends_on!) throw new Conflict(`公示期已于 ${b.notice_ends_on} 结束，不再受理异议`);
  const a = await repo.applicationInBatch(db, b.id, reachOf({ path: b.org_path }), input.applicationId);
  if (!a) throw new NotFound('被异议人员', 'applicationId');
  return db.transaction(async (tx) => {
    const id = await repo.insertObjection(tx, { eventId: b.id, applicationId: a.id, text: input.text, recordedBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'recuperation.objection',
      entity: 'recuperation_objection',
      entityId: id,
      orgId: b.org_id,
      summary: `登记对 ${a.name}（疗休养「${b.title}」）的异议：${input.text}`,
    });
    return { id };
  });
}

/** Resolves an objection with a reason; an upheld one takes the applicant out of the ranking and the ranks below move up. */
export async function resolveObjection(db: Db, actor: Actor, batchId: number, objectionId: number, input: { outcome: 'upheld' | 'dismissed'; reason: string }) {
  authorize(actor, 'events:manage');
  const b = await managedBatch(db, actor, batchId);
  await db.transaction(async (tx) => {
    await repo.lockBatch(tx, b.id);
    const [o] = await repo.objectionsOf(tx, b.id, objectionId);
    if (!o) throw new NotFound('异议');
    if (o.outcome) throw new Conflict('该异议已处理，不能重复处理');
    const fresh = (await repo.batchVisible(tx, scopeOf(actor), b.id))!;
    if (fresh.stage !== 'noticed') throw new Conflict(`「${b.title}」已确认入选名单，异议不能再改变名单`);
    await repo.resolveObjection(tx, o.id, { outcome: input.outcome, resolution: input.reason, resolvedBy: actor.accountId, resolvedAt: new Date() });
    if (input.outcome === 'upheld') {
      await repo.updateApplication(tx, o.application_id, { excludedReason: `异议成立：${input.reason}`, rank: null });
      let n = 0;
      for (const r of await frozen(tx, fresh)) {
        if (r.row.id === o.application_id || r.rank === null) continue;
        await repo.updateApplication(tx, r.row.id, { rank: ++n });
      }
    }
    await recordAudit(tx, actor, {
      action: 'recuperation.objection_resolve',
      entity: 'recuperation_objection',
      entityId: o.id,
      orgId: b.org_id,
      summary: `对 ${o.name} 的异议${input.outcome === 'upheld' ? '成立，移出排名' : '不成立'}：${input.reason}`,
    });
  });
  return listObjections(db, actor, batchId);
}

/** Gives one ranked applicant their place: a confirmed sign-up from the selection, a grant line in the ledger, a portal message. */
async function select(tx: DbOrTx, actor: Actor, b: repo.BatchRow, a: repo.ApplicationRow, pulledUp: boolean, quotaOrgId: number | null) {
  const signupId = await repo.insertSignup(tx, {
    eventId: b.id,
    personId: a.person_id,
    orgId: a.org_id,
    orgPath: a.org_path,
    quotaOrgId,
    status: 'confirmed',
    source: 'selection',
    createdBy: actor.accountId,
    workerId: a.worker_id,
  });
  await repo.updateApplication(tx, a.id, { status: 'selected', signupId });
  await repo.insertSubsidy(tx, { eventId: b.id, applicationId: a.id, kind: 'grant', amountFen: b.subsidy_fen, createdBy: actor.accountId });
  const hasPortal = (await personAnywhere(tx, a.person_id, b.id)).worker_id !== null;
  if (hasPortal)
    await notify(tx, {
      to: { personId: a.person_id },
      kind: 'events.recuperation_selected',
      title: pulledUp ? '疗休养递补入选' : '疗休养入选通知',
      body: `您已${pulledUp ? '递补' : ''}入选「${b.title}」（${b.destination}，${b.starts_on} 至 ${b.ends_on}），请在职工端填写紧急联系人和行前健康声明。`,
      link: '/events/recuperation',
      sms: true,
      dedupeKey: `recuperation.selected:${a.id}`,
    });
}

/**
 * The batch's places as the ranking takes them, the way a sign-up takes an event's place: from the
 * row of places allocated to the applicant's nearest union that has one (its own places, less what
 * it passed down), else from the batch's places not allocated to anyone; never more than the batch
 * holds. `write` stores what was taken (events.taken and the rows' taken, whose check constraints
 * stand behind the count).
 */
class Places {
  private left: number;
  private readonly taken = new Map<number, number>();
  private total = 0;
  constructor(
    private readonly batch: { id: number; places: number; taken: number },
    private readonly rows: readonly events.QuotaRow[],
  ) {
    this.left = batch.places - batch.taken;
  }

  /** The row a place was taken from (null: the batch's own), or false when none is left for this union. */
  take(orgPath: string): number | null | false {
    if (this.left <= 0) return false;
    const row = this.rows.filter((q) => orgPath.startsWith(q.org_path)).sort((x, y) => y.org_path.length - x.org_path.length)[0];
    if (row) {
      const used = row.taken + row.child_places + (this.taken.get(row.org_id) ?? 0);
      if (used >= row.places) return false;
      this.taken.set(row.org_id, (this.taken.get(row.org_id) ?? 0) + 1);
    }
    this.left -= 1;
    this.total += 1;
    return row ? row.org_id : null;
  }

  /** Stores what was taken since the last write. */
  async write(tx: DbOrTx) {
    if (this.total) await repo.addTaken(tx, this.batch.id, this.total);
    for (const [orgId, n] of this.taken) await repo.addQuotaTaken(tx, this.batch.id, orgId, n);
    this.total = 0;
    this.taken.clear();
  }
}

/**
 * 确认入选: after the notice period and with every objection resolved, the top of the ranking by
 * places become confirmed sign-ups (events.taken raised in the same transaction, the database
 * refusing more than the capacity); the rest wait as reserves in rank order.
 */
export async function confirmSelection(db: Db, actor: Actor, batchId: number) {
  authorize(actor, 'events:manage');
  const b = await managedBatch(db, actor, batchId);
  return db.transaction(async (tx) => {
    await repo.lockBatch(tx, b.id);
    const fresh = (await repo.batchVisible(tx, scopeOf(actor), b.id))!;
    if (fresh.stage === 'applying') throw new Conflict(`「${b.title}」尚未公示，公示期满后方可确认入选名单`);
    if (fresh.stage === 'confirmed') throw new Conflict(`「${b.title}」的入选名单已经确认`);
    if (chinaToday() <= fresh.notice_ends_on!) throw new Conflict(`公示期至 ${fresh.notice_ends_on} 结束，公示期满后方可确认入选名单`);
    const open = await repo.countOpenObjections(tx, b.id);
    if (open) throw new Conflict(`还有 ${open} 条异议未处理，处理后方可确认入选名单`);
    const ranked = (await frozen(tx, fresh)).filter((r) => r.rank !== null && r.row.status === 'pending');
    const places = new Places({ id: b.id, places: fresh.places, taken: fresh.taken }, await events.quotasIn(tx, b.id, reachOf({ path: b.org_path })));
    const chosen: { row: repo.ApplicationRow; quotaOrgId: number | null }[] = [];
    for (const r of ranked) {
      const took = places.take(r.row.org_path);
      if (took === false) await repo.updateApplication(tx, r.row.id, { status: 'reserve' });
      else chosen.push({ row: r.row, quotaOrgId: took });
    }
    for (const c of chosen) await select(tx, actor, fresh, c.row, false, c.quotaOrgId);
    await places.write(tx);
    await repo.updateBatch(tx, b.id, { stage: 'confirmed', confirmedAt: new Date(), confirmedBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'recuperation.confirm',
      entity: 'recuperation_batch',
      entityId: b.id,
      orgId: b.org_id,
      summary: `确认「${b.title}」入选名单：入选 ${chosen.length} 人，候补 ${ranked.length - chosen.length} 人`,
      after: { selected: chosen.map((r) => r.row.id) },
    });
    return { selected: chosen.length, reserve: ranked.length - chosen.length };
  });
}

/**
 * 退出: an applicant leaves the batch. After confirmation their sign-up is cancelled, the subsidy
 * reversed, and the first reserve in rank takes the place in the same transaction (and is told).
 */
export async function withdraw(db: Db, actor: Actor, batchId: number, applicationId: number, reason: string) {
  authorize(actor, 'events:manage');
  const b = await visibleBatch(db, actor, batchId);
  return db.transaction(async (tx) => {
    await repo.lockBatch(tx, b.id);
    const a = await repo.applicationInBatch(tx, b.id, scopeOf(actor), applicationId, true);
    if (!a) throw new NotFound('疗休养申请');
    if (a.status === 'withdrawn') throw new Conflict(`${a.name} 已退出，不能重复退出`);
    const fresh = (await repo.batchVisible(tx, reachOf({ path: b.org_path }), b.id))!;
    await repo.updateApplication(tx, a.id, { status: 'withdrawn', withdrawnAt: new Date(), withdrawReason: reason });
    let pulledUp: { id: number; name: string } | null = null;
    if (a.status === 'selected') {
      await repo.cancelSignup(tx, a.signup_id!, `退出疗休养：${reason}`);
      await repo.addTaken(tx, b.id, -1);
      await repo.insertSubsidy(tx, { eventId: b.id, applicationId: a.id, kind: 'reversal', amountFen: -fresh.subsidy_fen, createdBy: actor.accountId });
      const freed = await repo.quotaOfSignup(tx, a.signup_id!);
      if (freed !== null) await repo.addQuotaTaken(tx, b.id, freed, -1);
      // The first reserve in rank whose union still has a place: the freed one, or one left unused elsewhere.
      const places = new Places({ id: b.id, places: fresh.places, taken: fresh.taken - 1 }, await events.quotasIn(tx, b.id, reachOf({ path: b.org_path })));
      for (const next of await repo.reservesInRank(tx, b.id)) {
        const took = places.take(next.org_path);
        if (took === false) continue;
        await select(tx, actor, fresh, next, true, took);
        await places.write(tx);
        pulledUp = { id: next.id, name: next.name };
        break;
      }
    }
    await recordAudit(tx, actor, {
      action: 'recuperation.withdraw',
      entity: 'recuperation_application',
      entityId: a.id,
      orgId: a.org_id,
      summary: `${a.name} 退出疗休养「${b.title}」：${reason}${pulledUp ? `；${pulledUp.name} 递补入选` : ''}`,
    });
    return { withdrawn: a.id, pulledUp };
  });
}

/** 行前信息: only the selected fill it in — emergency contact (phone encrypted like every phone) and the health declaration. */
async function saveSecondForm(
  tx: DbOrTx,
  cipher: FieldCipher,
  auditActor: Actor,
  a: { id: number; status: string; name: string; org_id: number },
  input: SecondFormInput,
) {
  if (a.status !== 'selected')
    throw new Conflict(
      `${a.name} ${a.status === 'withdrawn' ? '已退出' : `目前为“${APPLICATION_STATUS_LABELS[a.status as 'pending']}”`}，入选后才能填写行前信息（紧急联系人、健康声明）`,
    );
  const phone = protectPhone(cipher, input.emergencyPhone);
  if ('problem' in phone) throw Invalid.field('emergencyPhone', `紧急联系人电话：${phone.problem}`);
  await repo.updateApplication(tx, a.id, {
    emergencyName: input.emergencyName,
    emergencyPhoneEnc: phone.phoneEnc,
    emergencyPhoneMasked: phone.phoneMasked,
    tripHealthDeclared: true,
    secondFormAt: new Date(),
  });
  await recordAudit(tx, auditActor, {
    action: 'recuperation.second_form',
    entity: 'recuperation_application',
    entityId: a.id,
    orgId: a.org_id,
    summary: `${a.name} 的疗休养行前信息：紧急联系人 ${input.emergencyName}（${phone.phoneMasked}），已确认健康声明`,
  });
}

export async function secondFormByStaff(deps: RecuperationDeps, actor: Actor, batchId: number, applicationId: number, input: SecondFormInput) {
  authorize(actor, 'events:manage');
  const b = await visibleBatch(deps.db, actor, batchId);
  await deps.db.transaction(async (tx) => {
    const a = await repo.applicationInBatch(tx, b.id, scopeOf(actor), applicationId, true);
    if (!a) throw new NotFound('疗休养申请');
    await saveSecondForm(tx, deps.cipher, actor, a, input);
  });
  return { ok: true as const };
}

export async function secondFormByWorker(deps: RecuperationDeps, w: WorkerActor & { personId: number }, applicationId: number, input: SecondFormInput) {
  await deps.db.transaction(async (tx) => {
    const own = await repo.applicationOfPerson(tx, w.personId, applicationId);
    if (!own) throw new NotFound('疗休养申请');
    const p = await personAnywhere(tx, w.personId, own.event_id);
    await saveSecondForm(tx, deps.cipher, workerAuditActor(w, { id: p.org_id, path: p.org_path }), { ...own, name: p.name, org_id: p.org_id }, input);
  });
  return { ok: true as const };
}

/** The worker's open batches and their own applications with the score explained. */
export async function workerBatches(db: Db, w: WorkerActor & { personId: number }) {
  return (await repo.openBatchesFor(db, w.personId)).map((b) => ({
    id: b.id,
    title: b.title,
    orgName: b.org_name,
    destination: b.destination,
    startsOn: b.starts_on,
    endsOn: b.ends_on,
    places: b.places,
    subsidyFen: b.subsidy_fen,
    applied: b.applied,
  }));
}

export async function workerApplications(db: Db, w: WorkerActor & { personId: number }) {
  return (await repo.applicationsOfPerson(db, w.personId)).map((a) => ({
    id: a.id,
    batchId: a.batch_id,
    title: a.title,
    destination: a.destination,
    startsOn: a.starts_on,
    endsOn: a.ends_on,
    stage: a.stage,
    status: a.status,
    score: a.score,
    explanation: a.explanation,
    excludedReason: a.excluded_reason,
    rank: a.stage === 'applying' ? null : a.rank,
    secondFormDone: a.second_form_at !== null,
  }));
}

/** 补贴台账: every line of the batch (grants and reversals), for its organiser. */
export async function ledger(db: Db, actor: Actor, batchId: number) {
  authorize(actor, 'events:read');
  const b = await managedBatch(db, actor, batchId);
  const lines = await repo.ledgerOf(db, b.id);
  return { batch: b, lines };
}
