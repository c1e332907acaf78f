/**
 * 夏令营 use cases: children with the guardian's consent (their own permission, every reading of a
 * child's details audited), camps with their rules, applications by staff or by the worker, the
 * seed published before the draw, the draw, its re-run check, withdrawals from the waiting list.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaToday } from '../../shared/dates.ts';
import { maskIdNumber, parseIdNumber } from '../../shared/idcard.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import * as repo from './camps.repository.ts';
import { DRAW_ALGORITHM, runDraw, type DrawEntry } from './camps-draw.contract.ts';
import {
  CAMP_GROUPS,
  GRADE_LABELS,
  type ApplicationRow,
  type ApplyInput,
  type CampGroup,
  type CampInput,
  type CampRow,
  type ChildDetails,
  type ChildInput,
  type ChildRow,
  type ConsentInput,
  type DrawResult,
  type MyChildInput,
  type Reserved,
} from './camps.contract.ts';

export interface CampDeps {
  db: Db;
  cipher: FieldCipher;
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** 王小明 → 王**: a child's name in every list. */
export const maskName = (name: string) => {
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
};

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** seed = hex(SHA-256(the announced text)). */
export const seedOf = (announced: string) => createHash('sha256').update(announced, 'utf8').digest('hex');
/** An application's draw key = hex(HMAC-SHA-256(seed bytes, application number)). */
export const drawKey = (seed: string, no: number) => createHmac('sha256', Buffer.from(seed, 'hex')).update(String(no), 'utf8').digest('hex');

function reservedOf(c: repo.CampDbView): Reserved {
  return {
    hardship: c.reserved_hardship,
    model_worker: c.reserved_model_worker,
    sanitation: c.reserved_sanitation,
    new_form: c.reserved_new_form,
    dual_earner: c.reserved_dual_earner,
  };
}

const phaseOf = (c: repo.CampDbView) => (c.drawn_at ? 'drawn' : c.published_at ? 'published' : 'open');

export function presentCamp(c: repo.CampDbView, manage: boolean): CampRow {
  return {
    id: c.id,
    orgId: c.org_id,
    orgName: c.org_name,
    title: c.title,
    description: c.description,
    place: c.place,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    places: c.places,
    taken: c.taken,
    minAge: c.min_age,
    maxAge: c.max_age,
    minGrade: c.min_grade,
    maxGrade: c.max_grade,
    reserved: reservedOf(c),
    phase: phaseOf(c),
    applications: c.applications,
    seed: c.seed,
    announcedValue: c.announced_value,
    publishedAt: iso(c.published_at),
    drawnAt: iso(c.drawn_at),
    can: { manage },
  };
}

function presentChild(c: repo.ChildDbView): ChildRow {
  return {
    id: c.id,
    guardianPersonId: c.guardianPersonId,
    guardianName: c.guardianName,
    nameMasked: maskName(c.name),
    idMasked: c.idMasked,
    sex: c.sex,
    grade: c.grade,
    birthYear: Number(c.birthDate.slice(0, 4)),
    consentGivenBy: c.consentGivenBy,
    consentGivenOn: c.consentGivenOn,
  };
}

export function presentApplication(a: repo.ApplicationDbView): ApplicationRow {
  return {
    id: a.id,
    no: a.no,
    childId: a.child_id,
    childNameMasked: maskName(a.child_name),
    grade: a.grade,
    age: a.age,
    guardianName: a.guardian_name,
    groups: a.groups,
    status: a.status,
    wonVia: (a.won_via as ApplicationRow['wonVia']) ?? null,
    drawRank: a.draw_rank,
    waitingNo: a.waiting_no,
    source: a.source,
    createdAt: iso(a.created_at)!,
  };
}

async function campInScope(db: DbOrTx, actor: Actor, id: number, opts: { manage?: boolean; lock?: boolean } = {}) {
  const c = await repo.findCamp(db, scopeOf(actor), id, opts);
  if (!c) throw new NotFound('夏令营');
  return c;
}

