/**
 * 签到工具: check-in lists of an event, the list a phone downloads to work offline, and the sync of
 * its queue — for an event's list here, for a campaign's pick-up point through the campaign's own
 * confirmation. As in pretix's offline scanning, every queued check-in carries a nonce (here the
 * idempotency key) and the time the phone scanned it; unlike pretix's forced upload, a second
 * check-in the list's rule does not allow is not counted again: it is kept as a conflict for staff.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { AppError, Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { chinaTime, chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { beneficiaryOfCode, confirmHandout, getPoint, pointPending, qrCodeFor } from '../campaigns/index.ts';
import {
  CHECKIN_LIST_KIND_LABELS,
  CHECKIN_MODE_LABELS,
  TICKET_PREFIX,
  maskPersonName,
  type CheckinConflict,
  type CheckinListInput,
  type CheckinListView,
  type OfflineList,
  type QueuedCheckin,
  type SyncInput,
  type SyncItemResult,
} from './checkin.contract.ts';
import { SIGNUP_STATUS_LABELS, type SignupStatus } from './events.contract.ts';
import * as repo from './checkin.repository.ts';
import * as signupsRepo from './signups.repository.ts';
import { qrSvgDataUrl } from '../../server/qr.ts';

export interface CheckinDeps {
  db: Db;
  cipher: FieldCipher;
}

const TICKET_PURPOSE = 'event-ticket';
const TICKET = /^NJE1-([0-9A-Z]{1,12})-([A-Za-z0-9_-]{16})$/;
const KEY_OF_ANOTHER_LIST = () => Invalid.field('items', '幂等键已用于另一签到清单的签到，请重新扫码');
const KEY_OF_ANOTHER_POINT = () => Invalid.field('items', '幂等键已用于另一发放点的发放，请重新扫码');

/** The code on a sign-up's ticket: the sign-up's number and a keyed tag; it names nobody and cannot be guessed. */
export function ticketCodeFor(cipher: FieldCipher, signupId: number): string {
  const ref = signupId.toString(36).toUpperCase();
  return `${TICKET_PREFIX}-${ref}-${cipher.tag(TICKET_PURPOSE, ref)}`;
}

/** The sign-up a ticket code names, or null when the code was not issued here. */
export function signupOfTicket(cipher: FieldCipher, code: string): number | null {
  const m = TICKET.exec(code.trim());
  if (!m || cipher.tag(TICKET_PURPOSE, m[1]!) !== m[2]) return null;
  return parseInt(m[1]!, 36);
}

/** What the phone keeps instead of a code: its SHA-256, hex. The phone hashes what it scans the same way. */
export const codeHash = (code: string) => createHash('sha256').update(code.trim()).digest('hex');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** A phone's clock may run ahead: a scan "from the future" counts as now. */
function scanMoment(scannedAt: string, now: number): string {
  const t = Date.parse(scannedAt);
  return new Date(t > now + 5 * 60_000 ? now : t).toISOString();
}

async function loadEvent(db: Db, actor: Actor, eventId: number) {
  const e = await repo.findEventInScope(db, scopeOf(actor), eventId);
  if (!e) throw new NotFound('活动');
  return e;
}

async function loadList(db: Db, actor: Actor, listId: number) {
  const l = await repo.findListInScope(db, scopeOf(actor), listId);
  if (!l) throw new NotFound('签到清单');
  return l;
}

function presentList(l: repo.ListWithCounts): CheckinListView {
  return {
    id: l.id,
    eventId: l.event_id,
    eventTitle: l.event_title,
    sessionId: l.session_id,
    name: l.name,
    kind: l.kind,
    mode: l.mode,
    checkins: l.checkins,
    people: l.people,
    conflicts: l.conflicts,
  };
}

/** The check-in lists of an event, with what each has counted (staff who read events, or volunteers who check in). */
export async function listCheckinLists(db: Db, actor: Actor, eventId: number): Promise<CheckinListView[]> {
  if (!can(actor, 'events:read')) authorize(actor, 'events:checkin');
  const e = await loadEvent(db, actor, eventId);
  return (await repo.listsOfEvent(db, e.id)).map(presentList);
}

