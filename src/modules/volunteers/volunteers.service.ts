/**
 * 志愿服务: staff register volunteers and teams, run projects with shifts, approve back-filled time;
 * volunteers sign up and scan the venue's code when they arrive and leave. Time is kept to the
 * minute, at most three check-in/out pairs per volunteer, project and day (China time).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, textArray, type Db, type DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { narrowTo, pathInScope, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaTime, chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './volunteers.repository.ts';
import {
  AVAILABILITY,
  EARLY_CHECKIN_MINUTES,
  LATE_CHECKOUT_MINUTES,
  MAX_PAIRS_PER_DAY,
  PROJECT_STATUS_LABELS,
  SKILLS,
  type BackfillInput,
  type JoinInput,
  type ListRecordsQuery,
  type ListVolunteersQuery,
  type MyVolunteer,
  type ProjectInput,
  type ProjectList,
  type ProjectStatus,
  type ProjectView,
  type RecordPage,
  type RecordView,
  type ReviewInput,
  type ScanAnswer,
  type ShiftInput,
  type ShiftRoster,
  type ShiftView,
  type StaffBackfillInput,
  type StatsQuery,
  type TeamInput,
  type TeamList,
  type TeamMemberInput,
  type TeamView,
  type VolunteerChange,
  type VolunteerInput,
  type VolunteerPage,
  type VolunteerStats,
  type VolunteerView,
} from './volunteers.contract.ts';
import { presentOrder } from './orders.service.ts';
import { renderShiftPoster } from './certificate.pdf.ts';

registerConstraintMessage('volunteers_person_key', 'personId', '这位职工已经是志愿者');
registerConstraintMessage('volunteer_teams_name_key', 'name', '本工会已有同名的服务队');
registerConstraintMessage('volunteer_signups_key', 'volunteerId', '已经报名了这个班次');
registerConstraintMessage('volunteer_records_pair_key', 'code', `每人每个项目每天最多签到签退 ${MAX_PAIRS_PER_DAY} 次`);
registerConstraintMessage('volunteer_records_one_open_key', 'code', '已在别处签到，请先签退');
registerConstraintMessage('volunteer_records_span_check', 'endedAt', '签退时间须晚于签到时间，一次服务不超过 24 小时');

export const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const ordered = <T extends string>(all: readonly T[], some: readonly T[]) => all.filter((x) => some.includes(x));
const minutesText = (m: number) => `${Math.floor(m / 60)} 小时 ${m % 60} 分钟`;

export function presentVolunteer(v: repo.VolunteerRow): VolunteerView {
  return {
    id: v.id,
    personId: v.person_id,
    name: v.name,
    org: { id: v.org_id, name: v.org_name },
    skills: ordered(SKILLS, textArray(v.skills)),
    availability: ordered(AVAILABILITY, textArray(v.availability)),
    intro: v.intro,
    status: v.status,
    teams: v.teams ?? [],
    minutes: v.minutes,
    joinedOn: v.joined_on,
  };
}

function presentShift(s: repo.ShiftRow): ShiftView {
  return { id: s.id, projectId: s.project_id, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), place: s.place, capacity: s.capacity, signedUp: s.signed_up };
}

export function presentRecord(r: repo.RecordRow, actor?: Actor): RecordView {
  return {
    id: r.id,
    volunteer: { id: r.volunteer_id, name: r.volunteer_name },
    project: r.project_id ? { id: r.project_id, name: r.project_name! } : null,
    order: r.order_id ? { id: r.order_id, title: r.order_title! } : null,
    day: r.day,
    pairNo: r.pair_no,
    startedAt: iso(r.started_at),
    endedAt: r.ended_at ? iso(r.ended_at) : null,
    minutes: r.minutes,
    source: r.source,
    status: r.status,
    reason: r.reason,
    reviewNote: r.review_note,
    can: { review: !!actor && r.status === 'pending' && can(actor, 'volunteers:approve') && r.created_by !== actor.accountId },
  };
}

async function orgOf(db: DbOrTx, actor: Actor, orgId: number, what: string) {
  const org = await repo.orgInScope(db, scopeOf(actor), orgId);
  if (!org) throw new NotFound(what, 'orgId');
  if (org.status !== 'active') throw Invalid.field('orgId', `「${org.name}」已撤销或合并`);
  return org;
}

async function volunteerOf(db: DbOrTx, actor: Actor, id: number) {
  const v = await repo.volunteerInScope(db, scopeOf(actor), id);
  if (!v) throw new NotFound('志愿者', 'volunteerId');
  return v;
}

async function teamOf(db: DbOrTx, actor: Actor, id: number) {
  const t = await repo.teamInScope(db, scopeOf(actor), id);
  if (!t) throw new NotFound('服务队', 'teamId');
  return t;
}

// ---- volunteers ----

export async function listVolunteers(db: Db, actor: Actor, q: ListVolunteersQuery): Promise<VolunteerPage> {
  authorize(actor, 'volunteers:read');
  const { rows, total } = await repo.listVolunteers(db, scopeOf(actor), q);
  return { items: rows.map(presentVolunteer), total, page: q.page, pageSize: q.pageSize };
}

export async function getVolunteer(db: Db, actor: Actor, id: number): Promise<VolunteerView> {
  authorize(actor, 'volunteers:read');
  return presentVolunteer(await volunteerOf(db, actor, id));
}

async function insertVolunteer(tx: DbOrTx, person: { id: number; org_id: number; path: string }, input: JoinInput, createdBy: number | null) {
  const [row] = await queryRows<{ id: number }>(
    tx,
    sql`insert into volunteers (person_id, org_id, org_path, skills, availability, intro, joined_on, created_by)
        values (${person.id}, ${person.org_id}, ${person.path}, ${`{${ordered(SKILLS, input.skills).join(',')}}`}::text[],
                ${`{${ordered(AVAILABILITY, input.availability).join(',')}}`}::text[], ${input.intro ?? null}, ${chinaToday()}, ${createdBy})
        on conflict (person_id) do nothing returning id`,
  );
  return row?.id;
}

/** Registers a person of the caller's subtree as a volunteer of the person's own union. */
export async function registerVolunteer(db: Db, actor: Actor, input: VolunteerInput): Promise<VolunteerView> {
  authorize(actor, 'volunteers:manage');
  const id = await db.transaction(async (tx) => {
    const person = await repo.personInScope(tx, scopeOf(actor), input.personId);
    if (!person) throw new NotFound('职工', 'personId');
    const id = await insertVolunteer(tx, person, input, actor.accountId);
    if (!id) throw Invalid.field('personId', `${person.name}已经是志愿者`);
    await recordAudit(tx, actor, { action: 'create', entity: 'volunteer', entityId: id, orgId: person.org_id, summary: `登记志愿者 ${person.name}` });
    return id;
  });
  return getVolunteer(db, actor, id);
}