/** A worker's own writes are audited under their masked phone, in their union. */
function workerAuditActor(w: WorkerActor, org: { id: number; path: string }): Actor {
  return { accountId: null, username: `职工 ${w.phoneMasked}`, orgId: org.id, orgPath: org.path, roles: [], permissions: new Set(), sessionId: null, ip: w.ip };
}

type RegisteredWorker = WorkerActor & { personId: number };

// ---- camps ----

/** 新建夏令营: an `events` row of kind 夏令营 open for applications, its rules and one session. */
export async function createCamp(db: Db, actor: Actor, input: CampInput) {
  authorize(actor, 'events:manage');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  if (input.endsOn < input.startsOn) throw Invalid.field('endsOn', '结营日期不能早于开营日期');
  if (input.maxAge < input.minAge) throw Invalid.field('maxAge', '最大年龄不能小于最小年龄');
  if (input.maxGrade < input.minGrade) throw Invalid.field('maxGrade', '最高年级不能低于最低年级');
  const reservedTotal = CAMP_GROUPS.reduce((s, g) => s + input.reserved[g], 0);
  if (reservedTotal > input.places) throw Invalid.field('reserved', `预留名额合计 ${reservedTotal} 个，超过了总名额 ${input.places} 个`);
  const id = await db.transaction(async (tx) => {
    const eventId = await repo.insertCamp(
      tx,
      { orgId: org.id, title: input.title, description: input.description, places: input.places, createdBy: actor.accountId },
      {
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        place: input.place,
        places: input.places,
        minAge: input.minAge,
        maxAge: input.maxAge,
        minGrade: input.minGrade,
        maxGrade: input.maxGrade,
        reservedHardship: input.reserved.hardship,
        reservedModelWorker: input.reserved.model_worker,
        reservedSanitation: input.reserved.sanitation,
        reservedNewForm: input.reserved.new_form,
        reservedDualEarner: input.reserved.dual_earner,
      },
      { startsAt: new Date(`${input.startsOn}T09:00:00+08:00`), endsAt: new Date(`${input.endsOn}T17:00:00+08:00`), place: input.place },
    );
    await recordAudit(tx, actor, {
      action: 'camps.create',
      entity: 'event',
      entityId: eventId,
      orgId: org.id,
      summary: `新建夏令营「${input.title}」：${input.places} 个名额，${input.minAge}–${input.maxAge} 岁，预留 ${reservedTotal} 个`,
    });
    return eventId;
  });
  return getCamp(db, actor, id);
}

export async function getCamp(db: Db, actor: Actor, id: number) {
  authorize(actor, 'events:read');
  const c = await campInScope(db, actor, id);
  const manage = can(actor, 'events:manage') && !!(await repo.findCamp(db, scopeOf(actor), id, { manage: true }));
  return presentCamp(c, manage);
}

export async function listCamps(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  authorize(actor, 'events:read');
  const scope = scopeOf(actor);
  const { items, total } = await repo.listCamps(db, scope, q.page, q.pageSize);
  const mayManage = can(actor, 'events:manage');
  return { items: items.map((c) => presentCamp(c, mayManage && c.org_path.startsWith(scope.path))), total, page: q.page, pageSize: q.pageSize };
}

// ---- children ----

interface ChildData {
  guardianPersonId: number;
  name: string;
  idNumber: string;
  grade: number;
  consent: ConsentInput;
  channel: 'staff' | 'worker';
  recordedBy: number | null;
  workerId: number | null;
}

