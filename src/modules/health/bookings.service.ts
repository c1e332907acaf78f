/**
 * 体检预约: a worker books a slot on the portal with their own consent; a union books a list of its
 * people, or everyone the rule reaches in its subtree not booked yet, saying on whose word. A place
 * is taken by one conditional update of the slot (`booked + n <= capacity`, under its row lock,
 * with a CHECK beneath); one booking per person and programme is a unique key. Then attendance.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { reachOf, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './health.repository.ts';
import { iso, readerScope, ruleDay, ruleScopes, visibleProgramme } from './health.service.ts';
import {
  PACKAGE_GROUP_LABELS,
  PROGRAMME_STATUS_LABELS,
  type BookingRow,
  type BookingStatus,
  type BulkBookingInput,
  type MyBooking,
  type WorkerBookingInput,
  type WorkerProgramme,
} from './health.contract.ts';

registerConstraintMessage('health_bookings_person_key', 'personId', '该职工已预约本次体检，每人每个项目只能预约一次');

type Reg = WorkerActor & { personId: number };

/** What the audit log names a worker acting on the portal by. */
function workerAuditActor(w: WorkerActor, org: { id: number; path: string }): Actor {
  return { accountId: null, username: `职工 ${w.phoneMasked}`, orgId: org.id, orgPath: org.path, roles: [], permissions: new Set(), sessionId: null, ip: w.ip };
}

export function presentBooking(b: repo.BookingDbRow): BookingRow {
  return {
    id: b.id,
    programmeId: b.programme_id,
    personId: b.person_id,
    name: b.name,
    idMasked: b.id_masked,
    occupation: b.occupation,
    orgId: b.org_id,
    orgName: b.org_name,
    hospitalName: b.hospital_name,
    day: b.day,
    slotId: b.slot_id,
    packageName: b.package_name,
    status: b.status,
    source: b.source,
    consentBasis: b.consent_basis,
    hasResults: b.has_results,
    createdAt: iso(b.created_at)!,
  };
}

function requireOpen(g: repo.ProgrammeRow) {
  if (g.status !== 'open') throw new Conflict(`体检项目「${g.title}」${PROGRAMME_STATUS_LABELS[g.status]}，不能预约`);
}

/** The slot (today or later) and package of a booking, checked against each other and the people booked. */
async function slotAndPackage(tx: DbOrTx, g: repo.ProgrammeRow, slotId: number, packageId: number | null) {
  const slot = await repo.slotOf(tx, g.id, slotId);
  if (!slot) throw new NotFound('时段', 'slotId');
  if (slot.day < chinaToday()) throw Invalid.field('slotId', `${slot.day} 的时段已过，请选择今天以后的日期`);
  const pkg = packageId === null ? null : await repo.packageOf(tx, g.id, packageId);
  if (packageId !== null && !pkg) throw new NotFound('套餐', 'packageId');
  if (pkg && pkg.hospital_id !== slot.hospital_id) throw Invalid.field('packageId', `套餐「${pkg.name}」不是所选时段医院的套餐`);
  return { slot, pkg };
}

// ---- Staff ----------------------------------------------------------------------------------------

