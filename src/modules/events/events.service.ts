/**
 * 活动's events: create and edit (with a version check), the lifecycle 草稿 → 报名中 → 报名截止 → 已结束
 * (or 已取消 with a reason), sessions with their places and holiday warnings, places down the tree,
 * and the detail a staff member reads with what they may do.
 *
 * Who sees what: an event organised in the actor's subtree, or above it (its places and audience
 * reach the actor's people). Only the organiser's line manages it. What an event organised above
 * shows a county — places, sign-ups, audience — is counted in the county's subtree only.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, intersect, narrow, reachOf, scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import * as repo from './events.repository.ts';
import * as signups from './signups.repository.ts';
import { notify } from '../messages/index.ts';
import { holidayWarnings } from './sessions.holidays.ts';
import { MY_EVENTS_PAGE, offerFreedPlaces } from './offers.service.ts';
import {
  EVENT_STATUS_LABELS,
  type EligibilityRule,
  type EventInput,
  type EventStatus,
  type EventSummary,
  type EventTransition,
  type EventTransitionInput,
  type EventUpdateInput,
  type EventView,
  type ListEventsQuery,
  type QuotaInput,
  type QuotaNode,
  type SessionInput,
  type SessionView,
} from './events.contract.ts';

registerConstraintMessage('events_taken_check', 'capacity', '名额不能少于已报名和递补待确认的人数');
registerConstraintMessage('event_quotas_places_check', 'places', '名额不能少于已下达和已占用的名额，下达的名额也不能超过上级可分配的名额');
registerConstraintMessage('event_sessions_china_check', 'lng', '坐标须在中国境内（经度 73–136，纬度 3–54）');
registerConstraintMessage('event_sessions_point_check', 'datum', '经度、纬度和坐标系须同时填写或同时不填');

export const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** Statuses in which the event can still be changed. */
const LIVE: readonly EventStatus[] = ['draft', 'open', 'closed'];

/** The lifecycle: where each step may start from. */
const FROM: Record<EventTransition, readonly EventStatus[]> = {
  open: ['draft', 'closed'],
  close: ['open'],
  finish: ['open', 'closed'],
  cancel: ['draft', 'open', 'closed'],
};
const TO: Record<EventTransition, EventStatus> = { open: 'open', close: 'closed', finish: 'finished', cancel: 'cancelled' };

/** An event the actor may read (404 otherwise). */
export async function visibleEvent(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.eventVisible(db, scopeOf(actor), id);
  if (!row) throw new NotFound('活动');
  return row;
}

/** An event organised in the actor's subtree (404 otherwise: one organised above or beside is not theirs to change). */
export async function managedEvent(db: DbOrTx, actor: Actor, id: number) {
  const row = await repo.eventOrganisedIn(db, scopeOf(actor), id);
  if (!row) throw new NotFound('活动');
  return row;
}

/** What of the event the actor reads: the organiser's subtree, narrowed to the actor's own. */
export function readerScope(actor: Actor, event: { org_path: string }): Scope {
  return intersect(reachOf({ path: event.org_path }), scopeOf(actor))!;
}

/** The scopes of the unions an audience names, each inside the organiser's reach (404 for one outside the actor's scope). */
export async function audienceScopes(db: DbOrTx, actor: Actor | null, organiser: { path: string }, rule: EligibilityRule | null) {
  const out = new Map<number, Scope>();
  if (!rule?.orgIds.length) return out;
  const reach = reachOf(organiser);
  for (const org of await repo.orgPaths(db, rule.orgIds)) {
    const inside = narrow(reach, org.path);
    if (inside && (!actor || contains(scopeOf(actor), org.path))) out.set(org.id, inside);
  }
  return out;
}

async function checkAudience(db: DbOrTx, actor: Actor, organiser: { path: string }, rule: EligibilityRule | null) {
  const scopes = await audienceScopes(db, actor, organiser, rule);
  const missing = rule?.orgIds.find((id) => !scopes.has(id));
  if (missing !== undefined) throw new NotFound('报名条件中的单位', 'audience.orgIds');
}

