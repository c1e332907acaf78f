/**
 * Running a 工会驿站: union staff bind 站长 accounts to stations and inspect them (the stars follow
 * from the checklist); staff and the station's own managers keep its photos, its donated goods
 * (stock never below zero) and the services held there. A 站长 reaches only their own stations.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, pgErrorOf, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './stations.ops.repository.ts';
import * as stationsRepo from './stations.repository.ts';
import { managerOf, stationOf } from './stations.service.ts';
import {
  INSPECTION_ITEMS,
  INSPECTION_ITEM_LABELS,
  MAX_PHOTOS,
  SERVICE_KINDS,
  SERVICE_KIND_LABELS,
  type GoodsInput,
  type GoodsList,
  type GoodsView,
  type InspectionInput,
  type InspectionList,
  type LedgerPage,
  type LedgerQuery,
  type ManagerList,
  type OverduePage,
  type OverdueQuery,
  type PhotoList,
  type ServiceInput,
  type ServiceList,
  type ServiceStats,
  type ServiceStatsQuery,
  type StockInInput,
  type StockOutInput,
} from './stations.ops.contract.ts';

registerConstraintMessage('station_goods_balance_check', 'quantity', '库存不足，不能出库');
registerConstraintMessage('station_goods_name_key', 'name', '本驿站已有同名物资，请直接在该物资下入库');
registerConstraintMessage('station_photos_one_cover_key', 'photoId', '封面照片刚被他人修改，请刷新后重试');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const rolesOf = (v: string[] | string) => (Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(','));
const jsonOf = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
/** Who handled it, as the ledger shows: the name typed, else the account's name. */
const handler = (actor: Actor, typed: string | null | undefined) => typed || actor.displayName || actor.username;

/** The station, seen by the actor, refusing new records once it is closed. */
async function openStationOf(db: DbOrTx, actor: Actor, id: number) {
  const s = await stationOf(db, actor, id);
  if (s.status === 'closed') throw new Conflict(`驿站「${s.name}」已撤销，不能再记录`);
  return s;
}

function notAfterToday(day: string, field: string, label: string) {
  if (day > chinaToday()) throw Invalid.field(field, `${label}不能晚于今天`);
}

// ---- managers ----

function presentManagers(rows: repo.ManagerRow[]): ManagerList {
  return {
    items: rows.map((m) => ({
      accountId: m.account_id,
      username: m.username,
      displayName: m.display_name,
      org: m.org_name,
      assignedAt: m.assigned_at ? iso(m.assigned_at) : null,
    })),
  };
}

/** The 站长 accounts bound to a station. */
export async function listManagers(db: Db, actor: Actor, id: number): Promise<ManagerList> {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  return presentManagers(await repo.managersOf(db, s.id));
}

/** 站长 accounts of the caller's subtree that could take the station (their own subtree holds it). */
export async function managerCandidates(db: Db, actor: Actor, id: number): Promise<ManagerList> {
  authorize(actor, 'stations:manage');
  const s = await stationOf(db, actor, id);
  return presentManagers(await repo.managerCandidates(db, scopeOf(actor), s.org_path));
}

/** Binds a 站长 account of the caller's subtree to the station. */
export async function assignManager(db: Db, actor: Actor, id: number, accountId: number): Promise<ManagerList> {
  authorize(actor, 'stations:manage');
  await db.transaction(async (tx) => {
    const s = await openStationOf(tx, actor, id);
    const account = await repo.accountForManager(tx, scopeOf(actor), accountId);
    if (!account) throw new NotFound('站长账号', 'accountId');
    if (!rolesOf(account.roles).includes('station_manager'))
      throw Invalid.field('accountId', `账号「${account.display_name}」不是驿站站长，请先为其开通“驿站站长”角色`);
    if (account.status !== 'active') throw Invalid.field('accountId', `账号「${account.display_name}」已停用`);
    if (!s.org_path.startsWith(account.org_path))
      throw Invalid.field('accountId', `账号「${account.display_name}」属于${account.org_name}，管不到${s.org_name}的驿站`);
    if (!(await repo.insertManager(tx, s.id, accountId, actor.accountId)))
      throw new Conflict(`「${account.display_name}」已是驿站「${s.name}」的站长`, [{ field: 'accountId', message: '已是本驿站站长' }]);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `指定「${account.display_name}」（${account.username}）为驿站「${s.name}」站长`,
    });
  });
  return listManagers(db, actor, id);
}