/** 代为预约: a list of people or the rule's people not booked yet, into one slot, in one transaction (all or nothing). */
export async function bulkBook(db: Db, actor: Actor, programmeId: number, input: BulkBookingInput) {
  authorize(actor, 'health:manage');
  return db.transaction(async (tx) => {
    const g = await visibleProgramme(tx, actor, programmeId);
    requireOpen(g);
    const within = readerScope(actor, g);
    const { slot, pkg } = await slotAndPackage(tx, g, input.slotId, input.packageId);
    const scopes = await ruleScopes(tx, null, { path: g.org_path }, g.audience);
    const day = ruleDay(g);
    let people: repo.PersonHit[];
    if (input.byRule) {
      const free = slot.capacity - slot.booked;
      if (free <= 0) throw new Conflict(`${slot.day} 的时段已约满`, [{ field: 'slotId', message: `该时段已约满（共 ${slot.capacity} 个名额）` }]);
      people = await repo.unbookedMatching(tx, g.id, within, g.audience, scopes, day, free);
      if (!people.length) throw Invalid.field('byRule', '本单位没有尚未预约、符合体检对象条件的职工');
    } else {
      const ids = [...new Set(input.personIds)];
      people = await repo.personsMatching(tx, within, ids, g.audience, scopes, day);
      const found = new Set(people.map((p) => p.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) {
        const names = new Map((await repo.personNames(tx, within, missing)).map((p) => [p.id, p.name]));
        const fields = missing.map((id) => {
          const name = names.get(id);
          const i = input.personIds.indexOf(id);
          return { field: `personIds.${i}`, message: name ? `${name}不在本次体检的对象范围内` : '职工不存在或无权访问' };
        });
        throw new Invalid(fields.map((f) => f.message).join('；'), fields);
      }
      const already = new Set((await repo.bookedAmong(tx, g.id, ids)).map((b) => b.person_id));
      if (already.size) {
        const fields = people
          .filter((p) => already.has(p.id))
          .map((p) => ({ field: `personIds.${input.personIds.indexOf(p.id)}`, message: `${p.name}已预约本次体检，每人每个项目只能预约一次` }));
        throw new Conflict(fields.map((f) => f.message).join('；'), fields);
      }
    }
    if (pkg?.group === 'women') {
      const men = people.filter((p) => p.sex !== 'female');
      if (men.length) {
        const fields = men.map((p) => ({
          field: `personIds.${input.personIds.indexOf(p.id)}`,
          message: `${p.name}不是女职工，不能预约「${PACKAGE_GROUP_LABELS.women}」套餐`,
        }));
        throw new Invalid(fields.map((f) => f.message).join('；'), fields);
      }
    }
    const took = await repo.takePlaces(tx, slot.id, people.length);
    if (!took) {
      const now = (await repo.slotOf(tx, g.id, slot.id))!;
      const left = now.capacity - now.booked;
      throw new Conflict(`${now.day} 的时段只剩 ${left} 个名额，不够预约 ${people.length} 人`, [
        { field: 'slotId', message: `该时段只剩 ${left} 个名额（共 ${now.capacity} 个）` },
      ]);
    }
    await repo.insertBookings(
      tx,
      people.map((p) => ({
        programmeId: g.id,
        slotId: slot.id,
        packageId: pkg?.id ?? null,
        personId: p.id,
        orgId: p.org_id,
        orgPath: p.org_path,
        source: 'union' as const,
        consentBasis: input.consentBasis,
        workerId: null,
        createdBy: actor.accountId,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'health.bulk_book',
      entity: 'health_programme',
      entityId: g.id,
      orgId: actor.orgId,
      summary: `「${g.title}」代为预约 ${people.length} 人（${slot.day}${input.byRule ? '，按对象条件' : ''}），同意依据：${input.consentBasis}`,
    });
    return { booked: people.length, slotId: slot.id, placesLeft: took.capacity - took.booked };
  });
}

export async function listBookings(db: Db, actor: Actor, programmeId: number, q: { status?: BookingStatus; slotId?: number; page: number; pageSize: number }) {
  authorize(actor, 'health:read');
  const g = await visibleProgramme(db, actor, programmeId);
  const { rows, total } = await repo.listBookings(db, g.id, readerScope(actor, g), { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map(presentBooking), total, page: q.page, pageSize: q.pageSize };
}

/** 登记到检 / 撤销: a booking of the actor's subtree; undone only while no results came in. */
export async function markAttendance(db: Db, actor: Actor, bookingId: number, attended: boolean) {
  authorize(actor, 'health:manage');
  await db.transaction(async (tx) => {
    const b = await repo.bookingIn(tx, scopeOf(actor), bookingId);
    if (!b) throw new NotFound('预约');
    if (!attended && b.has_results) throw Invalid.field('attended', `${b.name}已有体检结果，不能撤销到检`);
    await repo.setAttendance(tx, bookingId, attended);
    await recordAudit(tx, actor, {
      action: attended ? 'health.attend' : 'health.unattend',
      entity: 'health_booking',
      entityId: bookingId,
      orgId: b.org_id,
      summary: `${b.name}${attended ? '到检' : '撤销到检'}（${b.hospital_name} ${b.day}）`,
    });
  });
  const b = await repo.bookingIn(db, scopeOf(actor), bookingId);
  return presentBooking(b!);
}

/** 取消预约 (staff): a booking of the actor's subtree not yet attended; the place returns to the slot. */
export async function cancelBooking(db: Db, actor: Actor, bookingId: number, reason: string) {
  authorize(actor, 'health:manage');
  return db.transaction(async (tx) => {
    const b = await repo.bookingIn(tx, scopeOf(actor), bookingId);
    if (!b) throw new NotFound('预约');
    await cancelIn(tx, b);
    await recordAudit(tx, actor, {
      action: 'health.cancel',
      entity: 'health_booking',
      entityId: bookingId,
      orgId: b.org_id,
      summary: `取消${b.name}的体检预约（${b.hospital_name} ${b.day}）：${reason}`,
    });
    return b.programme_id;
  });
}

/** The checks both sides make before a booking goes: not attended, no results, and its day not past. */
async function cancelIn(tx: DbOrTx, b: repo.BookingDbRow) {
  if (b.status !== 'booked' || b.has_results) throw new Conflict(`${b.name}已到检，不能取消预约`);
  if (b.day < chinaToday()) throw new Conflict(`${b.day} 的预约已过期，不能取消`);
  if (!(await repo.cancelBooking(tx, b.id))) throw new Conflict('该预约已变更，请刷新后重试');
}

export const canReadResults = (actor: Actor) => can(actor, 'health:results');

// ---- Worker (portal) ------------------------------------------------------------------------------

async function presentMine(db: DbOrTx, b: repo.BookingDbRow & { programme_title?: string }, title?: string): Promise<MyBooking> {
  const [summary, followUp] = b.has_results ? await Promise.all([repo.resultSummary(db, b.id), repo.followupOfBooking(db, b.id)]) : [null, undefined];
  return {
    id: b.id,
    programmeId: b.programme_id,
    programmeTitle: b.programme_title ?? title ?? '',
    hospitalName: b.hospital_name,
    hospitalAddress: b.hospital_address,
    day: b.day,
    packageName: b.package_name,
    status: b.status,
    source: b.source,
    results: summary ? { items: summary.items, abnormal: summary.abnormal, abnormalItems: summary.abnormal_items ?? [] } : null,
    followUp: followUp ? { status: followUp.status, dueOn: followUp.due_on } : null,
  };
}

/** Whether the rule reaches the worker's person (undefined: outside the organiser's subtree or not matching). */
async function personFor(db: DbOrTx, g: repo.ProgrammeRow, personId: number) {
  const scopes = await ruleScopes(db, null, { path: g.org_path }, g.audience);
  const [p] = await repo.personsMatching(db, reachOf({ path: g.org_path }), [personId], g.audience, scopes, ruleDay(g));
  return p;
}

async function presentWorkerProgramme(db: DbOrTx, g: repo.ProgrammeRow, personId: number): Promise<WorkerProgramme> {
  const [hospitals, packages, slots, mine] = await Promise.all([
    repo.hospitalsOf(db, g.id),
    repo.packagesOf(db, g.id),
    repo.slotsOf(db, g.id, chinaToday()),
    repo.bookingOfPerson(db, personId, g.id),
  ]);
  return {
    id: g.id,
    year: g.year,
    title: g.title,
    description: g.description,
    orgName: g.org_name,
    hospitals,
    packages: packages.map((p) => ({ id: p.id, hospitalId: p.hospital_id, group: p.group, name: p.name, examItems: p.items })),
    slots: slots.map((s) => ({ id: s.id, hospitalId: s.hospital_id, day: s.day, capacity: s.capacity, booked: s.booked })),
    myBooking: mine ? await presentMine(db, mine, g.title) : null,
  };
}

/** 体检 (portal): open programmes whose rule reaches the worker, and those they are booked in. */
export async function workerProgrammes(db: Db, w: Reg): Promise<WorkerProgramme[]> {
  const out: WorkerProgramme[] = [];
  for (const g of await repo.programmesForPerson(db, w.personId)) {
    const booked = await repo.bookingOfPerson(db, w.personId, g.id);
    if (!booked && !(await personFor(db, g, w.personId))) continue;
    out.push(await presentWorkerProgramme(db, g, w.personId));
  }
  return out;
}

/** A programme the worker may see: reaching them or holding their booking (404 otherwise, as for any id not theirs). */
async function workerVisible(db: DbOrTx, w: Reg, id: number) {
  const g = await repo.programmeForPerson(db, w.personId, id);
  if (!g) throw new NotFound('体检项目');
  const person = await personFor(db, g, w.personId);
  if (!person && !(await repo.bookingOfPerson(db, w.personId, id))) throw new NotFound('体检项目');
  return { g, person };
}

export async function workerProgramme(db: Db, w: Reg, id: number) {
  const { g } = await workerVisible(db, w, id);
  return presentWorkerProgramme(db, g, w.personId);
}

/** 我要预约: one slot of an open programme that reaches the worker, on their own consent. */
export async function workerBook(db: Db, w: Reg, programmeId: number, input: WorkerBookingInput) {
  let title = '';
  await db.transaction(async (tx) => {
    const { g, person } = await workerVisible(tx, w, programmeId);
    title = g.title;
    requireOpen(g);
    const mine = await repo.bookingOfPerson(tx, w.personId, g.id);
    if (mine) throw new Conflict(`您已预约本次体检（${mine.hospital_name} ${mine.day}），每人只能预约一次`, [{ field: 'slotId', message: '您已预约本次体检' }]);
    if (!person) throw new Conflict(`您不在「${g.title}」的体检对象范围内`);
    const { slot, pkg } = await slotAndPackage(tx, g, input.slotId, input.packageId);
    if (pkg?.group === 'women' && person.sex !== 'female') throw Invalid.field('packageId', `「${PACKAGE_GROUP_LABELS.women}」套餐仅限女职工预约`);
    const took = await repo.takePlaces(tx, slot.id, 1);
    if (!took) throw new Conflict(`${slot.day} 的名额已约满，请选择其他日期`, [{ field: 'slotId', message: `该时段已约满（共 ${slot.capacity} 个名额）` }]);
    const [b] = await repo.insertBookings(tx, [
      {
        programmeId: g.id,
        slotId: slot.id,
        packageId: pkg?.id ?? null,
        personId: person.id,
        orgId: person.org_id,
        orgPath: person.org_path,
        source: 'worker',
        consentBasis: '本人在职工端阅读并同意《体检健康信息处理告知书》',
        workerId: w.workerId,
        createdBy: null,
      },
    ]);
    await recordAudit(tx, workerAuditActor(w, { id: g.org_id, path: g.org_path }), {
      action: 'health.worker_book',
      entity: 'health_booking',
      entityId: b!.id,
      orgId: person.org_id,
      summary: `${person.name}预约「${g.title}」（${slot.day}），本人同意健康信息处理`,
    });
  });
  const b = (await repo.bookingOfPerson(db, w.personId, programmeId))!;
  return presentMine(db, b, title);
}

/** 取消预约 (portal): the worker's own booking, before its day is past; they may book another day afterwards. */
export async function workerCancel(db: Db, w: Reg, bookingId: number) {
  const programmeId = await db.transaction(async (tx) => {
    const b = (await repo.bookingsOfPerson(tx, w.personId)).find((x) => x.id === bookingId);
    if (!b) throw new NotFound('预约');
    await cancelIn(tx, b);
    await recordAudit(tx, workerAuditActor(w, { id: b.org_id, path: b.org_path }), {
      action: 'health.worker_cancel',
      entity: 'health_booking',
      entityId: b.id,
      orgId: b.org_id,
      summary: `${b.name}取消「${b.programme_title}」的体检预约（${b.hospital_name} ${b.day}）`,
    });
    return b.programme_id;
  });
  return workerProgramme(db, w, programmeId);
}

/** 我的体检: the worker's bookings with a summary of results (counts and abnormal items, no values); each read is audited. */
export async function myBookings(db: Db, w: Reg): Promise<MyBooking[]> {
  const rows = await repo.bookingsOfPerson(db, w.personId);
  const out = await Promise.all(rows.map((b) => presentMine(db, b)));
  const withResults = rows.filter((b) => b.has_results);
  if (withResults.length) {
    await db.transaction(async (tx) => {
      for (const b of withResults) {
        await recordAudit(tx, workerAuditActor(w, { id: b.org_id, path: b.org_path }), {
          action: 'health.results_read_own',
          entity: 'health_booking',
          entityId: b.id,
          orgId: b.org_id,
          summary: `${b.name}在职工端查看本人体检结果摘要`,
        });
      }
    });
  }
  return out;
}

/** The 体检 tile of the worker's home page. */
export async function healthHome(db: DbOrTx, w: WorkerActor): Promise<{ booked: number; followUps: number }> {
  return w.personId === null ? { booked: 0, followUps: 0 } : repo.homeCounts(db, w.personId);
}