export async function changeVolunteer(db: Db, actor: Actor, id: number, input: VolunteerChange): Promise<VolunteerView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const v = await volunteerOf(tx, actor, id);
    await queryRows(
      tx,
      sql`update volunteers set skills = ${`{${ordered(SKILLS, input.skills).join(',')}}`}::text[],
             availability = ${`{${ordered(AVAILABILITY, input.availability).join(',')}}`}::text[], intro = ${input.intro ?? null}, status = ${input.status}
           where id = ${id}`,
    );
    await recordAudit(tx, actor, { action: 'update', entity: 'volunteer', entityId: id, orgId: v.org_id, summary: `修改志愿者 ${v.name}` });
  });
  return getVolunteer(db, actor, id);
}

// ---- teams ----

function presentTeam(t: repo.TeamRow): TeamView {
  return {
    id: t.id,
    name: t.name,
    org: { id: t.org_id, name: t.org_name },
    intro: t.intro,
    members: (t.members ?? []).map((m) => ({ ...m, skills: ordered(SKILLS, textArray(m.skills)) })),
    minutes: t.minutes,
  };
}

export async function listTeams(db: Db, actor: Actor): Promise<TeamList> {
  authorize(actor, 'volunteers:read');
  return { items: (await repo.listTeams(db, scopeOf(actor))).map(presentTeam) };
}

