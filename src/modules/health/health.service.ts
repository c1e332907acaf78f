/**
 * 体检项目: programmes with their target rule, partner hospitals, packages per group and slots per
 * day. Who sees what: a programme organised in the actor's subtree or above it (its rule reaches
 * the actor's people); only the organiser's line changes it. What a programme organised above
 * shows a county — reach, bookings, figures — is counted in the county's subtree only.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, intersect, narrow, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import * as repo from './health.repository.ts';
import {
  PACKAGE_GROUP_LABELS,
  PROGRAMME_STATUS_LABELS,
  type EligibilityRule,
  type HospitalInput,
  type PackageInput,
  type ProgrammeInput,
  type ProgrammeStatus,
  type ProgrammeSummary,
  type ProgrammeView,
  type SlotGenerateInput,
} from './health.contract.ts';

registerConstraintMessage('health_slots_booked_check', 'capacity', '名额不能少于已预约的人数');
registerConstraintMessage('health_hospitals_name_key', 'name', '本项目已有同名的医院');
registerConstraintMessage('health_packages_name_key', 'name', '该医院已有同名的套餐');

export const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** A programme the actor may read (404 otherwise). */
export async function visibleProgramme(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.programmeVisible(db, scopeOf(actor), id);
  if (!row) throw new NotFound('体检项目');
  return row;
}

/** A programme organised in the actor's subtree (404 otherwise: one organised above is not theirs to change). */
export async function managedProgramme(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.programmeOrganisedIn(db, scopeOf(actor), id);
  if (!row) throw new NotFound('体检项目');
  return row;
}

/** What of the programme the actor reads: the organiser's subtree, narrowed to the actor's own. */
export function readerScope(actor: Actor, g: { org_path: string }): Scope {
  return intersect(reachOf({ path: g.org_path }), scopeOf(actor))!;
}

/** The scopes of the unions a rule names, each inside the organiser's reach (and the actor's scope when one is given). */
export async function ruleScopes(db: DbOrTx, actor: Actor | null, organiser: { path: string }, rule: EligibilityRule | null) {
  const out = new Map<number, Scope>();
  if (!rule?.orgIds.length) return out;
  const reach = reachOf(organiser);
  for (const org of await repo.orgPaths(db, rule.orgIds)) {
    const inside = narrow(reach, org.path);
    if (inside && (!actor || contains(scopeOf(actor), org.path))) out.set(org.id, inside);
  }
  return out;
}

/** The day ages are taken on: 1 January of the programme's year, or today when later. */
export const ruleDay = (g: { year: number }) => {
  const today = chinaToday();
  return today.slice(0, 4) === String(g.year) ? today : `${g.year}-01-01`;
};

function presentSummary(g: repo.ProgrammeRow): ProgrammeSummary {
  return {
    id: g.id,
    orgId: g.org_id,
    orgName: g.org_name,
    year: g.year,
    title: g.title,
    status: g.status,
    booked: g.booked,
    attended: g.attended,
    capacity: g.capacity,
    createdAt: iso(g.created_at)!,
  };
}

export async function presentProgramme(db: DbOrTx, actor: Actor, g: repo.ProgrammeRow): Promise<ProgrammeView> {
  const within = readerScope(actor, g);
  const manages = contains(scopeOf(actor), g.org_path);
  const [hospitals, packages, slots, reach] = await Promise.all([
    repo.hospitalsOf(db, g.id),
    repo.packagesOf(db, g.id),
    repo.slotsOf(db, g.id),
    ruleScopes(db, null, { path: g.org_path }, g.audience).then((scopes) => repo.countAudience(db, within, g.audience, scopes, ruleDay(g))),
  ]);
  return {
    ...presentSummary(g),
    description: g.description,
    audience: g.audience,
    reach,
    hospitals,
    packages: packages.map((p) => ({ id: p.id, hospitalId: p.hospital_id, group: p.group, name: p.name, examItems: p.items })),
    slots: slots.map((s) => ({ id: s.id, hospitalId: s.hospital_id, day: s.day, capacity: s.capacity, booked: s.booked })),
    can: { manage: manages && can(actor, 'health:manage'), results: can(actor, 'health:results') },
  };
}

export async function listProgrammes(db: Db, actor: Actor, q: { year?: number; page: number; pageSize: number }) {
  authorize(actor, 'health:read');
  const { rows, total } = await repo.listProgrammes(db, scopeOf(actor), { year: q.year, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map(presentSummary), total, page: q.page, pageSize: q.pageSize };
}

export async function getProgramme(db: Db, actor: Actor, id: number) {
  authorize(actor, 'health:read');
  return presentProgramme(db, actor, await visibleProgramme(db, actor, id));
}

/** 新建体检项目: a draft; its rule's unions must lie in the organiser's subtree. */
export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput) {
  authorize(actor, 'health:manage');
  const id = await db.transaction(async (tx) => {
    const org = await findOrgInScope(tx, actor, input.orgId, 'orgId');
    const scopes = await ruleScopes(tx, actor, org, input.audience);
    if (input.audience?.orgIds.some((o) => !scopes.has(o))) throw new NotFound('体检对象条件中的单位', 'audience.orgIds');
    const id = await repo.insertProgramme(tx, org, input, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'health.programme_create',
      entity: 'health_programme',
      entityId: id,
      orgId: org.id,
      summary: `新建体检项目「${input.title}」`,
    });
    return id;
  });
  return getProgramme(db, actor, id);
}