/** The check-in lists a phone may open: those of open or closed events organised in the actor's subtree. */
export async function usableCheckinLists(db: Db, actor: Actor) {
  authorize(actor, 'events:checkin');
  return (await repo.usableLists(db, scopeOf(actor))).map((l) => ({
    id: l.id,
    eventId: l.event_id,
    eventTitle: l.event_title,
    name: l.name,
    kind: l.kind,
    mode: l.mode,
    sessionLabel: l.session_label,
  }));
}

/** 新建签到清单: entry, meal or souvenir, once / once a day / unlimited, for the event or one session. */
export async function createCheckinList(db: Db, actor: Actor, eventId: number, input: CheckinListInput): Promise<CheckinListView> {
  authorize(actor, 'events:manage');
  const id = await db.transaction(async (tx) => {
    const e = await repo.findEventInScope(tx, scopeOf(actor), eventId);
    if (!e) throw new NotFound('活动');
    if (input.sessionId !== null && !(await repo.sessionBelongs(tx, e.id, input.sessionId))) throw new NotFound('本活动的场次', 'sessionId');
    const listId = await repo.insertList(tx, { eventId: e.id, ...input, createdBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'event.checkin_list',
      entity: 'event_checkin_list',
      entityId: listId,
      orgId: e.org_id,
      summary: `活动「${e.title}」新建签到清单「${input.name}」（${CHECKIN_LIST_KIND_LABELS[input.kind]}，${CHECKIN_MODE_LABELS[input.mode]}）`,
      after: input,
    });
    return listId;
  });
  return presentList((await repo.listsOfEvent(db, eventId)).find((l) => l.id === id)!);
}

/** The ticket code of one confirmed sign-up, for printing or for showing on the worker's phone. */
export async function signupTicket(deps: CheckinDeps, actor: Actor, eventId: number, signupId: number) {
  if (!can(actor, 'events:read')) authorize(actor, 'events:checkin');
  const e = await loadEvent(deps.db, actor, eventId);
  const [s] = await repo.signupsOfEvent(deps.db, e.id, [signupId]);
  if (!s) throw new NotFound('报名');
  // Only a confirmed place is on the lists the phones download: a code for anyone else would only be refused at the door.
  if (s.status !== 'confirmed') {
    throw new Conflict(`${s.name}的报名状态为“${SIGNUP_STATUS_LABELS[s.status as SignupStatus]}”，只有名额已确认的报名才有签到码`);
  }
  return { code: ticketCodeFor(deps.cipher, s.id) };
}

/** 我的签到码: the worker's own code for a confirmed place of an event not over yet (another's sign-up is not found). */
export async function myTicket(deps: CheckinDeps, w: { personId: number }, signupId: number) {
  const s = await signupsRepo.signupOfPerson(deps.db, w.personId, signupId);
  if (!s) throw new NotFound('报名');
  if (s.status !== 'confirmed') {
    throw new Conflict(`您的报名状态为“${SIGNUP_STATUS_LABELS[s.status as SignupStatus]}”，名额确认后才有签到码`);
  }
  if (s.event_status === 'finished' || s.event_status === 'cancelled') throw new Conflict('活动已结束或已取消，签到码不再使用');
  const code = ticketCodeFor(deps.cipher, s.id);
  return { code, qr: await qrSvgDataUrl(code) };
}

/** What a phone downloads for an event's list: every confirmed sign-up as a code hash, a masked name and the days already counted. */
export async function downloadList(deps: CheckinDeps, actor: Actor, listId: number): Promise<OfflineList> {
  authorize(actor, 'events:checkin');
  const l = await loadList(deps.db, actor, listId);
  const rows = await repo.confirmedSignups(deps.db, l.event_id, l.id);
  return {
    target: 'list',
    id: l.id,
    title: `${l.event_title} · ${l.name}`,
    subtitle: `${CHECKIN_LIST_KIND_LABELS[l.kind]} · ${CHECKIN_MODE_LABELS[l.mode]}${l.session_label ? ` · ${l.session_label}` : ''}`,
    mode: l.mode,
    downloadedAt: new Date().toISOString(),
    entries: rows.map((r) => ({
      ref: r.id,
      codeHash: codeHash(ticketCodeFor(deps.cipher, r.id)),
      nameMasked: maskPersonName(r.name),
      orgName: r.org_name,
      days: r.days,
      received: r.days.length,
    })),
  };
}

interface Decided extends repo.NewCheckin {
  name: string | null;
}

