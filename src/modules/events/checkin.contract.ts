/**
 * 签到工具 — the check-in kit on a phone, for an event's check-in lists (入场, 用餐, 纪念品) and for a
 * campaign's pick-up point alike. The phone downloads its list (codes only as SHA-256 hashes, names
 * masked), works without a network, queues each confirmation with an idempotency key of its own and
 * sends the queue when the network returns. The server decides: a replayed key answers what it
 * answered before; a person checked in twice (two phones offline) ends as one line and a conflict
 * staff can see; a hand-out the campaign's rules refuse is reported back, never dropped.
 *
 * Codes a phone can scan: an event ticket `NJE1-<sign-up>-<tag>` (per sign-up, stable, printed or
 * shown on the portal), and a campaign pick-up card `NJ1-<beneficiary>-<tag>`. Both carry a keyed
 * tag the phone cannot check; it matches the code's SHA-256 against its list, the server checks the
 * tag when the queue arrives.
 */
import { z, nameText, id, queryId, oneOf, Paging, pageOf } from '../../shared/contract.ts';
import { instant } from './events.contract.ts';

export const CHECKIN_LIST_KINDS = ['entry', 'meal', 'souvenir', 'other'] as const;
export type CheckinListKind = (typeof CHECKIN_LIST_KINDS)[number];
export const CHECKIN_LIST_KIND_LABELS: Record<CheckinListKind, string> = { entry: '入场', meal: '用餐', souvenir: '纪念品', other: '其他' };

/** once: one check-in per person; daily: one per person and day (China time); unlimited: every scan counts. */
export const CHECKIN_MODES = ['once', 'daily', 'unlimited'] as const;
export type CheckinMode = (typeof CHECKIN_MODES)[number];
export const CHECKIN_MODE_LABELS: Record<CheckinMode, string> = { once: '仅一次', daily: '每天一次', unlimited: '不限次数' };

/** ok: counted; duplicate: the person was already checked in (kept as a conflict); refused: not counted, with the reason. */
export const CHECKIN_RESULTS = ['ok', 'duplicate', 'refused'] as const;
export type CheckinResult = (typeof CHECKIN_RESULTS)[number];
export const CHECKIN_RESULT_LABELS: Record<CheckinResult, string> = { ok: '已签到', duplicate: '重复签到', refused: '未通过' };

export const TICKET_PREFIX = 'NJE1';
/** The most queued check-ins one sync request carries (the phone sends a longer queue in batches). */
export const SYNC_BATCH_MAX = 500;

// ---- Check-in lists (staff) ---------------------------------------------------------------------

export const CheckinListInput = z.object({
  name: nameText('签到清单名称', { max: 30 }),
  kind: oneOf(CHECKIN_LIST_KINDS, '签到类型'),
  mode: oneOf(CHECKIN_MODES, '签到规则'),
  /** A session of the event the list is for; null: the whole event. */
  sessionId: id('场次')
    .nullish()
    .transform((v) => v ?? null),
});
export type CheckinListInput = z.infer<typeof CheckinListInput>;

export const CheckinListView = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  eventTitle: z.string(),
  sessionId: z.number().int().nullable(),
  name: z.string(),
  kind: z.enum(CHECKIN_LIST_KINDS),
  mode: z.enum(CHECKIN_MODES),
  /** Check-ins counted (人次) and distinct people checked in (人数). */
  checkins: z.number().int(),
  people: z.number().int(),
  conflicts: z.number().int(),
});
export type CheckinListView = z.infer<typeof CheckinListView>;

/** A list a phone may open (GET /api/checkin/lists). */
export const UsableCheckinList = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  eventTitle: z.string(),
  name: z.string(),
  kind: z.enum(CHECKIN_LIST_KINDS),
  mode: z.enum(CHECKIN_MODES),
  sessionLabel: z.string().nullable(),
});
export type UsableCheckinList = z.infer<typeof UsableCheckinList>;

export const CheckinListParams = z.object({ listId: queryId('签到清单') });
export const CheckinPointParams = z.object({ pointId: queryId('发放点') });