export async function unassignManager(db: Db, actor: Actor, id: number, accountId: number): Promise<ManagerList> {
  authorize(actor, 'stations:manage');
  await db.transaction(async (tx) => {
    const s = await stationOf(tx, actor, id);
    const before = (await repo.managersOf(tx, s.id)).find((m) => m.account_id === accountId);
    if (!before || !(await repo.deleteManager(tx, s.id, accountId))) throw new NotFound('站长');
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `取消「${before.display_name}」（${before.username}）的驿站「${s.name}」站长`,
    });
  });
  return listManagers(db, actor, id);
}

// ---- photos ----

/** What the bytes are (not what the name says): JPEG, PNG or WebP; null for anything else. */
export function sniffImage(data: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export async function listPhotos(db: Db, actor: Actor, id: number): Promise<PhotoList> {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  const rows = await repo.photosOf(db, s.id);
  return {
    items: rows.map((p) => ({
      id: p.id,
      filename: p.filename,
      caption: p.caption,
      mime: p.mime,
      size: p.size,
      isCover: p.is_cover,
      at: iso(p.at),
      url: `/api/stations/${s.id}/photos/${p.id}`,
    })),
  };
}

/** Adds a photo (JPEG, PNG or WebP, checked by its bytes); the station's first photo becomes its cover. */
export async function addPhoto(db: Db, actor: Actor, id: number, file: { filename: string; data: Buffer; caption: string }): Promise<PhotoList> {
  authorize(actor, 'stations:operate');
  await db.transaction(async (tx) => {
    // The station first: one out of reach is not found, whatever the file.
    const s = await openStationOf(tx, actor, id);
    if (file.data.length === 0) throw Invalid.field('file', '照片文件是空的，请重新选择');
    const mime = sniffImage(file.data);
    if (!mime) throw Invalid.field('file', '照片只支持 JPG、PNG 或 WebP 格式（其他格式请先在手机或电脑上另存为 JPG）');
    const count = await repo.photoCount(tx, s.id);
    if (count >= MAX_PHOTOS) throw Invalid.field('file', `每个驿站最多 ${MAX_PHOTOS} 张照片，请先删除不用的照片`);
    const photoId = await repo.insertPhoto(tx, {
      stationId: s.id,
      filename: file.filename.slice(0, 120) || `驿站照片${count + 1}`,
      caption: file.caption.slice(0, 60) || null,
      mime,
      size: file.data.length,
      data: file.data,
      isCover: false,
      byAccountId: actor.accountId,
    });
    if (count === 0) await repo.setCover(tx, s.id, photoId);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `上传驿站「${s.name}」照片 ${file.filename}`,
    });
  });
  return listPhotos(db, actor, id);
}

export async function readPhoto(db: Db, actor: Actor, id: number, photoId: number) {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  const p = await repo.photoData(db, s.id, photoId);
  if (!p) throw new NotFound('照片');
  return { filename: p.filename, mime: p.mime, data: Buffer.from(p.data) };
}

export async function removePhoto(db: Db, actor: Actor, id: number, photoId: number): Promise<PhotoList> {
  authorize(actor, 'stations:operate');
  await db.transaction(async (tx) => {
    const s = await stationOf(tx, actor, id);
    const gone = await repo.deletePhoto(tx, s.id, photoId);
    if (!gone) throw new NotFound('照片');
    // The cover went: the oldest photo left takes its place.
    if (gone.is_cover) {
      const next = (await repo.photosOf(tx, s.id)).sort((a, b) => a.id - b.id)[0];
      if (next) await repo.setCover(tx, s.id, next.id);
    }
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `删除驿站「${s.name}」照片 ${gone.filename}`,
    });
  });
  return listPhotos(db, actor, id);
}

