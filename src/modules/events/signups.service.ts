/**
 * 报名: staff sign a registry person up on their behalf; a worker signs up on the portal. A place is
 * taken by one conditional update (the event's, and its quota row's where places were allocated
 * down the tree); when none is left the sign-up waits in line (候补) unless the caller said not to.
 * Cancelling a place offers it to the next in line in the same transaction. Then attendance (到场),
 * a rating after attending, and the certificate.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { intersect, reachOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { scopeOfOrg } from '../orgs/index.ts';
import * as events from './events.repository.ts';
import * as repo from './signups.repository.ts';
import { audienceScopes, iso, readerScope, visibleEvent } from './events.service.ts';
import { freePlace } from './offers.service.ts';
import {
  EVENT_STATUS_LABELS,
  SIGNUP_STATUS_LABELS,
  type ListSignupsQuery,
  type MySignup,
  type RatingInput,
  type SignupInput,
  type SignupRow,
  type WorkerEvent,
} from './events.contract.ts';

registerConstraintMessage('event_signups_live_key', 'personId', '该职工已报名此活动，不能重复报名');
registerConstraintMessage('event_signups_rating_check', 'rating', '参加活动后才能评价');
registerConstraintMessage('event_signups_attended_check', 'attended', '只有已报名（已确认）的职工可以登记到场');

const LIVE = ['confirmed', 'waiting', 'offered'] as const;
const isLive = (s: string) => (LIVE as readonly string[]).includes(s);
const eventLive = (status: string) => status === 'draft' || status === 'open' || status === 'closed';
const attendable = (status: string) => status === 'open' || status === 'closed' || status === 'finished';

/** The day ages are taken on for an audience: the first session's, else today. */
const audienceDay = (e: events.EventRow) => (e.starts_at ? chinaToday(new Date(e.starts_at)) : chinaToday());

function presentSignup(actor: Actor, e: events.EventRow, s: repo.SignupDbView): SignupRow {
  const manage = can(actor, 'events:manage');
  return {
    id: s.id,
    eventId: s.event_id,
    personId: s.person_id,
    name: s.name,
    idMasked: s.id_masked,
    orgId: s.org_id,
    orgName: s.org_name,
    status: s.status,
    source: s.source,
    position: s.position,
    offeredUntil: s.status === 'offered' ? iso(s.offered_until) : null,
    attendedAt: iso(s.attended_at),
    rating: s.rating,
    feedback: s.feedback,
    certificateNo: s.certificate_no,
    cancelReason: s.cancel_reason,
    createdAt: iso(s.created_at)!,
    can: {
      cancel: manage && isLive(s.status) && !s.attended_at && eventLive(e.status),
      attend: manage && s.status === 'confirmed' && !s.attended_at && attendable(e.status),
      unattend: manage && !!s.attended_at && s.rating === null && s.certificate_no === null,
      certificate: !!s.attended_at,
    },
  };
}

/**
 * Takes a place for the person or puts them in line. The friendly check for a second sign-up
 * comes first; the partial unique index decides when two arrive together.
 */
async function takeOrWait(
  tx: DbOrTx,
  e: events.EventRow,
  person: events.PersonHit,
  by: { source: 'staff' | 'worker'; createdBy: number | null; workerId: number | null; waitIfFull: boolean },
  /** The caller already read the person's live sign-up and refused on it. */
  liveChecked = false,
) {
  const live = liveChecked ? undefined : await repo.liveSignupOf(tx, e.id, person.id);
  if (live) {
    const message = `${person.name}已报名「${e.title}」（${SIGNUP_STATUS_LABELS[live.status]}），不能重复报名`;
    throw new Conflict(message, [{ field: 'personId', message }]);
  }
  const quota = e.capacity === null ? undefined : await events.coveringQuota(tx, e.id, person.org_path);
  const took = await repo.takePlace(tx, e.id, quota?.org_id ?? null);
  if (!took && !by.waitIfFull) throw new Conflict(`「${e.title}」名额已满`);
  const status = took ? ('confirmed' as const) : ('waiting' as const);
  const id = await repo.insertSignup(tx, {
    eventId: e.id,
    personId: person.id,
    orgId: person.org_id,
    orgPath: person.org_path,
    quotaOrgId: took ? (quota?.org_id ?? null) : null,
    status,
    queueNo: took ? null : await repo.joinLine(tx, e.id),
    ...by,
  });
  return { id, status };
}