// ---- The download a phone keeps offline ---------------------------------------------------------

export const OfflineEntry = z.object({
  /** The sign-up (event) or the beneficiary (campaign point). */
  ref: z.number().int(),
  /** SHA-256 (hex) of the person's code: matches a scanned code without holding it. */
  codeHash: z.string(),
  nameMasked: z.string(),
  orgName: z.string(),
  /** Event lists: days (YYYY-MM-DD) already checked in on this list; a point: hand-outs already received. */
  days: z.array(z.string()),
  received: z.number().int(),
});
export type OfflineEntry = z.infer<typeof OfflineEntry>;

export const OfflineList = z.object({
  target: z.enum(['list', 'point']),
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  /** The rule the phone applies while offline (a point: once per person, the campaign's rule). */
  mode: z.enum(CHECKIN_MODES),
  downloadedAt: z.string(),
  entries: z.array(OfflineEntry),
});
export type OfflineList = z.infer<typeof OfflineList>;

// ---- Sync ---------------------------------------------------------------------------------------

const key = (label: string) =>
  z
    .string({ error: `${label}无效` })
    .trim()
    .min(8, `${label}无效`)
    .max(64, `${label}无效`)
    .regex(/^[A-Za-z0-9_-]+$/, `${label}无效`);

export const QueuedCheckin = z.object({
  /** Made by the phone per confirmation; the same key sent again answers the same result. */
  idempotencyKey: key('幂等键'),
  code: z
    .string({ error: '请填写签到码' })
    .trim()
    .min(1, '请填写签到码')
    .max(80, '签到码不能超过 80 个字符')
    .regex(/^[A-Za-z0-9_-]+$/, '签到码无效'),
  /** When the phone confirmed it (its own clock). */
  scannedAt: instant('扫码时间'),
});
export type QueuedCheckin = z.infer<typeof QueuedCheckin>;

export const SyncInput = z.object({
  deviceId: key('设备编号'),
  items: z.array(QueuedCheckin).min(1, '请至少提交一条签到').max(SYNC_BATCH_MAX, `一次最多提交 ${SYNC_BATCH_MAX} 条签到`),
});
export type SyncInput = z.infer<typeof SyncInput>;

export const SyncItemResult = z.object({
  idempotencyKey: z.string(),
  result: z.enum(CHECKIN_RESULTS),
  /** Why a line was not counted, in words for the volunteer. */
  reason: z.string().nullable(),
  ref: z.number().int().nullable(),
  nameMasked: z.string().nullable(),
});
export type SyncItemResult = z.infer<typeof SyncItemResult>;
export const SyncResult = z.object({ results: z.array(SyncItemResult) });
export type SyncResult = z.infer<typeof SyncResult>;

// ---- What staff see ----------------------------------------------------------------------------

export const CheckinLine = z.object({
  id: z.number().int(),
  nameMasked: z.string().nullable(),
  orgName: z.string().nullable(),
  day: z.string(),
  scannedAt: z.string(),
  syncedAt: z.string(),
  deviceId: z.string(),
  handler: z.string().nullable(),
});
export const CheckinLinePage = pageOf(CheckinLine);
export const CheckinLinesQuery = Paging;

/** A duplicate or a refusal: what the phone recorded, and (for a duplicate) the line that counted. */
export const CheckinConflict = z.object({
  id: z.number().int(),
  listId: z.number().int().nullable(),
  listName: z.string(),
  result: z.enum(['duplicate', 'refused']),
  reason: z.string().nullable(),
  nameMasked: z.string().nullable(),
  deviceId: z.string(),
  scannedAt: z.string(),
  syncedAt: z.string(),
  handler: z.string().nullable(),
  /** The line that counted (the first check-in), for a duplicate. */
  counted: z.object({ deviceId: z.string(), scannedAt: z.string(), handler: z.string().nullable() }).nullable(),
});
export type CheckinConflict = z.infer<typeof CheckinConflict>;

/** 王*兰: enough for a volunteer to greet the person, not enough to copy a roster. */
export function maskPersonName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 2))}${chars[chars.length - 1]}`;
}