async function storeChild(deps: CampDeps, actor: Actor, orgId: number, d: ChildData) {
  const today = chinaToday();
  const parsed = parseIdNumber(d.idNumber, today);
  if (!parsed.ok) throw Invalid.field('idNumber', `子女证件号码：${parsed.message}`);
  if (ageOn(parsed.birthDate, today) >= 18) throw Invalid.field('idNumber', '子女证件号码显示已满 18 周岁，夏令营只面向未成年子女');
  if (d.consent.givenOn > today) throw Invalid.field('consent.givenOn', '同意日期不能晚于今天');
  const bidx = deps.cipher.blindIndex('child_id_number', parsed.number);
  return deps.db.transaction(async (tx) => {
    const existing = await repo.childByIdNumber(tx, parsed.type, bidx);
    if (existing) {
      throw new Conflict(existing.guardian_person_id === d.guardianPersonId ? '该子女已登记，无需重复登记' : '该证件号码的子女已由另一位监护人登记', [
        { field: 'idNumber', message: '该子女已登记' },
      ]);
    }
    const id = await repo.insertChild(tx, {
      guardianPersonId: d.guardianPersonId,
      name: d.name,
      sex: parsed.sex,
      birthDate: parsed.birthDate,
      idType: parsed.type,
      idNumberEnc: deps.cipher.encrypt('child_id_number', parsed.number),
      idNumberBidx: bidx,
      idMasked: maskIdNumber(parsed.number),
      grade: d.grade,
      consentGivenBy: d.consent.givenBy,
      consentRelation: d.consent.relation,
      consentGivenOn: d.consent.givenOn,
      consentPurpose: d.consent.purpose,
      consentChannel: d.channel,
      recordedBy: d.recordedBy,
      workerId: d.workerId,
    });
    await recordAudit(tx, actor, {
      action: 'camps.child.register',
      entity: 'camp_child',
      entityId: id,
      orgId,
      summary: `登记职工子女 ${maskName(d.name)}（${GRADE_LABELS[d.grade]}），监护人同意：${d.consent.givenBy}，${d.consent.givenOn}，用途：${d.consent.purpose}`,
    });
    return id;
  });
}

/** 登记子女 (staff): for a guardian in the actor's scope, with the guardian's written consent recorded. */
export async function registerChild(deps: CampDeps, actor: Actor, input: ChildInput) {
  authorize(actor, 'events:children');
  const guardian = await repo.guardianInScope(deps.db, scopeOf(actor), input.guardianPersonId);
  if (!guardian) throw new NotFound('监护人', 'guardianPersonId');
  const id = await storeChild(deps, actor, guardian.org_id, { ...input, channel: 'staff', recordedBy: actor.accountId, workerId: null });
  const row = await repo.findChild(deps.db, scopeOf(actor), id);
  return presentChild(row!);
}

export async function listChildren(db: Db, actor: Actor, q: { guardianPersonId?: number; page: number; pageSize: number }) {
  authorize(actor, 'events:children');
  const { items, total } = await repo.listChildren(db, scopeOf(actor), q);
  return { items: items.map(presentChild), total, page: q.page, pageSize: q.pageSize };
}

/** A child's full record (name, ID number, birth date, consent) for a stated reason; every reading is an audit entry. */
export async function revealChild(deps: CampDeps, actor: Actor, childId: number, reason: string): Promise<ChildDetails> {
  authorize(actor, 'events:children');
  return deps.db.transaction(async (tx) => {
    const c = await repo.findChild(tx, scopeOf(actor), childId);
    if (!c) throw new NotFound('职工子女');
    await recordAudit(tx, actor, {
      action: 'camps.child.read',
      entity: 'camp_child',
      entityId: childId,
      orgId: c.guardianOrgId,
      summary: `查看职工子女 ${maskName(c.name)} 的完整信息，原因：${reason}`,
    });
    return {
      ...presentChild(c),
      name: c.name,
      idNumber: deps.cipher.decrypt('child_id_number', c.idNumberEnc),
      idType: c.idType,
      birthDate: c.birthDate,
      consentRelation: c.consentRelation,
      consentPurpose: c.consentPurpose,
      consentChannel: c.consentChannel,
    };
  });
}

// ---- applications ----

