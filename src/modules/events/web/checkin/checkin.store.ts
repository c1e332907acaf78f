/**
 * What the check-in phone keeps in IndexedDB (idb): the lists it downloaded and its queue of
 * confirmations, so that a page reloaded without a network still has both. Each confirmation gets
 * its idempotency key here, once; a sync sends the same key however often it is retried.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CheckinResult, OfflineList } from '../../checkin.contract.ts';

export type Target = 'list' | 'point';
export type QueueStatus = 'queued' | CheckinResult;

export interface QueuedItem {
  idempotencyKey: string;
  /** `${target}:${id}`: the list or point it belongs to. */
  targetKey: string;
  code: string;
  scannedAt: string;
  day: string;
  ref: number;
  nameMasked: string;
  status: QueueStatus;
  reason: string | null;
}

interface CheckinDb extends DBSchema {
  lists: { key: string; value: OfflineList & { key: string } };
  queue: { key: string; value: QueuedItem; indexes: { byTarget: string } };
  meta: { key: string; value: { key: string; value: string } };
}

let opened: Promise<IDBPDatabase<CheckinDb>> | null = null;
function db() {
  opened ??= openDB<CheckinDb>('niangjia-checkin', 1, {
    upgrade(d) {
      d.createObjectStore('lists', { keyPath: 'key' });
      d.createObjectStore('queue', { keyPath: 'idempotencyKey' }).createIndex('byTarget', 'targetKey');
      d.createObjectStore('meta', { keyPath: 'key' });
    },
  });
  return opened;
}

export const targetKey = (target: Target, id: number) => `${target}:${id}`;

export async function savedList(key: string): Promise<OfflineList | undefined> {
  return (await db()).get('lists', key);
}

export async function saveList(key: string, list: OfflineList) {
  await (await db()).put('lists', { ...list, key });
}

export async function queueOf(key: string): Promise<QueuedItem[]> {
  const items = await (await db()).getAllFromIndex('queue', 'byTarget', key);
  return items.sort((a, b) => b.scannedAt.localeCompare(a.scannedAt));
}

export async function putItems(items: QueuedItem[]) {
  const tx = (await db()).transaction('queue', 'readwrite');
  await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
}

/** This phone's name in the server's records: made once, kept. */
export async function deviceId(): Promise<string> {
  const d = await db();
  const known = await d.get('meta', 'deviceId');
  if (known) return known.value;
  const value = `phone-${newKey().slice(0, 12)}`;
  await d.put('meta', { key: 'deviceId', value });
  return value;
}

/** A random key of 32 letters and digits. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 (hex) of a scanned code, as the server hashes the codes it lists. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text.trim()));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