async function eventSignup(db: DbOrTx, actor: Actor, eventId: number, signupId: number) {
  const e = await visibleEvent(db, actor, eventId);
  const s = await repo.signupIn(db, eventId, readerScope(actor, e), signupId);
  if (!s) throw new NotFound('报名');
  return { e, s };
}

// ---- Staff ----------------------------------------------------------------------------------------

/** 报名名单: the event's sign-ups of people in the actor's part of the organiser's subtree. */
export async function listSignups(db: Db, actor: Actor, eventId: number, q: ListSignupsQuery) {
  authorize(actor, 'events:read');
  const e = await visibleEvent(db, actor, eventId);
  let within: Scope | undefined = readerScope(actor, e);
  if (q.orgId) within = intersect(within, await scopeOfOrg(db, actor, q.orgId, 'orgId'));
  if (!within) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const [rows, total] = await Promise.all([repo.listSignups(db, eventId, within, q), repo.countSignups(db, eventId, within, q)]);
  return { items: rows.map((s) => presentSignup(actor, e, s)), total, page: q.page, pageSize: q.pageSize };
}

/** 代职工报名: a person of the actor's subtree whom the audience reaches. */
export async function staffSignUp(db: Db, actor: Actor, eventId: number, input: SignupInput) {
  authorize(actor, 'events:manage');
  const id = await db.transaction(async (tx) => {
    const e = await visibleEvent(tx, actor, eventId);
    if (!eventLive(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能再报名`);
    if (e.selection) throw new Conflict(SELECTED_NOT_SIGNED_UP[e.selection]);
    const within = readerScope(actor, e);
    const person = await events.personIn(tx, within, input.personId, null, new Map(), audienceDay(e));
    if (!person) throw new NotFound('职工', 'personId');
    if (e.audience) {
      const scopes = await audienceScopes(tx, null, { path: e.org_path }, e.audience);
      if (!(await events.personIn(tx, within, input.personId, e.audience, scopes, audienceDay(e)))) {
        throw Invalid.field('personId', `${person.name}不符合「${e.title}」的报名条件`);
      }
    }
    const r = await takeOrWait(tx, e, person, { source: 'staff', createdBy: actor.accountId, workerId: null, waitIfFull: input.waitIfFull });
    await recordAudit(tx, actor, {
      action: 'event.signup',
      entity: 'event_signup',
      entityId: r.id,
      orgId: person.org_id,
      summary: `代${person.name}报名「${e.title}」：${SIGNUP_STATUS_LABELS[r.status]}`,
    });
    return r.id;
  });
  const { e, s } = await eventSignup(db, actor, eventId, id);
  return presentSignup(actor, e, s);
}

/** 取消报名 (staff): a place held is offered to the next in line. */
export async function staffCancel(db: Db, actor: Actor, eventId: number, signupId: number, reason: string | null) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const { e, s } = await eventSignup(tx, actor, eventId, signupId);
    await cancelInTx(tx, actor, e, s, reason ?? '工会取消');
  });
  const { e, s } = await eventSignup(db, actor, eventId, signupId);
  return presentSignup(actor, e, s);
}

async function cancelInTx(tx: DbOrTx, actor: Actor, e: events.EventRow, found: repo.SignupDbView, reason: string) {
  await repo.lockSignup(tx, found.id);
  const s = (await repo.signupById(tx, found.id))!;
  if (!isLive(s.status)) throw new Conflict(`该报名${SIGNUP_STATUS_LABELS[s.status]}，无需取消`);
  if (s.attended_at) throw new Conflict('已登记到场，不能取消报名');
  if (!eventLive(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能再取消报名`);
  await repo.setSignupStatus(tx, s.id, 'cancelled', reason);
  if (s.status !== 'waiting') await freePlace(tx, s, e);
  await recordAudit(tx, actor, {
    action: 'event.signup_cancel',
    entity: 'event_signup',
    entityId: s.id,
    orgId: s.org_id,
    summary: `取消${s.name}的「${e.title}」报名（${reason}）`,
    before: { status: s.status },
  });
}

/** 登记到场 / 撤销到场: only a confirmed sign-up attends; an undo is refused once rated or certified. */
export async function markAttendance(db: Db, actor: Actor, eventId: number, signupId: number, attended: boolean) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const { e, s: found } = await eventSignup(tx, actor, eventId, signupId);
    await repo.lockSignup(tx, found.id);
    const s = (await repo.signupById(tx, found.id))!;
    if (!attendable(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能登记到场`);
    if (attended) {
      if (s.status !== 'confirmed') throw new Conflict(`该报名${SIGNUP_STATUS_LABELS[s.status]}，只有已报名（已确认）的职工可以登记到场`);
      if (s.attended_at) return;
    } else {
      if (!s.attended_at) return;
      if (s.rating !== null) throw new Conflict('职工已评价，不能撤销到场');
      if (s.certificate_no) throw new Conflict('已出具参加证明，不能撤销到场');
    }
    await repo.setAttended(tx, s.id, attended);
    await recordAudit(tx, actor, {
      action: attended ? 'event.attend' : 'event.unattend',
      entity: 'event_signup',
      entityId: s.id,
      orgId: s.org_id,
      summary: `${attended ? '登记' : '撤销'}${s.name}参加「${e.title}」到场`,
    });
  });
  const { e, s } = await eventSignup(db, actor, eventId, signupId);
  return presentSignup(actor, e, s);
}

/** The attended sign-up a staff member may print a certificate for. */
export async function staffCertificateSignup(db: DbOrTx, actor: Actor, eventId: number, signupId: number) {
  authorize(actor, 'events:read');
  return eventSignup(db, actor, eventId, signupId);
}

// ---- Worker portal ------------------------------------------------------------------------------

/** The worker as the audit log names them, acting on the event's union. */
function workerAuditActor(w: WorkerActor, org: { id: number; path: string }): Actor {
  return { accountId: null, username: `职工 ${w.phoneMasked}`, orgId: org.id, orgPath: org.path, roles: [], permissions: new Set(), sessionId: null, ip: w.ip };
}

interface Reg {
  workerId: number;
  personId: number;
}

/** Whether the audience reaches the person (null: not in the organiser's subtree or not matching). */
async function personForEvent(db: DbOrTx, e: events.EventRow, personId: number) {
  const scopes = await audienceScopes(db, null, { path: e.org_path }, e.audience);
  return events.personIn(db, reachOf({ path: e.org_path }), personId, e.audience, scopes, audienceDay(e));
}

function presentMine(s: repo.MySignupRow, e?: { status: string }): MySignup {
  const eventStatus = (e?.status ?? s.event_status) as MySignup['eventStatus'];
  return {
    id: s.id,
    eventId: s.event_id,
    eventTitle: s.event_title,
    kind: s.kind as MySignup['kind'],
    eventStatus,
    orgName: s.event_org_name,
    status: s.status,
    position: s.position,
    waitingTotal: s.waiting_total,
    offeredUntil: s.status === 'offered' ? iso(s.offered_until) : null,
    attendedAt: iso(s.attended_at),
    rating: s.rating,
    feedback: s.feedback,
    certificateNo: s.certificate_no,
    startsAt: iso(s.starts_at),
    createdAt: iso(s.created_at)!,
    can: {
      cancel: isLive(s.status) && !s.attended_at && eventLive(eventStatus),
      accept: s.status === 'offered',
      decline: s.status === 'offered',
      rate: !!s.attended_at && s.rating === null,
      certificate: !!s.attended_at,
    },
  };
}

/** Why the worker cannot sign up now, or null. */
/** Where the places of a kind with its own selection are asked for instead of signed up for. */
const SELECTED_NOT_SIGNED_UP = {
  draw: '夏令营的名额按摇号录取：请在「夏令营」页面为子女报名',
  score: '疗休养的名额按评分排名确定：请在「疗休养」页面申请或由工会推荐',
} as const;

function refusal(e: events.EventRow, matches: boolean, mine: Pick<repo.MySignupRow, 'status'> | undefined, now = new Date()): string | null {
  if (mine && isLive(mine.status)) return `您已报名（${SIGNUP_STATUS_LABELS[mine.status]}）`;
  if (e.status !== 'open') return e.status === 'closed' ? '报名已截止' : `活动${EVENT_STATUS_LABELS[e.status]}`;
  if (e.selection) return SELECTED_NOT_SIGNED_UP[e.selection];
  if (!e.worker_signup) return '本活动由工会统一报名，请联系所在工会';
  if (e.signup_opens_at && now < new Date(e.signup_opens_at))
    return `报名尚未开始（${new Date(e.signup_opens_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 开始）`;
  if (e.signup_closes_at && now >= new Date(e.signup_closes_at)) return '报名已截止';
  if (!matches) return '您不符合本活动的报名条件';
  return null;
}

async function presentWorkerEvent(db: DbOrTx, e: events.EventRow, personId: number, matches: boolean): Promise<WorkerEvent> {
  const [sessions, mine] = await Promise.all([events.sessionsOf(db, e.id), repo.latestSignupOf(db, personId, e.id)]);
  const reason = refusal(e, matches, mine);
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    description: e.description,
    orgName: e.org_name,
    status: e.status,
    capacity: e.capacity,
    placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.taken),
    waiting: e.waiting,
    signupClosesAt: iso(e.signup_closes_at),
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: iso(s.startsAt)!,
      endsAt: iso(s.endsAt)!,
      place: s.place,
      address: s.address,
      lng: s.lng,
      lat: s.lat,
      datum: s.datum,
    })),
    mySignup: mine ? presentMine(mine, e) : null,
    canSignUp: reason === null,
    reason,
  };
}

/** An event the worker may see: organised above their union, not a draft, and reaching them (or holding their sign-up). */
async function workerVisibleEvent(db: DbOrTx, w: Reg, id: number) {
  const e = await events.eventForPerson(db, w.personId, id);
  if (!e || e.status === 'draft') throw new NotFound('活动');
  const person = await personForEvent(db, e, w.personId);
  if (!person && !(await repo.latestSignupOf(db, w.personId, id))) throw new NotFound('活动');
  return { e, person, matches: !!person };
}

/** 活动 (portal): open events the worker may join, and those they signed up for. */
export async function workerEvents(db: Db, w: Reg): Promise<WorkerEvent[]> {
  const rows = await events.eventsForPerson(db, w.personId);
  const out: WorkerEvent[] = [];
  for (const e of rows) {
    const matches = !!(await personForEvent(db, e, w.personId));
    const mine = await repo.latestSignupOf(db, w.personId, e.id);
    if (!mine && !(matches && e.status === 'open' && e.worker_signup && !e.selection)) continue;
    out.push(await presentWorkerEvent(db, e, w.personId, matches));
  }
  return out;
}

export async function workerEvent(db: Db, w: Reg, id: number) {
  const { e, matches } = await workerVisibleEvent(db, w, id);
  return presentWorkerEvent(db, e, w.personId, matches);
}

/** 我的报名. */
/** The 活动报名 tile: freed places waiting for my answer, and events I am signed up for. */
export async function signupsHome(db: DbOrTx, w: WorkerActor): Promise<{ offered: number; live: number }> {
  return w.personId === null ? { offered: 0, live: 0 } : repo.countLiveOfPerson(db, w.personId);
}

export async function mySignups(db: Db, w: Reg) {
  return (await repo.signupsOfPerson(db, w.personId)).map((s) => presentMine(s));
}

async function mine(db: DbOrTx, w: Reg, id: number) {
  const s = await repo.signupOfPerson(db, w.personId, id);
  if (!s) throw new NotFound('报名');
  return s;
}

/** 我要报名: an open event within its sign-up window that lets workers sign up and reaches them. */
export async function workerSignUp(db: Db, w: WorkerActor & Reg, eventId: number, input: { waitIfFull: boolean }) {
  const id = await db.transaction(async (tx) => {
    const { e, person, matches } = await workerVisibleEvent(tx, w, eventId);
    const reason = refusal(e, matches, await repo.liveSignupOf(tx, eventId, w.personId));
    if (reason || !person) throw new Conflict(reason ?? '您不符合本活动的报名条件');
    const r = await takeOrWait(tx, e, person, { source: 'worker', createdBy: null, workerId: w.workerId, waitIfFull: input.waitIfFull }, true);
    await recordAudit(tx, workerAuditActor(w, { id: e.org_id, path: e.org_path }), {
      action: 'event.worker_signup',
      entity: 'event_signup',
      entityId: r.id,
      orgId: person.org_id,
      summary: `${person.name}报名「${e.title}」：${SIGNUP_STATUS_LABELS[r.status]}`,
    });
    return r.id;
  });
  return presentMine(await mine(db, w, id));
}

/** 取消报名 (worker). */
export async function workerCancel(db: Db, w: WorkerActor & Reg, id: number) {
  await db.transaction(async (tx) => {
    const s = await mine(tx, w, id);
    const e = (await events.eventById(tx, s.event_id))!;
    await cancelInTx(tx, workerAuditActor(w, { id: e.org_id, path: e.org_path }), e, s, '本人取消');
  });
  return presentMine(await mine(db, w, id));
}

/** 确认递补 / 放弃递补: an offer taken within its time becomes a place; declined, it moves to the next in line. */
export async function answerOffer(db: Db, w: WorkerActor & Reg, id: number, accept: boolean) {
  await db.transaction(async (tx) => {
    const found = await mine(tx, w, id);
    await repo.lockSignup(tx, id);
    const s = (await repo.signupById(tx, id))!;
    const e = (await events.eventById(tx, s.event_id))!;
    if (s.status !== 'offered') throw new Conflict(`该报名${SIGNUP_STATUS_LABELS[s.status]}，没有待确认的递补名额`);
    if (accept && new Date(s.offered_until!) <= new Date()) throw new Conflict('递补确认时限已过，名额将递补给下一位');
    await repo.setSignupStatus(tx, id, accept ? 'confirmed' : 'declined');
    if (!accept) await freePlace(tx, s, e);
    await recordAudit(tx, workerAuditActor(w, { id: e.org_id, path: e.org_path }), {
      action: accept ? 'event.offer_accept' : 'event.offer_decline',
      entity: 'event_signup',
      entityId: id,
      orgId: found.org_id,
      summary: `${s.name}${accept ? '确认' : '放弃'}「${e.title}」的递补名额`,
    });
  });
  return presentMine(await mine(db, w, id));
}

/** 评价: once, after attending. */
export async function rateEvent(db: Db, w: WorkerActor & Reg, id: number, input: RatingInput) {
  await db.transaction(async (tx) => {
    await mine(tx, w, id);
    await repo.lockSignup(tx, id);
    const s = (await repo.signupById(tx, id))!;
    if (!s.attended_at) throw Invalid.field('rating', '参加活动后才能评价');
    if (s.rating !== null) throw new Conflict('您已评价过本次活动');
    const e = (await events.eventById(tx, s.event_id))!;
    await repo.setRating(tx, id, input.rating, input.feedback);
    await recordAudit(tx, workerAuditActor(w, { id: e.org_id, path: e.org_path }), {
      action: 'event.rate',
      entity: 'event_signup',
      entityId: id,
      orgId: s.org_id,
      summary: `${s.name}评价「${e.title}」：${input.rating} 分`,
    });
  });
  return presentMine(await mine(db, w, id));
}

/** The worker's own attended sign-up, for their certificate. */
export async function myCertificateSignup(db: DbOrTx, w: Reg, id: number) {
  const s = await mine(db, w, id);
  return s;
}