export async function createTeam(db: Db, actor: Actor, input: TeamInput): Promise<TeamView> {
  authorize(actor, 'volunteers:manage');
  const id = await db.transaction(async (tx) => {
    const org = await orgOf(tx, actor, input.orgId, '所属工会');
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`insert into volunteer_teams (name, org_id, org_path, intro) values (${input.name}, ${org.id}, ${org.path}, ${input.intro ?? null}) returning id`,
    );
    await recordAudit(tx, actor, { action: 'create', entity: 'volunteer_team', entityId: row!.id, orgId: org.id, summary: `组建服务队「${input.name}」` });
    return row!.id;
  });
  return presentTeam((await repo.teamInScope(db, scopeOf(actor), id))!);
}

export async function addTeamMember(db: Db, actor: Actor, teamId: number, input: TeamMemberInput): Promise<TeamView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const team = await teamOf(tx, actor, teamId);
    const v = await volunteerOf(tx, actor, input.volunteerId);
    if (v.status !== 'active') throw Invalid.field('volunteerId', `${v.name}已退出志愿者队伍`);
    await queryRows(
      tx,
      sql`insert into volunteer_team_members (team_id, volunteer_id, leader) values (${team.id}, ${v.id}, ${input.leader})
          on conflict (team_id, volunteer_id) do update set leader = excluded.leader`,
    );
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'volunteer_team',
      entityId: team.id,
      orgId: team.org_id,
      summary: `${v.name}加入服务队「${team.name}」${input.leader ? '（队长）' : ''}`,
    });
  });
  return presentTeam((await repo.teamInScope(db, scopeOf(actor), teamId))!);
}

export async function removeTeamMember(db: Db, actor: Actor, teamId: number, volunteerId: number): Promise<TeamView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const team = await teamOf(tx, actor, teamId);
    const v = await volunteerOf(tx, actor, volunteerId);
    await queryRows(tx, sql`delete from volunteer_team_members where team_id = ${team.id} and volunteer_id = ${v.id}`);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'volunteer_team',
      entityId: team.id,
      orgId: team.org_id,
      summary: `${v.name}退出服务队「${team.name}」`,
    });
  });
  return presentTeam((await repo.teamInScope(db, scopeOf(actor), teamId))!);
}

// ---- projects and shifts ----

async function presentProjects(db: DbOrTx, rows: repo.ProjectRow[]): Promise<ProjectView[]> {
  const shifts = await repo.shiftsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    org: { id: p.org_id, name: p.org_name },
    kind: p.kind,
    team: p.team_id ? { id: p.team_id, name: p.team_name! } : null,
    place: p.place,
    intro: p.intro,
    status: p.status,
    shifts: shifts.filter((s) => s.project_id === p.id).map(presentShift),
    minutes: p.minutes,
  }));
}

async function projectOf(db: DbOrTx, actor: Actor, id: number) {
  const p = await repo.projectInScope(db, scopeOf(actor), id);
  if (!p) throw new NotFound('服务项目');
  return p;
}

export async function listProjects(db: Db, actor: Actor): Promise<ProjectList> {
  authorize(actor, 'volunteers:read');
  return { items: await presentProjects(db, await repo.listProjects(db, scopeOf(actor))) };
}