function presentSession(s: repo.EventSessionDbRow): SessionView {
  return { id: s.id, startsAt: iso(s.startsAt)!, endsAt: iso(s.endsAt)!, place: s.place, address: s.address, lng: s.lng, lat: s.lat, datum: s.datum };
}

export function presentSummary(e: repo.EventRow): EventSummary {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    orgId: e.org_id,
    orgName: e.org_name,
    status: e.status,
    capacity: e.capacity,
    taken: e.taken,
    waiting: e.waiting,
    workerSignup: e.worker_signup,
    signupOpensAt: iso(e.signup_opens_at),
    signupClosesAt: iso(e.signup_closes_at),
    startsAt: iso(e.starts_at),
    endsAt: iso(e.ends_at),
    sessions: e.sessions,
    createdAt: iso(e.created_at)!,
  };
}

/** The day ages are taken on for an audience: the first session's, else today. */
const audienceDay = (e: repo.EventRow) => (e.starts_at ? chinaToday(new Date(e.starts_at)) : chinaToday());

/** Everything the detail page shows, with the steps the server would take from this account. */
export async function presentEvent(db: DbOrTx, actor: Actor, e: repo.EventRow): Promise<EventView> {
  const within = readerScope(actor, e);
  const [sessions, quotas, figures, reach] = await Promise.all([
    repo.sessionsOf(db, e.id),
    repo.quotasIn(db, e.id, within),
    signups.signupFigures(db, e.id, within),
    audienceScopes(db, null, { path: e.org_path }, e.audience).then((scopes) => repo.countAudience(db, within, e.audience, scopes, audienceDay(e))),
  ]);
  const organiser = contains(scopeOf(actor), e.org_path);
  const manage = can(actor, 'events:manage');
  const live = LIVE.includes(e.status);
  const edit = manage && organiser && live;
  const quotaEditable = (q: repo.QuotaRow) =>
    manage && live && q.parent_org_id !== null && quotas.some((p) => p.org_id === q.parent_org_id) && contains(scopeOf(actor), q.org_path);
  return {
    ...presentSummary(e),
    description: e.description,
    audience: e.audience,
    audienceReach: reach,
    offerHours: e.offer_hours,
    cancelReason: e.cancel_reason,
    createdBy: organiser ? e.created_by_name : null,
    version: e.version,
    sessionList: sessions.map(presentSession),
    quotas: quotas.map((q): QuotaNode => ({
      orgId: q.org_id,
      parentOrgId: quotas.some((p) => p.org_id === q.parent_org_id) ? q.parent_org_id : null,
      orgName: q.org_name,
      orgPath: q.org_path,
      places: q.places,
      childPlaces: q.child_places,
      taken: q.taken,
      free: q.places - q.child_places - q.taken,
      editable: quotaEditable(q),
    })),
    counts: {
      confirmed: figures.confirmed,
      waiting: figures.waiting,
      offered: figures.offered,
      cancelled: figures.cancelled,
      declined: figures.declined,
      expired: figures.expired,
    },
    attended: figures.attended,
    averageRating: figures.average === null ? null : Number(figures.average),
    ratings: figures.ratings,
    warnings: holidayWarnings(sessions),
    can: {
      edit,
      actions: manage && organiser ? (Object.keys(FROM) as EventTransition[]).filter((a) => FROM[a].includes(e.status)) : [],
      sessions: edit,
      quotas: manage && live && e.capacity !== null && (organiser || quotas.length > 0),
      signUp: manage && live,
      attendance: manage && (e.status === 'open' || e.status === 'closed' || e.status === 'finished'),
    },
  };
}

/** 活动列表: events organised in the actor's subtree or above it (or in one union's subtree), filtered. */
export async function listEvents(db: Db, actor: Actor, q: ListEventsQuery) {
  authorize(actor, 'events:read');
  const scope = scopeOf(actor);
  const within = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : undefined;
  const [rows, total] = await Promise.all([repo.listEvents(db, scope, within, q), repo.countEvents(db, scope, within, q)]);
  return { items: rows.map(presentSummary), total, page: q.page, pageSize: q.pageSize };
}