interface ApplyData {
  eventId: number;
  child: repo.ChildDbView;
  dualEarner: boolean;
  source: 'staff' | 'worker';
  createdBy: number | null;
  workerId: number | null;
}

/** Checks a child against the camp's rules, then takes a number and files the application. */
async function fileApplication(db: Db, actor: Actor, camp: repo.CampDbView, d: ApplyData) {
  if (camp.status !== 'open' || camp.published_at) throw new Conflict('该夏令营已截止报名（摇号种子已公布）');
  const age = ageOn(d.child.birthDate, camp.starts_on);
  if (age < camp.min_age) throw Invalid.field('childId', `子女在开营日（${camp.starts_on}）为 ${age} 岁，未到最小年龄 ${camp.min_age} 岁`);
  if (age > camp.max_age) throw Invalid.field('childId', `子女在开营日（${camp.starts_on}）为 ${age} 岁，超过最大年龄 ${camp.max_age} 岁`);
  if (d.child.grade < camp.min_grade || d.child.grade > camp.max_grade) {
    throw Invalid.field('childId', `子女年级为${GRADE_LABELS[d.child.grade]}，本营只收${GRADE_LABELS[camp.min_grade]}至${GRADE_LABELS[camp.max_grade]}`);
  }
  const groups: CampGroup[] = await repo.groupsOfGuardian(db, d.child.guardianPersonId);
  if (d.dualEarner) groups.push('dual_earner');
  return db.transaction(async (tx) => {
    const no = await repo.takeNumber(tx, d.eventId);
    if (!no) throw new Conflict('该夏令营已截止报名（摇号种子已公布）');
    const id = await repo.insertApplication(tx, {
      eventId: d.eventId,
      no,
      childId: d.child.id,
      guardianPersonId: d.child.guardianPersonId,
      dualEarner: d.dualEarner,
      groups,
      age,
      grade: d.child.grade,
      source: d.source,
      createdBy: d.createdBy,
      workerId: d.workerId,
    });
    await recordAudit(tx, actor, {
      action: 'camps.apply',
      entity: 'camp_application',
      entityId: id,
      orgId: d.child.guardianOrgId,
      summary: `报名夏令营「${camp.title}」：申请编号 ${no}，${maskName(d.child.name)}（${age} 岁），监护人 ${d.child.guardianName}`,
    });
    return id;
  });
}

/** 代报名: staff apply for a child whose guardian is in their scope, to a camp their scope may see. */
export async function applyForChild(db: Db, actor: Actor, campId: number, input: ApplyInput) {
  authorize(actor, 'events:children');
  const camp = await campInScope(db, actor, campId);
  const child = await repo.findChild(db, scopeOf(actor), input.childId);
  if (!child) throw new NotFound('职工子女', 'childId');
  const id = await fileApplication(db, actor, camp, {
    eventId: campId,
    child,
    dualEarner: input.dualEarner,
    source: 'staff',
    createdBy: actor.accountId,
    workerId: null,
  });
  const row = await repo.findApplication(db, scopeOf(actor), campId, id);
  return presentApplication(row!);
}

export async function listApplications(db: Db, actor: Actor, campId: number) {
  authorize(actor, 'events:children');
  await campInScope(db, actor, campId);
  return (await repo.listApplications(db, scopeOf(actor), campId)).map(presentApplication);
}

/**
 * 退出: an application leaves; a place it held goes to the next in the waiting list (of the same
 * priority group when the place was reserved for one), confirmed at once.
 */