function present(r: repo.StoredCheckin): SyncItemResult {
  return {
    idempotencyKey: r.idempotency_key,
    result: r.result,
    reason: r.reason,
    ref: r.signup_id,
    nameMasked: r.name === null ? null : maskPersonName(r.name),
  };
}

/** Why a code cannot check anyone in on an event's list, or the sign-up it names. */
function readTicket(cipher: FieldCipher, code: string): { signupId: number } | { reason: string } {
  const c = code.trim();
  if (c.startsWith('NJ1-')) return { reason: '这是慰问活动的领取码，不是活动签到码' };
  if (c.startsWith('NJM1-')) return { reason: '这是电子会员卡，请出示本活动的签到码' };
  const signupId = signupOfTicket(cipher, c);
  return signupId === null ? { reason: '签到码无效：不是本系统签发的活动签到码，或已被篡改' } : { signupId };
}

/**
 * 同步离线签到: a phone's queue for an event's list. Keys already recorded answer what they answered
 * (a replay writes nothing); the rest are decided set-based in one transaction: counted lines are
 * inserted in the order they were scanned and the list's unique indexes refuse a second one, which
 * is then recorded as a duplicate pointing at the line that counted — one line per person, and the
 * conflict kept for staff. An entry list marks the sign-up attended.
 */
export async function syncList(deps: CheckinDeps, actor: Actor, listId: number, input: SyncInput): Promise<{ results: SyncItemResult[] }> {
  authorize(actor, 'events:checkin');
  const { db, cipher } = deps;
  const l = await loadList(db, actor, listId);
  const items = uniqueByKey(input.items);
  const keys = items.map((i) => i.idempotencyKey);
  const earlier = await repo.checkinsByKeys(db, keys);
  // A key is the phone's, once: one used on another list is not answered here (that list may be another union's).
  if (earlier.some((r) => r.list_id !== l.id)) throw KEY_OF_ANOTHER_LIST();
  const known = new Set(earlier.map((r) => r.idempotency_key));
  const fresh = items.filter((i) => !known.has(i.idempotencyKey));
  if (fresh.length) {
    const now = Date.now();
    const read = fresh.map((i) => ({ item: i, ticket: readTicket(cipher, i.code) }));
    const ids = read.flatMap((r) => ('signupId' in r.ticket ? [r.ticket.signupId] : []));
    const signups = new Map((await repo.signupsOfEvent(db, l.event_id, ids)).map((s) => [s.id, s]));
    const decided: Decided[] = read.map(({ item, ticket }) => {
      const scannedAt = scanMoment(item.scannedAt, now);
      const base = { key: item.idempotencyKey, day: chinaToday(new Date(scannedAt)), scannedAt, codeHash: codeHash(item.code), duplicateOf: null };
      if ('reason' in ticket) return { ...base, signupId: null, result: 'refused', reason: ticket.reason, name: null };
      const s = signups.get(ticket.signupId);
      if (!s) return { ...base, signupId: null, result: 'refused', reason: '不在本活动的报名名单中', name: null };
      if (s.status !== 'confirmed')
        return {
          ...base,
          signupId: s.id,
          result: 'refused',
          reason: `报名${SIGNUP_STATUS_LABELS[s.status as SignupStatus] ?? '无效'}，不能签到`,
          name: s.name,
        };
      return { ...base, signupId: s.id, result: 'ok', reason: null, name: s.name };
    });
    await db.transaction(async (tx) => {
      const candidates = decided.filter((d) => d.result === 'ok').sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
      const written = new Set(
        (await repo.insertCheckins(tx, l, { deviceId: input.deviceId, accountId: actor.accountId }, candidates)).map((r) => r.idempotency_key),
      );
      const left = candidates.filter((c) => !written.has(c.key));
      // Not written: the same key sent meanwhile by a concurrent replay, or a person already counted.
      const replayed = new Set(
        (
          await repo.checkinsByKeys(
            tx,
            left.map((c) => c.key),
          )
        ).map((r) => r.idempotency_key),
      );
      const duplicates = left.filter((c) => !replayed.has(c.key));
      const counted = await repo.countedLines(
        tx,
        l,
        duplicates.map((d) => ({ signupId: d.signupId!, day: d.day })),
      );
      const others: repo.NewCheckin[] = decided.filter((d) => d.result === 'refused');
      for (const d of duplicates) {
        const first = counted.find((c) => c.signup_id === d.signupId && (l.mode !== 'daily' || c.day === d.day));
        if (!first) throw new Error(`check-in ${d.key} refused by the list's rule without a counted line`);
        const when = l.mode === 'daily' ? '今天已签到' : '已签到';
        others.push({ ...d, result: 'duplicate', reason: `重复签到：${when}（首次 ${chinaTime(first.scanned_at)}）`, duplicateOf: first.id });
      }
      await repo.insertCheckins(tx, l, { deviceId: input.deviceId, accountId: actor.accountId }, others);
      if (l.kind === 'entry') await repo.markAttended(tx, l.id, [...new Set(candidates.filter((c) => written.has(c.key)).map((c) => c.signupId!))]);
      await recordAudit(tx, actor, {
        action: 'event.checkin_sync',
        entity: 'event_checkin_list',
        entityId: l.id,
        orgId: l.org_id,
        summary: `同步签到「${l.event_title} · ${l.name}」：签到 ${written.size} 人次，重复 ${duplicates.length}，未通过 ${others.length - duplicates.length}（设备 ${input.deviceId}）`,
        after: { deviceId: input.deviceId, items: fresh.length, ok: written.size, duplicates: duplicates.length },
      });
    });
  }
  const stored = new Map((await repo.checkinsByKeys(db, keys)).map((r) => [r.idempotency_key, r]));
  // The same key sent to another list meanwhile, which kept it.
  if ([...stored.values()].some((r) => r.list_id !== l.id)) throw KEY_OF_ANOTHER_LIST();
  return { results: items.map((i) => present(stored.get(i.idempotencyKey)!)) };
}