export async function getProject(db: Db, actor: Actor, id: number): Promise<ProjectView> {
  authorize(actor, 'volunteers:read');
  const [view] = await presentProjects(db, [await projectOf(db, actor, id)]);
  return view!;
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput): Promise<ProjectView> {
  authorize(actor, 'volunteers:manage');
  const id = await db.transaction(async (tx) => {
    const org = await orgOf(tx, actor, input.orgId, '主办工会');
    if (input.teamId) await teamOf(tx, actor, input.teamId);
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`insert into volunteer_projects (name, org_id, org_path, kind, team_id, place, intro, created_by)
          values (${input.name}, ${org.id}, ${org.path}, ${input.kind}, ${input.teamId}, ${input.place}, ${input.intro ?? null}, ${actor.accountId}) returning id`,
    );
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'volunteer_project',
      entityId: row!.id,
      orgId: org.id,
      summary: `发布志愿服务项目「${input.name}」`,
    });
    return row!.id;
  });
  return getProject(db, actor, id);
}

export async function setProjectStatus(db: Db, actor: Actor, id: number, status: ProjectStatus): Promise<ProjectView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const p = await projectOf(tx, actor, id);
    if (p.status === status) throw new Conflict(`项目「${p.name}」已是“${PROJECT_STATUS_LABELS[status]}”`);
    await queryRows(tx, sql`update volunteer_projects set status = ${status} where id = ${id}`);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'volunteer_project',
      entityId: id,
      orgId: p.org_id,
      summary: `项目「${p.name}」改为${PROJECT_STATUS_LABELS[status]}`,
    });
  });
  return getProject(db, actor, id);
}

export async function addShift(db: Db, actor: Actor, projectId: number, input: ShiftInput): Promise<ProjectView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const p = await projectOf(tx, actor, projectId);
    if (p.status !== 'open') throw new Conflict(`项目「${p.name}」已结束，不能再加班次`);
    await queryRows(
      tx,
      sql`insert into volunteer_shifts (project_id, starts_at, ends_at, place, capacity, checkin_code)
          values (${p.id}, ${input.startsAt}, ${input.endsAt}, ${input.place ?? null}, ${input.capacity}, ${randomBytes(18).toString('base64url')})`,
    );
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'volunteer_project',
      entityId: p.id,
      orgId: p.org_id,
      summary: `项目「${p.name}」添加班次 ${chinaTime(input.startsAt)}–${chinaTime(input.endsAt)}`,
    });
  });
  return getProject(db, actor, projectId);
}

async function shiftOf(db: DbOrTx, actor: Actor, id: number) {
  const s = await repo.shiftInScope(db, scopeOf(actor), id);
  if (!s) throw new NotFound('班次');
  return s;
}

export async function shiftRoster(db: Db, actor: Actor, id: number): Promise<ShiftRoster> {
  authorize(actor, 'volunteers:read');
  const s = await shiftOf(db, actor, id);
  const signups = await repo.shiftSignups(db, id);
  return {
    shift: presentShift(s),
    signups: signups.map((g) => ({ volunteerId: g.volunteer_id, name: g.name, minutes: g.minutes, checkedIn: g.checked_in })),
  };
}

/** Signs a volunteer up for a shift: room left, the project still running, no overlap with the volunteer's other shifts. */
async function signUp(tx: DbOrTx, volunteer: repo.VolunteerRow, shiftId: number, scope?: Scope) {
  if (volunteer.status !== 'active') throw new Conflict(`${volunteer.name}已退出志愿者队伍`);
  await repo.lockVolunteer(tx, volunteer.id);
  const shift = await repo.shiftFor(tx, scope ? sql`s.id = ${shiftId} and ${pathInScope(scope, sql`j.org_path`)}` : sql`s.id = ${shiftId}`, true);
  if (!shift) throw new NotFound('班次');
  if (!scope && !volunteer.org_path.startsWith(shift.org_path)) throw new NotFound('班次');
  if (shift.project_status !== 'open') throw new Conflict(`项目「${shift.project_name}」已结束`);
  if (new Date(shift.ends_at) <= new Date()) throw new Conflict('这个班次已经结束');
  if (await repo.hasSignup(tx, shift.id, volunteer.id)) throw new Conflict(`${volunteer.name}已经报名了这个班次`);
  if (shift.signed_up >= shift.capacity) throw new Conflict(`这个班次已满（${shift.capacity} 人）`);
  const clash = await repo.overlappingSignup(tx, volunteer.id, new Date(shift.starts_at), new Date(shift.ends_at));
  if (clash) throw new Conflict(`与已报名的班次时间重叠：「${clash.project_name}」${chinaTime(clash.starts_at)}–${chinaTime(clash.ends_at)}`);
  await queryRows(tx, sql`insert into volunteer_signups (shift_id, volunteer_id) values (${shift.id}, ${volunteer.id})`);
  return shift;
}