/** 开放预约 / 结束: draft → open → closed (and back to open from closed). */
export async function setProgrammeStatus(db: Db, actor: Actor, id: number, status: ProgrammeStatus) {
  authorize(actor, 'health:manage');
  await db.transaction(async (tx) => {
    const g = await managedProgramme(tx, actor, id);
    if (g.status === status) return;
    if (status === 'draft') throw Invalid.field('status', '已开放预约的项目不能退回草稿');
    if (status === 'open') {
      const slots = await repo.slotsOf(tx, id);
      if (!slots.length) throw Invalid.field('status', '请先设置医院和预约时段，再开放预约');
    }
    await repo.setProgrammeStatus(tx, id, status);
    await recordAudit(tx, actor, {
      action: 'health.programme_status',
      entity: 'health_programme',
      entityId: id,
      orgId: g.org_id,
      summary: `体检项目「${g.title}」：${PROGRAMME_STATUS_LABELS[g.status]} → ${PROGRAMME_STATUS_LABELS[status]}`,
    });
  });
  return getProgramme(db, actor, id);
}

async function changeable(tx: DbOrTx, actor: Actor, id: number) {
  const g = await managedProgramme(tx, actor, id);
  if (g.status === 'closed') throw new Conflict(`体检项目「${g.title}」已结束，不能再修改`);
  return g;
}

export async function addHospital(db: Db, actor: Actor, id: number, input: HospitalInput) {
  authorize(actor, 'health:manage');
  await db.transaction(async (tx) => {
    const g = await changeable(tx, actor, id);
    const hid = await repo.insertHospital(tx, id, input);
    await recordAudit(tx, actor, {
      action: 'health.hospital_add',
      entity: 'health_programme',
      entityId: id,
      orgId: g.org_id,
      summary: `「${g.title}」添加合作医院「${input.name}」（#${hid}）`,
    });
  });
  return getProgramme(db, actor, id);
}

export async function addPackage(db: Db, actor: Actor, id: number, input: PackageInput) {
  authorize(actor, 'health:manage');
  await db.transaction(async (tx) => {
    const g = await changeable(tx, actor, id);
    const h = await repo.hospitalOf(tx, id, input.hospitalId);
    if (!h) throw new NotFound('医院', 'hospitalId');
    await repo.insertPackage(tx, id, input);
    await recordAudit(tx, actor, {
      action: 'health.package_add',
      entity: 'health_programme',
      entityId: id,
      orgId: g.org_id,
      summary: `「${g.title}」${h.name}添加套餐「${input.name}」（${PACKAGE_GROUP_LABELS[input.group]}）`,
    });
  });
  return getProgramme(db, actor, id);
}

/** The days from `from` to `to` that fall on the weekdays (1 = Monday … 7 = Sunday). */
export function daysBetween(from: string, to: string, weekdays: readonly number[]): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    if (weekdays.includes(wd)) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** 生成时段: one slot per chosen day for a hospital; days it has already are left as they are. */
export async function generateSlots(db: Db, actor: Actor, id: number, input: SlotGenerateInput) {
  authorize(actor, 'health:manage');
  const added = await db.transaction(async (tx) => {
    const g = await changeable(tx, actor, id);
    const h = await repo.hospitalOf(tx, id, input.hospitalId);
    if (!h) throw new NotFound('医院', 'hospitalId');
    const days = daysBetween(input.from, input.to, input.weekdays);
    if (!days.length) throw Invalid.field('weekdays', '所选日期范围内没有所选的星期几');
    const n = await repo.insertSlots(tx, id, h.id, days, input.capacity);
    await recordAudit(tx, actor, {
      action: 'health.slots_generate',
      entity: 'health_programme',
      entityId: id,
      orgId: g.org_id,
      summary: `「${g.title}」${h.name} ${input.from} 至 ${input.to} 生成 ${n} 个时段，每日 ${input.capacity} 人`,
    });
    return n;
  });
  return { added, programme: await getProgramme(db, actor, id) };
}

/** 调整名额: never below those already booked (the slot's CHECK decides when two meet). */
export async function setSlotCapacity(db: Db, actor: Actor, id: number, slotId: number, capacity: number) {
  authorize(actor, 'health:manage');
  await db.transaction(async (tx) => {
    const g = await changeable(tx, actor, id);
    const s = await repo.slotOf(tx, id, slotId);
    if (!s) throw new NotFound('时段', 'slotId');
    if (capacity < s.booked) throw Invalid.field('capacity', `名额不能少于已预约的人数（${s.booked} 人）`);
    await repo.setSlotCapacity(tx, slotId, capacity);
    await recordAudit(tx, actor, {
      action: 'health.slot_capacity',
      entity: 'health_programme',
      entityId: id,
      orgId: g.org_id,
      summary: `「${g.title}」${s.day} 时段名额 ${s.capacity} → ${capacity}`,
    });
  });
  return getProgramme(db, actor, id);
}