function uniqueByKey(items: QueuedCheckin[]) {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.idempotencyKey) && seen.add(i.idempotencyKey));
}

/** 冲突: duplicates and refusals on an event's lists, with the line that counted, for staff to settle. */
export async function listConflicts(db: Db, actor: Actor, eventId: number): Promise<CheckinConflict[]> {
  if (!can(actor, 'events:read')) authorize(actor, 'events:checkin');
  const e = await loadEvent(db, actor, eventId);
  return (await repo.conflictsOfEvent(db, e.id)).map((r) => ({
    id: r.id,
    listId: r.list_id,
    listName: r.list_name,
    result: r.result,
    reason: r.reason,
    nameMasked: r.name === null ? null : maskPersonName(r.name),
    deviceId: r.device_id,
    scannedAt: iso(r.scanned_at),
    syncedAt: iso(r.synced_at),
    handler: r.handler,
    counted: r.counted_at ? { deviceId: r.counted_device!, scannedAt: iso(r.counted_at), handler: r.counted_handler } : null,
  }));
}

/** The counted check-ins of a list, one line per check-in. */
export async function listLines(db: Db, actor: Actor, listId: number, q: { page: number; pageSize: number }) {
  if (!can(actor, 'events:read')) authorize(actor, 'events:checkin');
  const l = await loadList(db, actor, listId);
  const { rows, total } = await repo.listLines(db, l.id, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({
      id: r.id,
      nameMasked: r.name === null ? null : maskPersonName(r.name),
      orgName: r.org_name,
      day: r.day,
      scannedAt: iso(r.scanned_at),
      syncedAt: iso(r.synced_at),
      deviceId: r.device_id,
      handler: r.handler,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---- A campaign's pick-up point through the same kit ---------------------------------------------

/** What a phone downloads for a pick-up point: the people still to receive there, as code hashes and masked names. */
export async function downloadPoint(deps: CheckinDeps, actor: Actor, pointId: number): Promise<OfflineList> {
  authorize(actor, 'campaign:distribute');
  const point = await getPoint(deps.db, actor, pointId);
  const entries: OfflineList['entries'] = [];
  for (let page = 1; ; page++) {
    const p = await pointPending(deps.db, actor, pointId, { page, pageSize: 200 });
    for (const b of p.items) {
      // A line the point's list shows without a beneficiary id has no card code to match offline.
      if (b.id === null) continue;
      entries.push({
        ref: b.id,
        codeHash: codeHash(qrCodeFor(deps.cipher, b.id)),
        nameMasked: maskPersonName(b.name),
        orgName: b.orgName,
        days: [],
        received: b.received,
      });
    }
    if (page * 200 >= p.total || !p.items.length) break;
  }
  return {
    target: 'point',
    id: point.id,
    title: `${point.campaignName} · ${point.name}`,
    subtitle: `发放点 · ${point.orgName}`,
    mode: 'once',
    downloadedAt: new Date().toISOString(),
    entries,
  };
}

/**
 * 同步离线发放: each queued hand-out goes through the campaign's own confirmation — its dates,
 * quota, stock, budget and one gift per person — under the phone's idempotency key, so a retried
 * sync never hands out twice. A gift the person already received elsewhere is a duplicate, any
 * other refusal is refused; both are answered to the phone and kept for staff.
 */
export async function syncPoint(deps: CheckinDeps, actor: Actor, pointId: number, input: SyncInput): Promise<{ results: SyncItemResult[] }> {
  authorize(actor, 'campaign:distribute');
  const point = await getPoint(deps.db, actor, pointId);
  const now = Date.now();
  const items = uniqueByKey(input.items);
  // Before any hand-out: a key the phone already used at another point refuses the whole batch, so
  // a batch is never half handed out and then refused (the per-item check below covers a race).
  const used = await repo.handoutPointsByKeys(
    deps.db,
    items.map((i) => i.idempotencyKey),
  );
  if (used.some((u) => u.point_id !== pointId)) throw KEY_OF_ANOTHER_POINT();
  const results: SyncItemResult[] = [];
  let ok = 0;
  let fresh = 0;
  for (const item of items) {
    let stored = await repo.handoutByKey(deps.db, item.idempotencyKey);
    if (!stored) {
      fresh++;
      const scannedAt = scanMoment(item.scannedAt, now);
      const beneficiaryId = beneficiaryOfCode(deps.cipher, item.code);
      const base = { pointId, key: item.idempotencyKey, deviceId: input.deviceId, accountId: actor.accountId, scannedAt, codeHash: codeHash(item.code) };
      if (beneficiaryId === null) {
        await repo.insertHandout(deps.db, {
          ...base,
          beneficiaryId: null,
          result: 'refused',
          reason: '领取码无效：不是本系统签发的领取码，或已被篡改',
          lineId: null,
          nameMasked: null,
        });
      } else {
        try {
          const r = await confirmHandout(
            deps,
            actor,
            pointId,
            { beneficiaryId, evidence: { kind: 'qr', code: item.code }, idempotencyKey: item.idempotencyKey },
            chinaToday(new Date(scannedAt)),
          );
          ok++;
          await repo.insertHandout(deps.db, { ...base, beneficiaryId, result: 'ok', reason: null, lineId: r.lineId, nameMasked: maskPersonName(r.name) });
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          // The campaign words "already received" as 「…不能重复发放」: that one is a duplicate, the rest refusals.
          const result = /不能重复发放/.test(err.message) ? 'duplicate' : 'refused';
          await repo.insertHandout(deps.db, { ...base, beneficiaryId, result, reason: err.message, lineId: null, nameMasked: null });
        }
      }
      stored = (await repo.handoutByKey(deps.db, item.idempotencyKey))!;
    }
    if (stored.point_id !== pointId) throw KEY_OF_ANOTHER_POINT();
    results.push({
      idempotencyKey: stored.idempotency_key,
      result: stored.result,
      reason: stored.reason,
      ref: stored.beneficiary_id,
      nameMasked: stored.name_masked,
    });
  }
  if (fresh)
    await deps.db.transaction((tx) =>
      recordAudit(tx, actor, {
        action: 'event.handout_sync',
        entity: 'campaign_point',
        entityId: pointId,
        orgId: point.orgId,
        summary: `同步离线发放「${point.name}」：发放 ${ok} 人，未通过 ${fresh - ok}（设备 ${input.deviceId}）`,
        after: { deviceId: input.deviceId, items: fresh, ok },
      }),
    );
  return { results };
}

/** Hand-outs at a point that the sync did not count, for staff. */
export async function listPointConflicts(db: Db, actor: Actor, pointId: number): Promise<CheckinConflict[]> {
  const point = await getPoint(db, actor, pointId);
  return (await repo.handoutConflicts(db, point.id)).map((r) => ({
    id: r.id,
    listId: null,
    listName: point.name,
    result: r.result,
    reason: r.reason,
    nameMasked: r.name_masked,
    deviceId: r.device_id,
    scannedAt: iso(r.scanned_at),
    syncedAt: iso(r.synced_at),
    handler: r.handler,
    counted: null,
  }));
}