export async function staffSignUp(db: Db, actor: Actor, shiftId: number, volunteerId: number): Promise<ShiftRoster> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const v = await volunteerOf(tx, actor, volunteerId);
    const shift = await signUp(tx, v, shiftId, scopeOf(actor));
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'volunteer_project',
      entityId: shift.project_id,
      orgId: shift.org_id,
      summary: `为 ${v.name} 报名「${shift.project_name}」${chinaTime(shift.starts_at)} 班次`,
    });
  });
  return shiftRoster(db, actor, shiftId);
}

// ---- service time: scans, back-fill, review ----

/** The first free pair number of a volunteer's project on a day, or a refusal when three are used. */
async function nextPair(tx: DbOrTx, volunteerId: number, projectId: number, day: string) {
  const used = (await repo.pairsUsed(tx, volunteerId, projectId, day)).map((r) => r.pair_no);
  for (let n = 1; n <= MAX_PAIRS_PER_DAY; n++) if (!used.includes(n)) return n;
  throw new Conflict(`每人每个项目每天最多签到签退 ${MAX_PAIRS_PER_DAY} 次，今天已满；如另有服务时间，请申请补录`);
}

const LATE_REASON = `超过班次结束 ${LATE_CHECKOUT_MINUTES / 60} 小时才签退，按班次结束时间计，待审核`;

/**
 * A volunteer scanned the venue's code: checks in, or out when checked in on this shift. A second
 * scan within two minutes of checking in is taken as a double tap. A check-out long after the
 * shift ended is recorded at the shift's end and waits for approval (the volunteer forgot to scan).
 */
export async function scan(db: Db, worker: WorkerActor & { personId: number }, code: string, now = new Date()): Promise<ScanAnswer> {
  const volunteer = await repo.volunteerOfPerson(db, worker.personId);
  if (!volunteer || volunteer.status !== 'active') throw new Conflict('你还不是志愿者：请先在“志愿服务”里登记成为志愿者');
  const { action, recordId, shift } = await db.transaction(async (tx) => {
    await repo.lockVolunteer(tx, volunteer.id);
    const shift = await repo.shiftFor(tx, sql`s.checkin_code = ${code}`);
    if (!shift) throw Invalid.field('code', '二维码无效：请扫描服务现场的签到二维码');
    if (!(await repo.hasSignup(tx, shift.id, volunteer.id))) throw new Conflict(`你没有报名「${shift.project_name}」的这个班次，请先报名`);
    const open = await repo.openRecord(tx, volunteer.id);
    if (open) {
      const openShift = open.shift_id === shift.id ? shift : await repo.shiftFor(tx, sql`s.id = ${open.shift_id}`);
      const lateBy = new Date(new Date(openShift!.ends_at).getTime() + LATE_CHECKOUT_MINUTES * 60_000);
      if (open.shift_id === shift.id) {
        if (now.getTime() - new Date(open.started_at).getTime() < 120_000) return { action: 'in' as const, recordId: open.id, shift };
        if (now <= lateBy) {
          await repo.closeRecord(tx, open.id, now, 'valid');
          return { action: 'out' as const, recordId: open.id, shift };
        }
        await repo.closeRecord(tx, open.id, new Date(openShift!.ends_at), 'pending', LATE_REASON);
        return { action: 'late' as const, recordId: open.id, shift };
      }
      if (now <= lateBy) throw new Conflict(`你在「${open.project_name}」的签到还没有签退，请先到那里扫码签退`);
      // Forgot to check out of an earlier shift: that time waits for approval, and this scan checks in.
      await repo.closeRecord(tx, open.id, new Date(openShift!.ends_at), 'pending', LATE_REASON);
    }
    if (shift.project_status !== 'open') throw new Conflict(`项目「${shift.project_name}」已结束`);
    const starts = new Date(shift.starts_at);
    if (now.getTime() < starts.getTime() - EARLY_CHECKIN_MINUTES * 60_000)
      throw new Conflict(`班次 ${chinaTime(starts)} 开始，开始前 ${EARLY_CHECKIN_MINUTES / 60} 小时内才能签到`);
    if (now >= new Date(shift.ends_at)) throw new Conflict('班次已结束，不能签到；如确已服务，请申请补录');
    const day = chinaToday(now);
    const pairNo = await nextPair(tx, volunteer.id, shift.project_id, day);
    const recordId = await repo.insertRecord(tx, {
      volunteerId: volunteer.id,
      projectId: shift.project_id,
      shiftId: shift.id,
      orderId: null,
      orgPath: shift.org_path,
      day,
      pairNo,
      startedAt: now,
      endedAt: null,
      source: 'qr',
      status: 'open',
      createdBy: null,
    });
    return { action: 'in' as const, recordId, shift };
  });
  const record = (await repo.recordById(db, recordId))!;
  return {
    action,
    project: { id: shift.project_id, name: shift.project_name },
    shift: presentShift(shift),
    record: presentRecord(record),
    todayMinutes: await repo.minutesOn(db, volunteer.id, shift.project_id, record.day),
  };
}