export async function getEvent(db: Db, actor: Actor, id: number) {
  authorize(actor, 'events:read');
  return presentEvent(db, actor, await visibleEvent(db, actor, id));
}

/** The live count of the people an audience reaches in the organiser's subtree (and the actor's), before saving. */
export async function previewAudience(db: Db, actor: Actor, input: { orgId: number; audience: EligibilityRule | null }) {
  authorize(actor, 'events:manage');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  await checkAudience(db, actor, org, input.audience);
  const scopes = await audienceScopes(db, actor, org, input.audience);
  return { reach: await repo.countAudience(db, reachOf(org), input.audience, scopes, chinaToday()) };
}

const columns = (input: EventInput) => ({
  ...input,
  signupOpensAt: input.signupOpensAt ? new Date(input.signupOpensAt) : null,
  signupClosesAt: input.signupClosesAt ? new Date(input.signupClosesAt) : null,
});

/** 新建活动: a draft organised by a union of the actor's subtree. */
export async function createEvent(db: Db, actor: Actor, input: EventInput) {
  authorize(actor, 'events:manage');
  const id = await db.transaction(async (tx) => {
    const org = await findOrgInScope(tx, actor, input.orgId, 'orgId');
    await checkAudience(tx, actor, org, input.audience);
    const id = await repo.insertEvent(tx, { ...columns(input), createdBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'event.create',
      entity: 'event',
      entityId: id,
      orgId: org.id,
      summary: `新建活动「${input.title}」（${org.name}）`,
      after: input,
    });
    return id;
  });
  return getEvent(db, actor, id);
}

/** 编辑活动: refused when someone saved since the form was opened; a larger capacity offers places to those waiting. */
export async function updateEvent(db: Db, actor: Actor, id: number, { version, data }: EventUpdateInput) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    await repo.lockEvent(tx, id);
    const e = await managedEvent(tx, actor, id);
    if (!LIVE.includes(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能再修改`);
    if (e.version !== version) throw new Conflict('活动已被他人修改，请刷新后重试');
    const org = data.orgId === e.org_id ? { id: e.org_id, path: e.org_path, name: e.org_name } : await findOrgInScope(tx, actor, data.orgId, 'orgId');
    if (org.id !== e.org_id && e.status !== 'draft') throw Invalid.field('orgId', '活动已开放报名，不能更换主办单位');
    if (org.id !== e.org_id && (await repo.hasQuotas(tx, id))) throw Invalid.field('orgId', '活动已分配名额，不能更换主办单位');
    await checkAudience(tx, actor, org, data.audience);
    if (data.capacity !== null && data.capacity < e.taken) throw Invalid.field('capacity', `名额不能少于已报名和递补待确认的 ${e.taken} 人`);
    const hasQuotas = await repo.hasQuotas(tx, id);
    if (hasQuotas && data.capacity === null) throw Invalid.field('capacity', '活动已向下分配名额，不能改为不限名额');
    if (!(await repo.updateEvent(tx, id, version, columns(data)))) throw new Conflict('活动已被他人修改，请刷新后重试');
    if (hasQuotas) await repo.setQuotaPlaces(tx, id, e.org_id, data.capacity!);
    await recordAudit(tx, actor, {
      action: 'event.update',
      entity: 'event',
      entityId: id,
      orgId: org.id,
      summary: `修改活动「${data.title}」`,
      before: {
        title: e.title,
        capacity: e.capacity,
        audience: e.audience,
        orgId: e.org_id,
        signupOpensAt: iso(e.signup_opens_at),
        signupClosesAt: iso(e.signup_closes_at),
      },
      after: data,
    });
    if (data.capacity === null || data.capacity > (e.capacity ?? 0)) await offerFreedPlaces(tx, { ...e, title: data.title, offer_hours: data.offerHours });
  });
  return getEvent(db, actor, id);
}

/** 开放报名 / 截止报名 / 结束活动 / 取消活动 (with a reason). */
export async function transitionEvent(db: Db, actor: Actor, id: number, input: EventTransitionInput) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    await repo.lockEvent(tx, id);
    const e = await managedEvent(tx, actor, id);
    if (e.version !== input.version) throw new Conflict('活动已被他人修改，请刷新后重试');
    if (!FROM[input.action].includes(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能${transitionWord(input.action)}`);
    if (input.action === 'open' && e.sessions === 0) throw Invalid.field('action', '请先添加至少一个场次，再开放报名');
    const to = TO[input.action];
    await repo.setStatus(tx, id, input.version, to, to === 'cancelled' ? input.reason : null);
    await recordAudit(tx, actor, {
      action: `event.${input.action}`,
      entity: 'event',
      entityId: id,
      orgId: e.org_id,
      summary: `${transitionWord(input.action)}：「${e.title}」${input.action === 'cancel' ? `（${input.reason}）` : ''}`,
      before: { status: e.status },
      after: { status: to, reason: input.reason },
    });
    if (input.action === 'cancel') await tellSignupsOfCancellation(tx, id, e.title, input.reason ?? '');
  });
  return getEvent(db, actor, id);
}