export async function withdrawApplication(db: Db, actor: Actor, campId: number, applicationId: number, reason: string) {
  authorize(actor, 'events:children');
  const camp = await campInScope(db, actor, campId);
  return db.transaction(async (tx) => {
    const app = await repo.findApplication(tx, scopeOf(actor), campId, applicationId, true);
    if (!app) throw new NotFound('申请');
    if (app.status === 'withdrawn') throw new Conflict('该申请已退出');
    await repo.withdraw(tx, app, reason);
    let promoted: number | undefined;
    if (app.status === 'selected') {
      const group = (CAMP_GROUPS as readonly string[]).includes(app.won_via ?? '') ? (app.won_via as CampGroup) : null;
      promoted = await repo.promoteNext(tx, campId, group, actor.accountId);
    }
    await recordAudit(tx, actor, {
      action: 'camps.withdraw',
      entity: 'camp_application',
      entityId: applicationId,
      orgId: camp.org_id,
      summary: `夏令营「${app.camp_title}」申请编号 ${app.no} 退出：${reason}${promoted ? `；候补申请编号 ${promoted} 递补录取` : ''}`,
    });
    return { promotedNo: promoted ?? null };
  });
}

// ---- the draw ----

/**
 * 公布种子: fixes the seed from a public value before the draw and closes applications (the same
 * row takes application numbers, so none gets in after). Once only.
 */
export async function publishSeed(db: Db, actor: Actor, campId: number, announcedValue: string) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const camp = await campInScope(tx, actor, campId, { manage: true, lock: true });
    if (camp.published_at) throw new Conflict('摇号种子已公布，不能更改');
    if (camp.applications === 0) throw Invalid.field('announcedValue', '还没有报名，不能公布种子');
    const seed = seedOf(announcedValue);
    await repo.publishSeed(tx, campId, announcedValue, seed, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'camps.seed',
      entity: 'event',
      entityId: campId,
      orgId: camp.org_id,
      summary: `公布夏令营「${camp.title}」摇号种子 ${seed}（来源：${announcedValue}），报名截止`,
    });
  });
  return getCamp(db, actor, campId);
}

/** The draw's lines from the applications and the seed alone (see camps-draw.contract.ts). */
export function computeDraw(entries: readonly { no: number; groups: readonly CampGroup[] }[], seed: string, places: number, reserved: Reserved) {
  const keyed: DrawEntry[] = entries.map((e) => ({ no: e.no, groups: e.groups, key: drawKey(seed, e.no) }));
  return runDraw(keyed, places, reserved);
}

/** 摇号: runs the draw on the published seed, once; winners' guardians are confirmed into the camp. */
export async function runCampDraw(db: Db, actor: Actor, campId: number) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const camp = await campInScope(tx, actor, campId, { manage: true, lock: true });
    if (!camp.seed) throw new Conflict('请先公布摇号种子，再摇号');
    if (camp.drawn_at) throw new Conflict('该夏令营已摇号，结果不能重摇；可用「复核」按种子重算核对');
    const lines = computeDraw(await repo.drawEntries(tx, campId), camp.seed, camp.places, reservedOf(camp));
    const winners = await repo.writeDraw(tx, campId, lines, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'camps.draw',
      entity: 'event',
      entityId: campId,
      orgId: camp.org_id,
      summary: `夏令营「${camp.title}」摇号：${lines.length} 份申请，录取 ${winners} 人，候补 ${lines.length - winners} 人，种子 ${camp.seed}`,
    });
  });
  return getCamp(db, actor, campId);
}

/** The published draw: application numbers, keys, groups and outcomes in draw order — no names. */
export async function drawOf(db: Db, scope: Scope | null, campId: number): Promise<DrawResult> {
  const camp = scope ? await repo.findCamp(db, scope, campId) : await repo.findPublishedCamp(db, campId);
  if (!camp) throw new NotFound('夏令营');
  const stored = camp.drawn_at ? await repo.storedDraw(db, campId) : [];
  let waiting = 0;
  return {
    campId,
    title: camp.title,
    places: camp.places,
    reserved: reservedOf(camp),
    seed: camp.seed,
    announcedValue: camp.announced_value,
    publishedAt: iso(camp.published_at),
    drawnAt: iso(camp.drawn_at),
    algorithm: DRAW_ALGORITHM,
    lines: stored.map((s) => ({
      rank: s.draw_rank,
      no: s.no,
      key: drawKey(camp.seed!, s.no),
      groups: s.groups,
      outcome: s.draw_outcome as DrawResult['lines'][number]['outcome'],
      waitingNo: s.draw_outcome === 'waiting' ? ++waiting : null,
    })),
  };
}