export async function setCoverPhoto(db: Db, actor: Actor, id: number, photoId: number): Promise<PhotoList> {
  authorize(actor, 'stations:operate');
  await db.transaction(async (tx) => {
    const s = await stationOf(tx, actor, id);
    if (!(await repo.setCover(tx, s.id, photoId))) throw new NotFound('照片');
    await recordAudit(tx, actor, { action: 'update', entity: 'station', entityId: s.id, orgId: s.org_id, summary: `更换驿站「${s.name}」封面照片` });
  });
  return listPhotos(db, actor, id);
}

// ---- inspections ----

function presentRating(r: repo.RatingRow, today: string) {
  return {
    stars: r.stars,
    lastInspectedOn: r.last_inspected_on,
    intervalDays: r.interval_days,
    nextDueOn: r.next_due_on,
    overdue: r.next_due_on < today,
  };
}

/** A station's inspections, newest first, with its stars and the day the next one is due. */
export async function listInspections(db: Db, actor: Actor, id: number): Promise<InspectionList> {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  const [rating, rows] = await Promise.all([repo.ratingOf(db, s.id), repo.inspectionsOf(db, s.id)]);
  return {
    rating: presentRating(rating, chinaToday()),
    items: rows.map((r) => ({
      id: r.id,
      inspectedOn: r.inspected_on,
      inspector: r.inspector,
      scores: Object.fromEntries(INSPECTION_ITEMS.map((k) => [k, r[k]])) as Record<(typeof INSPECTION_ITEMS)[number], number>,
      remarks: jsonOf<Record<string, string>>(r.remarks),
      notes: r.notes,
      total: r.total,
      stars: r.stars,
      at: iso(r.at),
    })),
  };
}

/** Records an inspection by union staff (not by the station's own manager); the stars follow from the scores. */
export async function recordInspection(db: Db, actor: Actor, id: number, input: InspectionInput): Promise<InspectionList> {
  authorize(actor, 'stations:manage');
  await db.transaction(async (tx) => {
    const s = await openStationOf(tx, actor, id);
    notAfterToday(input.inspectedOn, 'inspectedOn', '巡查日期');
    const remarks = Object.fromEntries(Object.entries(input.remarks).filter(([, v]) => v)) as Record<string, string>;
    const { stars } = await repo.insertInspection(tx, {
      stationId: s.id,
      inspectedOn: input.inspectedOn,
      inspector: input.inspector,
      ...input.scores,
      remarks,
      notes: input.notes ?? null,
      byAccountId: actor.accountId,
    });
    const total = INSPECTION_ITEMS.reduce((n, k) => n + input.scores[k], 0);
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `巡查驿站「${s.name}」（${input.inspectedOn}，${input.inspector}）：${total} 分，${stars} 星`,
      after: { ...Object.fromEntries(INSPECTION_ITEMS.map((k) => [INSPECTION_ITEM_LABELS[k], input.scores[k]])), total, stars },
    });
  });
  return listInspections(db, actor, id);
}

/** Stations of the caller's subtree past their inspection interval (never inspected: counted from registration). */
export async function overdueInspections(db: Db, actor: Actor, q: OverdueQuery): Promise<OverduePage> {
  authorize(actor, 'stations:read');
  let scope = scopeOf(actor);
  if (q.orgId) {
    const org = await stationsRepo.orgInScope(db, scope, q.orgId);
    if (!org) throw new NotFound('承建工会', 'orgId');
    scope = narrowTo(scope, org.path);
  }
  const today = chinaToday();
  const { rows, total } = await repo.overdueStations(db, scope, today, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }, managerOf(actor));
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      org: r.org_name,
      stars: r.stars,
      lastInspectedOn: r.last_inspected_on,
      nextDueOn: r.next_due_on,
      daysOverdue: days(r.next_due_on, today),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---- goods ----

function presentGoods(g: repo.GoodsRow): GoodsView {
  return { id: g.id, name: g.name, unit: g.unit, lowStock: g.low_stock, balance: g.balance, low: g.low_stock > 0 && g.balance <= g.low_stock };
}

export async function listGoods(db: Db, actor: Actor, id: number): Promise<GoodsList> {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  return { items: (await repo.goodsOf(db, s.id)).map(presentGoods) };
}