async function backfill(
  tx: DbOrTx,
  volunteer: repo.VolunteerRow,
  shift: NonNullable<Awaited<ReturnType<typeof repo.shiftFor>>>,
  input: BackfillInput,
  createdBy: number | null,
) {
  const from = new Date(input.startedAt);
  const to = new Date(input.endedAt);
  const earliest = new Date(new Date(shift.starts_at).getTime() - EARLY_CHECKIN_MINUTES * 60_000);
  const latest = new Date(new Date(shift.ends_at).getTime() + LATE_CHECKOUT_MINUTES * 60_000);
  if (from < earliest || to > latest)
    throw Invalid.field('startedAt', `补录的时间须在班次时间内（${chinaTime(shift.starts_at)}–${chinaTime(shift.ends_at)}，可早到 1 小时、晚走 2 小时）`);
  if (to > new Date()) throw Invalid.field('endedAt', '不能补录还没有到的时间');
  await repo.lockVolunteer(tx, volunteer.id);
  const clash = await repo.overlappingRecord(tx, volunteer.id, from, to);
  if (clash)
    throw new Conflict(
      `与已记录的服务时间重叠（${chinaTime(clash.started_at)}${clash.ended_at ? `–${chinaTime(clash.ended_at)}` : ' 起，尚未签退'}），不能重复计时`,
    );
  const day = chinaToday(from);
  const pairNo = await nextPair(tx, volunteer.id, shift.project_id, day);
  return repo.insertRecord(tx, {
    volunteerId: volunteer.id,
    projectId: shift.project_id,
    shiftId: shift.id,
    orderId: null,
    orgPath: shift.org_path,
    day,
    pairNo,
    startedAt: from,
    endedAt: to,
    source: 'backfill',
    status: 'pending',
    reason: input.reason,
    createdBy,
  });
}

/** A volunteer asks for time served without scanning; it counts once a manager approves it. */
export async function workerBackfill(db: Db, worker: WorkerActor & { personId: number }, input: BackfillInput): Promise<RecordView> {
  const volunteer = await repo.volunteerOfPerson(db, worker.personId);
  if (!volunteer || volunteer.status !== 'active') throw new Conflict('你还不是志愿者');
  const id = await db.transaction(async (tx) => {
    const shift = await repo.shiftFor(tx, sql`s.id = ${input.shiftId}`);
    if (!shift || !(await repo.hasSignup(tx, shift.id, volunteer.id))) throw new NotFound('班次', 'shiftId');
    return backfill(tx, volunteer, shift, input, null);
  });
  return presentRecord((await repo.recordById(db, id))!);
}

