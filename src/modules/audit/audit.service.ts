import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Forbidden, NotFound } from '../../server/errors.ts';
import * as repo from './audit.repository.ts';
import { auditKey } from './audit.key.ts';
import { entryHash, type HashedEntry } from './audit.hash.ts';
import { anchorFile, verifyAuditChain } from './audit.chain.ts';
import type { AuditAnchor, AuditAnchorFile, AuditSnapshot, AuditVerifyResult, ListAuditQuery } from './audit.contract.ts';

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

/** What is stored is what is hashed: Dates become ISO strings, undefined disappears. */
const plain = (v: unknown) => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as AuditSnapshot | null));

/**
 * Appends one entry to the audit log inside the caller's transaction, so the entry exists exactly
 * when the change does. Appenders wait on the chain head's row lock for the rest of their transaction.
 */
export async function recordAudit(tx: DbOrTx, actor: Actor | null, event: AuditEvent): Promise<void> {
  const key = auditKey();
  const head = await repo.lockHead(tx);
  const row: HashedEntry = {
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
  const hash = entryHash(key, head.lastHash, row);
  await repo.appendEntry(tx, { ...row, prevHash: head.lastHash, hash }, head.entries + 1);
}

/**
 * Appends several entries in one statement, chained in the order given, with the head locked once:
 * for loads of many records at once (the demo dataset), where one statement per entry would cost
 * more than the records themselves.
 */
export async function recordAudits(tx: DbOrTx, actor: Actor | null, events: readonly AuditEvent[]): Promise<void> {
  if (!events.length) return;
  const key = auditKey();
  const head = await repo.lockHead(tx);
  let prevHash = head.lastHash;
  const at = new Date();
  const rows = events.map((event) => {
    const row: HashedEntry = {
      at,
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
    const hash = entryHash(key, prevHash, row);
    const chained = { ...row, prevHash, hash };
    prevHash = hash;
    return chained;
  });
  await repo.appendEntries(tx, rows, head.entries + rows.length);
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

/** Only an auditor or administrator at the root sees the whole chain: its length and its anchors span every org. */
function authorizeWholeChain(actor: Actor) {
  authorize(actor, 'audit:read');
  if (actor.orgPath.split('/').length !== 3) throw new Forbidden('只有根组织的审计员或系统管理员可以校验全部日志');
}

/**
 * Verifies the whole chain under the audit key, against the anchors the server keeps and those the
 * auditor supplies (a file downloaded earlier).
 */
export async function verifyAuditChainAs(db: Db, actor: Actor, anchors: readonly AuditAnchor[] = []): Promise<AuditVerifyResult> {
  authorizeWholeChain(actor);
  return verifyAuditChain(db, { anchors });
}

/** The signed anchors of the chain, with the public key that checks them, for an auditor to keep. */
export async function getAnchorFile(db: Db, actor: Actor): Promise<AuditAnchorFile> {
  authorizeWholeChain(actor);
  return anchorFile(db);
}