/**
 * Everyone who held, waited for or was offered a place hears that the event is off, with the
 * reason, in the portal and by text message, in the same transaction as the cancellation.
 */
async function tellSignupsOfCancellation(tx: DbOrTx, eventId: number, title: string, reason: string) {
  for (const s of await signups.liveSignups(tx, eventId)) {
    await notify(tx, {
      to: { personId: s.person_id },
      kind: 'events.cancelled',
      title: '活动已取消',
      body: `您${s.status === 'waiting' ? '候补' : '报名'}的活动「${title}」已取消${reason ? `，原因：${reason}` : ''}。给您带来不便，敬请谅解。`,
      link: MY_EVENTS_PAGE,
      sms: true,
      dedupeKey: `events.cancelled:${s.id}`,
    });
  }
}

const transitionWord = (a: EventTransition) => ({ open: '开放报名', close: '截止报名', finish: '结束活动', cancel: '取消活动' })[a];

// ---- Sessions -----------------------------------------------------------------------------------

const sessionColumns = (s: SessionInput) => ({ ...s, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) });

async function editableEvent(tx: DbOrTx, actor: Actor, id: number) {
  await repo.lockEvent(tx, id);
  const e = await managedEvent(tx, actor, id);
  if (!LIVE.includes(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能再修改`);
  return e;
}

/** 添加场次. */
export async function addSession(db: Db, actor: Actor, eventId: number, input: SessionInput) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const e = await editableEvent(tx, actor, eventId);
    const s = await repo.insertSession(tx, eventId, sessionColumns(input));
    await repo.bumpVersion(tx, eventId);
    await recordAudit(tx, actor, {
      action: 'event.session_add',
      entity: 'event',
      entityId: eventId,
      orgId: e.org_id,
      summary: `「${e.title}」添加场次：${input.place}`,
      after: presentSession(s),
    });
  });
  return getEvent(db, actor, eventId);
}

/** 修改场次. */
export async function updateSession(db: Db, actor: Actor, eventId: number, sessionId: number, input: SessionInput) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const e = await editableEvent(tx, actor, eventId);
    const s = await repo.updateSession(tx, eventId, sessionId, sessionColumns(input));
    if (!s) throw new NotFound('场次');
    await repo.bumpVersion(tx, eventId);
    await recordAudit(tx, actor, {
      action: 'event.session_update',
      entity: 'event',
      entityId: eventId,
      orgId: e.org_id,
      summary: `「${e.title}」修改场次：${input.place}`,
      after: presentSession(s),
    });
  });
  return getEvent(db, actor, eventId);
}

/** 删除场次: an open event keeps at least one. */
export async function removeSession(db: Db, actor: Actor, eventId: number, sessionId: number) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    const e = await editableEvent(tx, actor, eventId);
    const s = await repo.deleteSession(tx, eventId, sessionId);
    if (!s) throw new NotFound('场次');
    if (e.status !== 'draft' && e.sessions <= 1) throw new Conflict('活动已开放报名，至少保留一个场次');
    await repo.bumpVersion(tx, eventId);
    await recordAudit(tx, actor, {
      action: 'event.session_remove',
      entity: 'event',
      entityId: eventId,
      orgId: e.org_id,
      summary: `「${e.title}」删除场次：${s.place}`,
      before: presentSession(s),
    });
  });
  return getEvent(db, actor, eventId);
}

// ---- Places down the tree -----------------------------------------------------------------------

/** 名额分配 as the actor sees it: the rows in their part of the tree. */
export async function listQuotas(db: Db, actor: Actor, eventId: number) {
  authorize(actor, 'events:read');
  return (await getEvent(db, actor, eventId)).quotas;
}

/**
 * 下达名额: a union gets places from the nearest row above it (the organiser's row, holding the
 * capacity, is the root, made on the first allocation). Never more than the row above has free;
 * never fewer than the union passed down or took — the check constraints stand behind both.
 */
export async function setQuota(db: Db, actor: Actor, eventId: number, input: QuotaInput) {
  authorize(actor, 'events:manage');
  await db.transaction(async (tx) => {
    // A union splits its own places among its unions, in an event organised by it or above it.
    await repo.lockEvent(tx, eventId);
    const e = await visibleEvent(tx, actor, eventId);
    if (!LIVE.includes(e.status)) throw new Conflict(`活动${EVENT_STATUS_LABELS[e.status]}，不能再修改`);
    const org = await findOrgInScope(tx, actor, input.orgId, 'orgId');
    if (e.capacity === null) throw Invalid.field('places', '不限名额的活动无需分配名额，请先设置活动名额');
    if (org.id === e.org_id) throw Invalid.field('orgId', '主办单位的名额就是活动名额，请在活动信息中修改');
    if (!contains(reachOf({ path: e.org_path }), org.path)) throw new NotFound('下达单位', 'orgId');
    if (!(await repo.quotaOf(tx, eventId, e.org_id))) {
      if (!contains(scopeOf(actor), e.org_path)) throw new NotFound('下达单位', 'orgId');
      await repo.insertQuota(tx, { eventId, orgId: e.org_id, parentOrgId: null, orgPath: e.org_path, places: e.capacity });
    }
    const parent = (await repo.coveringQuota(tx, eventId, org.path, true))!;
    if (!contains(scopeOf(actor), parent.org_path)) throw new NotFound('下达单位', 'orgId');
    const own = await repo.quotaOf(tx, eventId, org.id);
    const delta = input.places - (own?.places ?? 0);
    const parentFree = await repo.freeOf(tx, eventId, parent.org_id);
    if (delta > parentFree) throw Invalid.field('places', `超出${parent.org_name}可分配的名额（还可分配 ${parentFree} 个）`);
    if (own && input.places < own.child_places + own.taken) {
      throw Invalid.field('places', `名额不能少于已下达（${own.child_places}）和已占用（${own.taken}）的合计 ${own.child_places + own.taken} 个`);
    }
    if (!own && (await repo.quotaBelow(tx, eventId, org.path))) throw Invalid.field('orgId', '下级单位已有名额，请先调整下级的名额');
    await repo.addChildPlaces(tx, eventId, parent.org_id, delta);
    if (own) await repo.setQuotaPlaces(tx, eventId, org.id, input.places);
    else await repo.insertQuota(tx, { eventId, orgId: org.id, parentOrgId: parent.org_id, orgPath: org.path, places: input.places });
    await repo.bumpVersion(tx, eventId);
    await recordAudit(tx, actor, {
      action: 'event.quota',
      entity: 'event',
      entityId: eventId,
      orgId: org.id,
      summary: `「${e.title}」向${org.name}下达名额 ${input.places} 个`,
      before: own ? { places: own.places } : null,
      after: { places: input.places, from: parent.org_name },
    });
    await offerFreedPlaces(tx, e);
  });
  return listQuotas(db, actor, eventId);
}
