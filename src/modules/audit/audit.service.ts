import { createHash } from 'node:crypto';
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Forbidden, NotFound } from '../../server/errors.ts';
import * as repo from './audit.repository.ts';
import type { AuditSnapshot, AuditVerifyResult, ListAuditQuery } from './audit.contract.ts';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | number | null;
  /** The org the record belongs to; decides which auditors see the entry. */
  orgId: number | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

/** JSON with object keys sorted, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** What is stored is what is hashed: Dates become ISO strings, undefined disappears. */
const plain = (v: unknown) => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as AuditSnapshot | null));

type Hashed = Pick<
  repo.AuditRow,
  'at' | 'actorAccountId' | 'actorName' | 'actorOrgId' | 'orgId' | 'action' | 'entity' | 'entityId' | 'summary' | 'before' | 'after' | 'ip'
>;

export function entryHash(prevHash: string, e: Hashed): string {
  const content = canonicalJson({
    at: e.at.toISOString(),
    actorAccountId: e.actorAccountId,
    actorName: e.actorName,
    actorOrgId: e.actorOrgId,
    orgId: e.orgId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    summary: e.summary,
    before: e.before,
    after: e.after,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Appends one entry to the audit log inside the caller's transaction, so the entry exists exactly
 * when the change does. Appenders wait on the chain head's row lock for the rest of their transaction.
 */
export async function recordAudit(tx: DbOrTx, actor: Actor | null, event: AuditEvent): Promise<void> {
  const head = await repo.lockHead(tx);
  const row: Hashed = {
    at: new Date(),
    actorAccountId: actor?.accountId ?? null,
    actorName: actor?.username ?? 'anonymous',
    actorOrgId: actor?.accountId ? actor.orgId : null,
    orgId: event.orgId,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
    summary: event.summary ?? null,
    before: plain(event.before),
    after: plain(event.after),
    ip: actor?.ip ?? null,
  };
  const hash = entryHash(head.lastHash, row);
  await repo.appendEntry(tx, { ...row, prevHash: head.lastHash, hash }, head.entries + 1);
}

/** Browse the log of the actor's subtree, newest first. */
export async function findAuditEntries(db: Db, actor: Actor, query: ListAuditQuery) {
  authorize(actor, 'audit:read');
  return repo.findEntries(db, scopeOf(actor), query);
}

export async function getAuditEntry(db: Db, actor: Actor, id: number) {
  authorize(actor, 'audit:read');
  const row = await repo.findEntry(db, scopeOf(actor), id);
  if (!row) throw new NotFound('日志');
  return row;
}

/**
 * Walks the whole chain: each entry's hash must match its content and the previous hash, and the
 * last one must match the head (which also counts the entries, so a removed tail shows too).
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerifyResult> {
  const verifiedAt = new Date().toISOString();
  const head = await repo.readHead(db);
  let prev = repo.GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  const broken = (id: number, problem: string): AuditVerifyResult => ({ ok: false, checked, brokenAt: id, problem, verifiedAt });
  for (;;) {
    const batch = await repo.entriesAfter(db, lastId, 2000);
    for (const e of batch) {
      if (e.prevHash !== prev) return broken(e.id, `第 ${e.id} 条的前序哈希与上一条不符：其前面的日志被删除、插入或改动过`);
      if (entryHash(prev, e) !== e.hash) return broken(e.id, `第 ${e.id} 条的内容与其哈希不符：该条日志被改动过`);
      prev = e.hash;
      lastId = e.id;
      checked++;
    }
    if (batch.length < 2000) break;
  }
  if (!head) return checked === 0 ? { ok: true, checked, brokenAt: null, problem: null, verifiedAt } : broken(lastId, '缺少链头记录');
  if (head.lastHash !== prev || head.lastId !== lastId || head.entries !== checked) {
    return broken(lastId, `日志末尾与链头不符（链头记录 ${head.entries} 条、最后一条为第 ${head.lastId} 条）：末尾的日志被删除或改动过`);
  }
  return { ok: true, checked, brokenAt: null, problem: null, verifiedAt };
}

/**
 * The whole chain spans every org, so only an auditor or administrator at the root verifies it
 * through the API (a county's auditor would otherwise learn the size of the whole log).
 */
export async function verifyAuditChainAs(db: Db, actor: Actor): Promise<AuditVerifyResult> {
  authorize(actor, 'audit:read');
  if (actor.orgPath.split('/').length !== 3) throw new Forbidden('只有根组织的审计员或系统管理员可以校验全部日志');
  return verifyAuditChain(db);
}