/** Staff back-fill for a volunteer (a paper sign-in sheet): it still waits for another manager's approval. */
export async function staffBackfill(db: Db, actor: Actor, input: StaffBackfillInput): Promise<RecordView> {
  authorize(actor, 'volunteers:manage');
  const id = await db.transaction(async (tx) => {
    const volunteer = await volunteerOf(tx, actor, input.volunteerId);
    const shift = await repo.shiftFor(tx, sql`s.id = ${input.shiftId} and ${pathInScope(scopeOf(actor), sql`j.org_path`)}`);
    if (!shift) throw new NotFound('班次', 'shiftId');
    if (!(await repo.hasSignup(tx, shift.id, volunteer.id))) throw Invalid.field('volunteerId', `${volunteer.name}没有报名这个班次`);
    const id = await backfill(tx, volunteer, shift, input, actor.accountId);
    await recordAudit(tx, actor, {
      action: 'volunteer.backfill',
      entity: 'volunteer_record',
      entityId: id,
      orgId: shift.org_id,
      summary: `为 ${volunteer.name} 补录「${shift.project_name}」${chinaTime(input.startedAt)}–${chinaTime(input.endedAt)}：${input.reason}`,
    });
    return id;
  });
  return presentRecord((await repo.recordById(db, id))!, actor);
}

export async function listRecords(db: Db, actor: Actor, q: ListRecordsQuery): Promise<RecordPage> {
  authorize(actor, 'volunteers:read');
  const { rows, total } = await repo.listRecords(db, scopeOf(actor), q);
  return { items: rows.map((r) => presentRecord(r, actor)), total, page: q.page, pageSize: q.pageSize };
}

/** Approves or refuses back-filled (or late) time. Whoever entered it may not approve it. */
export async function reviewRecord(db: Db, actor: Actor, id: number, input: ReviewInput): Promise<RecordView> {
  authorize(actor, 'volunteers:approve');
  await db.transaction(async (tx) => {
    const r = await repo.recordById(tx, id, scopeOf(actor), true);
    if (!r) throw new NotFound('服务时长记录');
    if (r.status !== 'pending') throw new Conflict('这条服务时长不在待审核状态');
    if (r.created_by !== null && r.created_by === actor.accountId) throw new Conflict('补录人不能审核自己补录的时长，请另一位管理员审核');
    if (!input.approve && !input.note) throw Invalid.field('note', '不通过时请填写审核意见');
    if (input.approve) {
      const clash = await repo.overlappingRecord(tx, r.volunteer_id, new Date(r.started_at), new Date(r.ended_at!), r.id);
      if (clash && clash.status === 'valid') throw new Conflict('与这位志愿者已有的有效服务时间重叠，不能通过');
    }
    await repo.reviewRecord(tx, id, input.approve, actor.accountId, input.note ?? null);
    await recordAudit(tx, actor, {
      action: input.approve ? 'volunteer.approve' : 'volunteer.reject',
      entity: 'volunteer_record',
      entityId: id,
      orgId: actor.orgId,
      summary: `${input.approve ? '通过' : '不通过'} ${r.volunteer_name} 的补录时长 ${chinaTime(r.started_at)}–${chinaTime(r.ended_at!)}（${minutesText(r.minutes ?? 0)}）${input.note ? `：${input.note}` : ''}`,
    });
  });
  return presentRecord((await repo.recordById(db, id))!, actor);
}

// ---- the worker's side ----

