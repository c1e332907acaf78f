/**
 * 宣讲点单: the menu a federation keeps, the orders its grassroots unions place, and each order's
 * way from ordered to closed. The host's side (order, confirm, cancel, close, photos) belongs to
 * whoever holds the host union in scope; the organiser's side (schedule, decline, deliver) to whoever
 * holds the menu's federation — which lies above the host, so it may act for the host too.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { contains, narrowTo, scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../server/errors.ts';
import { chinaTime } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { MEMBER_UNION_TYPES, ORG_TYPE_LABELS, isFederation, type OrgType } from '../orgs/orgs.contract.ts';
import * as repo from './lectures.repository.ts';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  MENU_KIND_LABELS,
  ORDER_STATUS_LABELS,
  PERFORMER_KIND_LABELS,
  type CloseInput,
  type ItemInput,
  type ListOrdersQuery,
  type MenuItemView,
  type OrderInput,
  type OrderStatus,
  type OrderView,
  type PerformerInput,
  type PerformerView,
} from './lectures.contract.ts';

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
/** PGlite hands a date[] as an array, node-postgres as its text form `{2026-05-01,2026-05-02}`. */
const dates = (v: string[] | string) =>
  Array.isArray(v)
    ? v
    : v
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);
const isMemberUnion = (type: string) => (MEMBER_UNION_TYPES as readonly string[]).includes(type);

function presentPerformer(p: repo.PerformerRow): PerformerView {
  return { id: p.id, orgId: p.org_id, orgName: p.org_name, kind: p.kind, name: p.name, intro: p.intro };
}

function presentItem(i: repo.ItemRow): MenuItemView {
  return {
    id: i.id,
    orgId: i.org_id,
    orgName: i.org_name,
    kind: i.kind,
    topic: i.topic,
    summary: i.summary,
    performer: { id: i.performer_id, kind: i.performer_kind, name: i.performer_name },
    durationMinutes: i.duration_minutes,
    maxAudience: i.max_audience,
    hostRequirements: i.host_requirements,
    orders: i.orders,
  };
}

function presentOrder(actor: Actor, o: repo.OrderRow, photos: { id: number; filename: string; size: number }[]): OrderView {
  const manage = can(actor, 'events:manage');
  const organiser = manage && contains(scopeOf(actor), o.organiser_path);
  const s = o.status;
  return {
    id: o.id,
    item: { id: o.item_id, kind: o.item_kind, topic: o.topic, durationMinutes: o.duration_minutes, maxAudience: o.max_audience },
    performer: { id: o.performer_id, kind: o.performer_kind, name: o.performer_name },
    organiser: { id: o.organiser_id, name: o.organiser_name },
    host: { id: o.host_org_id, name: o.host_name },
    wishedDates: dates(o.wished_dates),
    place: o.place,
    address: o.address,
    lng: o.lng,
    lat: o.lat,
    datum: o.datum,
    expectedAudience: o.expected_audience,
    contactName: o.contact_name,
    contactPhone: o.contact_phone,
    note: o.note,
    status: s,
    startsAt: iso(o.starts_at),
    endsAt: iso(o.ends_at),
    reason: o.reason,
    eventId: o.event_id,
    attendance: o.attendance,
    onlineViewers: o.online_viewers,
    rating: o.rating,
    feedback: o.feedback,
    photos,
    createdAt: iso(o.created_at)!,
    can: {
      schedule: organiser && (s === 'ordered' || s === 'scheduled'),
      decline: organiser && (s === 'ordered' || s === 'scheduled'),
      confirm: manage && s === 'scheduled',
      deliver: organiser && s === 'confirmed' && begun(o.starts_at),
      close: manage && s === 'delivered',
      cancel: manage && (s === 'ordered' || s === 'scheduled' || s === 'confirmed'),
      upload: manage && (s === 'delivered' || s === 'closed') && photos.length < MAX_PHOTOS,
    },
  };
}

async function presentOrders(db: DbOrTx, actor: Actor, rows: repo.OrderRow[]) {
  const photos = await repo.photosOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    presentOrder(
      actor,
      r,
      photos.filter((p) => p.order_id === r.id).map((p) => ({ id: p.id, filename: p.filename, size: p.size })),
    ),
  );
}