/** A new kind of goods at the station (its balance starts at zero: stock comes in by 入库). */
export async function addGoods(db: Db, actor: Actor, id: number, input: GoodsInput): Promise<GoodsView> {
  authorize(actor, 'stations:operate');
  const goodsId = await db.transaction(async (tx) => {
    const s = await openStationOf(tx, actor, id);
    const goodsId = await repo.insertGoods(tx, { stationId: s.id, name: input.name, unit: input.unit, lowStock: input.lowStock });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `驿站「${s.name}」新增物资「${input.name}」`,
    });
    return goodsId;
  });
  return presentGoods((await repo.goodsById(db, id, goodsId))!);
}

export async function updateGoods(db: Db, actor: Actor, id: number, goodsId: number, input: GoodsInput): Promise<GoodsView> {
  authorize(actor, 'stations:operate');
  await db.transaction(async (tx) => {
    const s = await stationOf(tx, actor, id);
    const before = await repo.goodsById(tx, s.id, goodsId);
    if (!before || !(await repo.updateGoods(tx, s.id, goodsId, input))) throw new NotFound('物资');
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `驿站「${s.name}」修改物资「${before.name}」`,
      before: { name: before.name, unit: before.unit, lowStock: before.low_stock },
      after: { name: input.name, unit: input.unit, lowStock: input.lowStock },
    });
  });
  return presentGoods((await repo.goodsById(db, id, goodsId))!);
}

/**
 * 入库 or 出库: the balance row is locked by its update, so concurrent movements of the same goods
 * take turns; a stock-out larger than the balance is refused by the database's check (the message
 * here says how much there is).
 */