export async function joinAsVolunteer(db: Db, worker: WorkerActor & { personId: number }, input: JoinInput): Promise<MyVolunteer> {
  const person = await repo.personById(db, worker.personId);
  if (!person) throw new NotFound('职工档案');
  const id = await insertVolunteer(db, person, input, null);
  if (!id) throw new Conflict('你已经是志愿者了');
  return myVolunteer(db, worker);
}

export async function myVolunteer(db: Db, worker: WorkerActor & { personId: number }): Promise<MyVolunteer> {
  const v = await repo.volunteerOfPerson(db, worker.personId);
  if (!v) return { volunteer: null, shifts: [], records: [], tasks: [] };
  const [shifts, records, tasks] = await Promise.all([repo.upcomingShiftsFor(db, v.org_path, v.id), repo.recordsOfVolunteer(db, v.id), repo.tasksOf(db, v.id)]);
  return {
    volunteer: presentVolunteer(v),
    shifts: shifts.map((s) => ({
      ...presentShift(s),
      project: { id: s.project_id, name: s.project_name, kind: s.kind, place: s.project_place },
      mine: s.mine,
    })),
    records: records.map((r) => presentRecord(r)),
    tasks: tasks.map((o) => presentOrder(o, false)),
  };
}

export async function workerSignUp(db: Db, worker: WorkerActor & { personId: number }, shiftId: number): Promise<MyVolunteer> {
  const v = await repo.volunteerOfPerson(db, worker.personId);
  if (!v) throw new Conflict('你还不是志愿者：请先登记成为志愿者');
  await db.transaction((tx) => signUp(tx, v, shiftId));
  return myVolunteer(db, worker);
}

/** Withdraws from a shift that has not started and has no time recorded. */
export async function workerCancelSignUp(db: Db, worker: WorkerActor & { personId: number }, shiftId: number): Promise<MyVolunteer> {
  const v = await repo.volunteerOfPerson(db, worker.personId);
  if (!v) throw new Conflict('你还不是志愿者');
  await db.transaction(async (tx) => {
    const shift = await repo.shiftFor(tx, sql`s.id = ${shiftId}`);
    if (!shift || !(await repo.hasSignup(tx, shiftId, v.id))) throw new NotFound('报名');
    if (new Date(shift.starts_at) <= new Date()) throw new Conflict('班次已经开始，不能取消报名');
    await queryRows(tx, sql`delete from volunteer_signups where shift_id = ${shiftId} and volunteer_id = ${v.id}`);
  });
  return myVolunteer(db, worker);
}

// ---- roll-up ----

export async function volunteerStats(db: Db, actor: Actor, q: StatsQuery): Promise<VolunteerStats> {
  authorize(actor, 'volunteers:read');
  if (q.from > q.to) throw Invalid.field('to', '结束日期不能早于开始日期');
  const scope = scopeOf(actor);
  let top = scope;
  if (q.orgId) {
    const org = await repo.orgInScope(db, scope, q.orgId);
    if (!org) throw new NotFound('工会', 'orgId');
    top = narrowTo(scope, org.path);
  }
  const s = await repo.stats(db, top, q.from, q.to);
  return {
    volunteers: s.volunteers,
    serving: s.serving,
    minutes: s.minutes,
    orders: { total: s.orders.total, done: s.orders.done, averageRating: s.orders.rating },
    byOrg: s.byOrg,
    byProject: s.byProject,
    byMonth: s.byMonth,
  };
}

/** The venue's QR poster of a shift. */
export async function shiftPoster(db: Db, actor: Actor, id: number, origin: string) {
  authorize(actor, 'volunteers:read');
  const s = await shiftOf(db, actor, id);
  const p = (await repo.projectInScope(db, scopeOf(actor), s.project_id))!;
  const pdf = await renderShiftPoster({
    project: p.name,
    org: p.org_name,
    place: s.place ?? p.place,
    startsAt: chinaTime(s.starts_at),
    endsAt: chinaTime(s.ends_at),
    url: `${origin}/m/volunteers/scan?code=${s.checkin_code}`,
  });
  return { pdf, fileName: `${p.name}签到二维码.pdf` };
}