/** A federation of the caller's subtree that keeps a menu (a federation, not a grassroots union). */
async function menuOwner(db: DbOrTx, actor: Actor, orgId: number) {
  const org = await repo.orgInScope(db, scopeOf(actor), orgId);
  if (!org) throw new NotFound('总工会', 'orgId');
  if (!isFederation(org.type as OrgType) && org.type !== 'industrial') {
    throw Invalid.field('orgId', `宣讲菜单由总工会或产业工会维护，${ORG_TYPE_LABELS[org.type as OrgType] ?? '该组织'}不能维护`);
  }
  return org;
}

// ---- performers and the menu ----

/** 主讲人和演出团队 along the caller's line. */
export async function listPerformers(db: Db, actor: Actor) {
  authorize(actor, 'events:read');
  return (await repo.listPerformers(db, scopeOf(actor))).map(presentPerformer);
}

export async function createPerformer(db: Db, actor: Actor, input: PerformerInput) {
  authorize(actor, 'events:manage');
  const id = await db.transaction(async (tx) => {
    const org = await menuOwner(tx, actor, input.orgId);
    const row = await repo.insertPerformer(tx, { orgId: org.id, kind: input.kind, name: input.name, intro: input.intro });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'lecture_performer',
      entityId: row.id,
      orgId: org.id,
      summary: `${org.name}新增${PERFORMER_KIND_LABELS[input.kind]}「${input.name}」`,
      after: { kind: input.kind, name: input.name },
    });
    return row.id;
  });
  return presentPerformer((await repo.performerOnLine(db, scopeOf(actor), id))!);
}

/** 宣讲菜单: what the caller's unions may order (menus of the federations above) and the menus kept below. */
export async function listMenu(db: Db, actor: Actor) {
  authorize(actor, 'events:read');
  return (await repo.listItems(db, scopeOf(actor))).map(presentItem);
}

export async function createMenuItem(db: Db, actor: Actor, input: ItemInput) {
  authorize(actor, 'events:manage');
  const id = await db.transaction(async (tx) => {
    const org = await menuOwner(tx, actor, input.orgId);
    const performer = await repo.performerOnLine(tx, scopeOf(actor), input.performerId);
    if (!performer) throw new NotFound('主讲人或团队', 'performerId');
    if (performer.org_id !== org.id) throw Invalid.field('performerId', `「${performer.name}」属于${performer.org_name}，请选择${org.name}的主讲人或团队`);
    const row = await repo.insertItem(tx, { ...input, orgId: org.id, createdBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'lecture_item',
      entityId: row.id,
      orgId: org.id,
      summary: `${org.name}宣讲菜单新增${MENU_KIND_LABELS[input.kind]}「${input.topic}」（${performer.name}）`,
      after: { topic: input.topic, performerId: performer.id, durationMinutes: input.durationMinutes, maxAudience: input.maxAudience },
    });
    return row.id;
  });
  return presentItem((await repo.itemOnLine(db, scopeOf(actor), id))!);
}

// ---- orders ----