export async function getDraw(db: Db, actor: Actor, campId: number) {
  authorize(actor, 'events:read');
  return drawOf(db, scopeOf(actor), campId);
}

/** 复核: runs the draw again from the seed and the stored applications and compares line by line. */
export async function checkDraw(db: Db, actor: Actor, campId: number) {
  authorize(actor, 'events:read');
  const camp = await campInScope(db, actor, campId);
  if (!camp.seed || !camp.drawn_at) throw new Conflict('该夏令营尚未摇号');
  const stored = await repo.storedDraw(db, campId);
  const fresh = computeDraw(stored, camp.seed, camp.places, reservedOf(camp));
  const diff = fresh.findIndex((l, i) => l.no !== stored[i]!.no || l.outcome !== stored[i]!.draw_outcome || l.rank !== stored[i]!.draw_rank);
  return { identical: diff === -1, checked: fresh.length, firstDifference: diff === -1 ? null : diff + 1, seed: camp.seed };
}

// ---- the worker ----

/** 我的夏令营: camps of the unions above the worker's, their children (masked) and applications. */
export async function myCamps(db: Db, personId: number) {
  const [camps, children, applications] = await Promise.all([
    repo.campsOpenTo(db, personId),
    repo.childrenOf(db, personId),
    repo.applicationsOfGuardian(db, personId),
  ]);
  return {
    camps: camps.map((c) => {
      const { can: _can, ...rest } = presentCamp(c, false);
      return rest;
    }),
    children: children.map(presentChild),
    applications: applications.map((a) => ({ ...presentApplication(a), campId: a.event_id, campTitle: a.camp_title })),
  };
}

/** The worker registers their own child, giving the consent themselves in the portal. */
export async function registerMyChild(deps: CampDeps, worker: RegisteredWorker, input: MyChildInput) {
  const me = await repo.personName(deps.db, worker.personId);
  if (!me) throw new NotFound('职工档案');
  const id = await storeChild(deps, workerAuditActor(worker, { id: me.org_id, path: me.org_path }), me.org_id, {
    guardianPersonId: worker.personId,
    name: input.name,
    idNumber: input.idNumber,
    grade: input.grade,
    consent: { givenBy: me.name, relation: input.relation, givenOn: chinaToday(), purpose: '报名工会夏令营（审核、摇号、录取和活动组织）' },
    channel: 'worker',
    recordedBy: null,
    workerId: worker.workerId,
  });
  const [row] = (await repo.childrenOf(deps.db, worker.personId)).filter((c) => c.id === id);
  return presentChild(row!);
}

/** The worker applies for their own child to a camp of a union above theirs. */
export async function applyAsWorker(db: Db, worker: RegisteredWorker, campId: number, input: ApplyInput) {
  const camp = (await repo.campsOpenTo(db, worker.personId)).find((c) => c.id === campId);
  if (!camp) throw new NotFound('夏令营');
  const child = (await repo.childrenOf(db, worker.personId)).find((c) => c.id === input.childId);
  if (!child) throw new NotFound('子女', 'childId');
  const me = await repo.personName(db, worker.personId);
  const actor = workerAuditActor(worker, { id: me!.org_id, path: me!.org_path });
  const id = await fileApplication(db, actor, camp, {
    eventId: campId,
    child,
    dualEarner: input.dualEarner,
    source: 'worker',
    createdBy: null,
    workerId: worker.workerId,
  });
  const [row] = (await repo.applicationsOfGuardian(db, worker.personId)).filter((a) => a.id === id);
  return presentApplication(row!);
}