async function moveStock(
  db: Db,
  actor: Actor,
  id: number,
  goodsId: number,
  move: { direction: 'in' | 'out'; quantity: number; donor: string | null; purpose: string | null; movedOn: string; handledBy: string | null },
) {
  authorize(actor, 'stations:operate');
  try {
    await db.transaction(async (tx) => {
      const s = await openStationOf(tx, actor, id);
      notAfterToday(move.movedOn, 'movedOn', move.direction === 'in' ? '入库日期' : '出库日期');
      const goods = await repo.goodsById(tx, s.id, goodsId);
      if (!goods) throw new NotFound('物资');
      const balance = await repo.moveStock(tx, s.id, goodsId, move.direction === 'in' ? move.quantity : -move.quantity);
      if (balance === undefined) throw new NotFound('物资');
      await repo.insertStockMove(tx, {
        goodsId,
        stationId: s.id,
        direction: move.direction,
        quantity: move.quantity,
        balanceAfter: balance,
        donor: move.donor,
        purpose: move.purpose,
        movedOn: move.movedOn,
        byAccountId: actor.accountId,
        byName: handler(actor, move.handledBy),
      });
      await recordAudit(tx, actor, {
        action: 'create',
        entity: 'station',
        entityId: s.id,
        orgId: s.org_id,
        summary:
          move.direction === 'in'
            ? `驿站「${s.name}」物资入库：${goods.name} ${move.quantity} ${goods.unit}（捐赠方：${move.donor}），结存 ${balance}`
            : `驿站「${s.name}」物资出库：${goods.name} ${move.quantity} ${goods.unit}（用途：${move.purpose}），结存 ${balance}`,
      });
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'station_goods_balance_check') {
      const now = await repo.goodsById(db, id, goodsId);
      const message = now ? `库存不足：「${now.name}」现结存 ${now.balance} ${now.unit}，不能出库 ${move.quantity} ${now.unit}` : '库存不足，不能出库';
      throw new Conflict(message, [{ field: 'quantity', message }]);
    }
    throw err;
  }
  return presentGoods((await repo.goodsById(db, id, goodsId))!);
}

export function stockIn(db: Db, actor: Actor, id: number, goodsId: number, input: StockInInput) {
  return moveStock(db, actor, id, goodsId, {
    direction: 'in',
    quantity: input.quantity,
    donor: input.donor,
    purpose: null,
    movedOn: input.movedOn,
    handledBy: input.handledBy,
  });
}

export function stockOut(db: Db, actor: Actor, id: number, goodsId: number, input: StockOutInput) {
  return moveStock(db, actor, id, goodsId, {
    direction: 'out',
    quantity: input.quantity,
    donor: null,
    purpose: input.purpose,
    movedOn: input.movedOn,
    handledBy: input.handledBy,
  });
}

/** The station's goods ledger, newest first (one kind of goods, or all). */
export async function stockLedger(db: Db, actor: Actor, id: number, q: LedgerQuery): Promise<LedgerPage> {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  const { rows, total } = await repo.ledgerOf(db, s.id, q.goodsId, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: rows.map((m) => ({
      id: m.id,
      goods: { id: m.goods_id, name: m.goods_name, unit: m.unit },
      direction: m.direction,
      quantity: m.quantity,
      balanceAfter: m.balance_after,
      donor: m.donor,
      purpose: m.purpose,
      movedOn: m.moved_on,
      byName: m.by_name,
      at: iso(m.at),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---- services ----

const rollup = (rows: { kind: (typeof SERVICE_KINDS)[number]; events: number; participants: number }[]) =>
  SERVICE_KINDS.map((kind) => rows.find((r) => r.kind === kind) ?? { kind, events: 0, participants: 0 });

export async function listServices(db: Db, actor: Actor, id: number): Promise<ServiceList> {
  authorize(actor, 'stations:read');
  const s = await stationOf(db, actor, id);
  const [rows, byKind] = await Promise.all([repo.servicesOf(db, s.id), repo.servicesByKind(db, repo.servicesAt(s.id))]);
  return {
    items: rows.map((e) => ({ id: e.id, heldOn: e.held_on, kind: e.kind, title: e.title, provider: e.provider, participants: e.participants, notes: e.notes })),
    byKind: rollup(byKind),
  };
}

/** Records a service held at the station (法律、健康、文化、理论宣讲、技能培训进驿站). */
export async function recordService(db: Db, actor: Actor, id: number, input: ServiceInput): Promise<ServiceList> {
  authorize(actor, 'stations:operate');
  await db.transaction(async (tx) => {
    const s = await openStationOf(tx, actor, id);
    notAfterToday(input.heldOn, 'heldOn', '活动日期');
    await repo.insertService(tx, { stationId: s.id, ...input, notes: input.notes ?? null, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `驿站「${s.name}」${SERVICE_KIND_LABELS[input.kind]}：${input.title}（${input.heldOn}，${input.participants} 人次）`,
    });
  });
  return listServices(db, actor, id);
}

export async function removeService(db: Db, actor: Actor, id: number, serviceId: number): Promise<ServiceList> {
  authorize(actor, 'stations:operate');
  await db.transaction(async (tx) => {
    const s = await stationOf(tx, actor, id);
    const gone = await repo.deleteService(tx, s.id, serviceId);
    if (!gone) throw new NotFound('服务活动');
    await recordAudit(tx, actor, {
      action: 'delete',
      entity: 'station',
      entityId: s.id,
      orgId: s.org_id,
      summary: `删除驿站「${s.name}」服务活动「${gone.title}」`,
    });
  });
  return listServices(db, actor, id);
}

/** Services held at the stations of a union of the caller's subtree, by kind and by station. */
export async function serviceStats(db: Db, actor: Actor, q: ServiceStatsQuery): Promise<ServiceStats> {
  authorize(actor, 'stations:read');
  if (q.from > q.to) throw Invalid.field('to', '结束日期不能早于开始日期');
  let top = scopeOf(actor);
  if (q.orgId) {
    const org = await stationsRepo.orgInScope(db, top, q.orgId);
    if (!org) throw new NotFound('工会', 'orgId');
    top = narrowTo(top, org.path);
  }
  const where = repo.servicesIn(top, q.from, q.to, managerOf(actor));
  const [byKind, byStation] = await Promise.all([repo.servicesByKind(db, where), repo.servicesByStation(db, where)]);
  return {
    events: byKind.reduce((n, r) => n + r.events, 0),
    participants: byKind.reduce((n, r) => n + r.participants, 0),
    byKind: rollup(byKind),
    byStation,
  };
}