export async function listOrders(db: Db, actor: Actor, q: ListOrdersQuery) {
  authorize(actor, 'events:read');
  let scope = scopeOf(actor);
  if (q.orgId) {
    const org = await repo.orgInScope(db, scope, q.orgId);
    if (!org) throw new NotFound('工会', 'orgId');
    scope = narrowTo(scope, org.path);
  }
  const [rows, total] = await Promise.all([repo.listOrders(db, scope, q), repo.countOrders(db, scope, q)]);
  return { items: await presentOrders(db, actor, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function getOrder(db: DbOrTx, actor: Actor, id: number) {
  authorize(actor, 'events:read');
  const row = await repo.orderInScope(db, scopeOf(actor), id);
  if (!row) throw new NotFound('点单');
  return (await presentOrders(db, actor, [row]))[0]!;
}

/** 点单: a grassroots union (or a federation above it, on its behalf) orders from a menu above it. */
export async function placeOrder(db: Db, actor: Actor, input: OrderInput) {
  authorize(actor, 'events:manage');
  const id = await db.transaction(async (tx) => {
    const scope = scopeOf(actor);
    const host = await repo.orgInScope(tx, scope, input.orgId);
    if (!host) throw new NotFound('点单工会', 'orgId');
    if (!isMemberUnion(host.type)) throw Invalid.field('orgId', '点单工会须为基层工会（含联合工会、园区工会、村级工会）');
    if (host.status !== 'active') throw Invalid.field('orgId', `${host.name}已停用，不能点单`);
    const item = await repo.itemOnLine(tx, scope, input.itemId);
    if (!item || !item.active) throw new NotFound('菜单项目', 'itemId');
    if (!host.path.startsWith(item.org_path)) throw Invalid.field('itemId', `「${item.topic}」是${item.org_name}的菜单，${host.name}不在其范围内`);
    if (input.expectedAudience > item.max_audience) {
      throw Invalid.field('expectedAudience', `预计人数 ${input.expectedAudience} 人超过「${item.topic}」的适合人数 ${item.max_audience} 人`);
    }
    const row = await repo.insertOrder(tx, {
      itemId: item.id,
      performerId: item.performer_id,
      hostOrgId: host.id,
      wishedDates: [...input.wishedDates].sort(),
      place: input.place,
      address: input.address,
      lng: input.lng ?? null,
      lat: input.lat ?? null,
      datum: input.datum ?? null,
      expectedAudience: input.expectedAudience,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      note: input.note,
      orderedBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'lecture.order',
      entity: 'lecture_order',
      entityId: row.id,
      orgId: host.id,
      summary: `${host.name}点单「${item.topic}」（${item.org_name}），期望 ${input.wishedDates.join('、')}，预计 ${input.expectedAudience} 人`,
      after: { itemId: item.id, wishedDates: input.wishedDates, place: input.place, expectedAudience: input.expectedAudience },
    });
    return row.id;
  });
  return getOrder(db, actor, id);
}

type Side = 'host' | 'organiser';

/** The order, locked, in a state `from`; the organiser's side also needs the menu's federation in scope. */
/** Whether the scheduled lecture has begun: 已开展 is recorded only once it has. */
const begun = (startsAt: Date | string | null) => startsAt !== null && new Date(startsAt).getTime() <= Date.now();

async function lockFor(tx: DbOrTx, actor: Actor, id: number, side: Side, from: readonly OrderStatus[], verb: string) {
  authorize(actor, 'events:manage');
  const scope = scopeOf(actor);
  const order = await repo.lockOrderInScope(tx, scope, id);
  if (!order) throw new NotFound('点单');
  if (side === 'organiser' && !contains(scope, order.organiser_path)) throw new Forbidden(`只有${order.organiser_name}可以${verb}`);
  if (!from.includes(order.status)) throw new Conflict(`该点单${ORDER_STATUS_LABELS[order.status]}，不能${verb}`);
  return order;
}

/** The common part of an order's audit entry. */
function about(order: repo.OrderRow, summary: string, after: Record<string, unknown>) {
  return {
    entityId: order.id,
    orgId: order.host_org_id,
    summary: `${order.host_name}点单「${order.topic}」${summary}`,
    before: { status: order.status },
    after,
  };
}

/** 确认: the host accepts the time; the lecture becomes an event with its session, so it shows in calendars. */
export async function confirmOrder(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const order = await lockFor(tx, actor, id, 'host', ['scheduled'], '确认');
    const eventId = await repo.insertEventWithSession(
      tx,
      {
        orgId: order.host_org_id,
        kind: order.item_kind,
        title: order.topic,
        description: [
          order.summary,
          `${PERFORMER_KIND_LABELS[order.performer_kind]}：${order.performer_name}（${order.organiser_name}送${MENU_KIND_LABELS[order.item_kind]}）`,
        ]
          .filter(Boolean)
          .join('\n'),
        workerSignup: false,
        status: 'closed',
        createdBy: actor.accountId,
      },
      {
        startsAt: new Date(order.starts_at!),
        endsAt: new Date(order.ends_at!),
        place: order.place,
        address: order.address,
        lng: order.lng,
        lat: order.lat,
        datum: order.datum,
      },
    );
    await repo.updateOrder(tx, id, { status: 'confirmed', eventId });
    await recordAudit(tx, actor, {
      action: 'lecture.confirm',
      entity: 'lecture_order',
      entityId: id,
      orgId: order.host_org_id,
      summary: `${order.host_name}确认点单「${order.topic}」的排期`,
      before: { status: order.status },
      after: { status: 'confirmed', eventId },
    });
  });
  return getOrder(db, actor, id);
}

/** 已开展: the organiser records that the lecture or show took place. */
export async function deliverOrder(db: Db, actor: Actor, id: number) {
  await db.transaction(async (tx) => {
    const order = await lockFor(tx, actor, id, 'organiser', ['confirmed'], '登记开展');
    if (!begun(order.starts_at)) throw new Conflict(`该宣讲安排在 ${chinaTime(order.starts_at!)} 开始，开始后才能登记开展`);
    await repo.updateOrder(tx, id, { status: 'delivered' });
    if (order.event_id) await repo.setEventStatus(tx, order.event_id, 'finished');
    await recordAudit(tx, actor, {
      action: 'lecture.deliver',
      entity: 'lecture_order',
      entityId: id,
      orgId: order.host_org_id,
      summary: `${order.host_name}点单「${order.topic}」已开展`,
      before: { status: order.status },
      after: { status: 'delivered' },
    });
  });
  return getOrder(db, actor, id);
}

/** 结办: attendance, online viewers where streamed, and the host's rating. */
export async function closeOrder(db: Db, actor: Actor, id: number, input: CloseInput) {
  await db.transaction(async (tx) => {
    const order = await lockFor(tx, actor, id, 'host', ['delivered'], '结办');
    await repo.updateOrder(tx, id, {
      status: 'closed',
      attendance: input.attendance,
      onlineViewers: input.onlineViewers ?? null,
      rating: input.rating,
      feedback: input.feedback,
      closedAt: new Date(),
    });
    await recordAudit(tx, actor, {
      action: 'lecture.close',
      entity: 'lecture_order',
      ...about(order, `结办：到场 ${input.attendance} 人，评分 ${input.rating} 分`, {
        status: 'closed',
        attendance: input.attendance,
        onlineViewers: input.onlineViewers ?? null,
        rating: input.rating,
      }),
    });
  });
  return getOrder(db, actor, id);
}

/** 不受理: the organiser declines the order, with the reason the host reads. */
export async function declineOrder(db: Db, actor: Actor, id: number, reason: string) {
  await db.transaction(async (tx) => {
    const order = await lockFor(tx, actor, id, 'organiser', ['ordered', 'scheduled'], '不受理');
    await repo.updateOrder(tx, id, { status: 'declined', reason });
    await recordAudit(tx, actor, { action: 'lecture.decline', entity: 'lecture_order', ...about(order, `未受理：${reason}`, { status: 'declined', reason }) });
  });
  return getOrder(db, actor, id);
}

/** 取消: the host withdraws the order before it takes place; a confirmed one's event is cancelled too. */
export async function cancelOrder(db: Db, actor: Actor, id: number, reason: string) {
  await db.transaction(async (tx) => {
    const order = await lockFor(tx, actor, id, 'host', ['ordered', 'scheduled', 'confirmed'], '取消');
    await repo.updateOrder(tx, id, { status: 'cancelled', reason });
    if (order.event_id) await repo.setEventStatus(tx, order.event_id, 'cancelled', reason);
    await recordAudit(tx, actor, { action: 'lecture.cancel', entity: 'lecture_order', ...about(order, `已取消：${reason}`, { status: 'cancelled', reason }) });
  });
  return getOrder(db, actor, id);
}

/** The type of a photo by its first bytes (the name and the browser's claim are not trusted). */
export function sniffPhoto(data: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** 活动照片: a JPG, PNG or WebP of at most 5 MB, once the lecture has taken place; nine at most. */
export async function addPhoto(db: Db, actor: Actor, id: number, file: { filename: string; data: Buffer }) {
  authorize(actor, 'events:manage');
  const mime = sniffPhoto(file.data);
  await db.transaction(async (tx) => {
    const order = await lockFor(tx, actor, id, 'host', ['delivered', 'closed'], '上传照片');
    if (!mime) throw Invalid.field('file', '活动照片只支持 JPG、PNG、WebP 图片');
    if (file.data.length > MAX_PHOTO_BYTES) throw Invalid.field('file', '单张照片不能超过 5 MB');
    const existing = await repo.photosOf(tx, [id]);
    if (existing.length >= MAX_PHOTOS) throw Invalid.field('file', `每场最多上传 ${MAX_PHOTOS} 张照片`);
    const photoId = await repo.insertPhoto(tx, {
      orderId: id,
      filename: file.filename.slice(0, 120),
      mime,
      size: file.data.length,
      data: file.data,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'lecture.photo',
      entity: 'lecture_order',
      ...about(order, `上传照片 ${file.filename.slice(0, 60)}（${Math.ceil(file.data.length / 1024)} KB）`, { photoId, mime }),
    });
  });
  return getOrder(db, actor, id);
}

export async function readPhoto(db: Db, actor: Actor, id: number, photoId: number) {
  authorize(actor, 'events:read');
  const order = await repo.orderInScope(db, scopeOf(actor), id);
  if (!order) throw new NotFound('点单');
  const photo = await repo.findPhoto(db, id, photoId);
  if (!photo) throw new NotFound('照片');
  return { ...photo, data: Buffer.from(photo.data) };
}
