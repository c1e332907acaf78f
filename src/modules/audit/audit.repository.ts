import { and, desc, eq, gt, gte, lt, sql, asc, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { orgInScope, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { auditAnchors, auditHead, auditLog } from './audit.schema.ts';
import type { ListAuditQuery } from './audit.contract.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

/**
 * Locks the chain head for this transaction: appenders queue here, so the chain stays linear. The
 * head row is made by the first append only (every write of every module appends: one statement
 * each counts).
 */
export async function lockHead(tx: DbOrTx) {
  const lock = () => tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  let [head] = await lock();
  if (!head) {
    await tx.insert(auditHead).values({ id: 1, lastHash: GENESIS_HASH }).onConflictDoNothing();
    [head] = await lock();
  }
  return head!;
}

/** Writes the entry and moves the head to it, in one statement. */
export async function appendEntry(tx: DbOrTx, row: Omit<NewAuditRow, 'id'>, entries: number) {
  const inserted = tx.$with('inserted').as(tx.insert(auditLog).values(row).returning({ id: auditLog.id }));
  const [head] = await tx
    .with(inserted)
    .update(auditHead)
    .set({ lastId: sql`(select id from ${inserted})`, lastHash: row.hash, entries })
    .where(eq(auditHead.id, 1))
    .returning({ lastId: auditHead.lastId });
  return head!.lastId!;
}

/** Writes several entries, already chained in order, and moves the head to the last, in one statement. */
export async function appendEntries(tx: DbOrTx, rows: Omit<NewAuditRow, 'id'>[], entries: number) {
  if (!rows.length) return;
  const inserted = tx.$with('inserted').as(tx.insert(auditLog).values(rows).returning({ id: auditLog.id }));
  await tx
    .with(inserted)
    .update(auditHead)
    .set({ lastId: sql`(select max(id) from ${inserted})`, lastHash: rows.at(-1)!.hash, entries })
    .where(eq(auditHead.id, 1));
}

export async function readHead(db: DbOrTx) {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  return head;
}

export async function findEntryById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(auditLog).where(eq(auditLog.id, id));
  return row;
}

export type AnchorRow = typeof auditAnchors.$inferSelect;

export async function insertAnchor(db: DbOrTx, anchor: Omit<AnchorRow, 'id'>) {
  await db.insert(auditAnchors).values(anchor);
}

/** Every anchor, oldest first (one a day: a few thousand over years). */
export async function listAnchors(db: DbOrTx) {
  return db.select().from(auditAnchors).orderBy(asc(auditAnchors.id));
}

export async function entriesAfter(db: DbOrTx, afterId: number, limit: number) {
  return db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit);
}

/** Entries of one month's partition, attached or detached, after `afterId` in id order. */
export async function partitionEntriesAfter(db: DbOrTx, partition: string, afterId: number, limit: number): Promise<(typeof auditLog.$inferSelect)[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`select * from ${sql.identifier(partition)} where id > ${afterId} order by id limit ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string),
    actorAccountId: r.actor_account_id as number | null,
    actorName: r.actor_name as string,
    actorOrgId: r.actor_org_id as number | null,
    orgId: r.org_id as number | null,
    action: r.action as string,
    entity: r.entity as string,
    entityId: r.entity_id as string | null,
    summary: r.summary as string | null,
    before: (r.before ?? null) as (typeof auditLog.$inferSelect)['before'],
    after: (r.after ?? null) as (typeof auditLog.$inferSelect)['after'],
    ip: r.ip as string | null,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  }));
}

/**
 * Entries about records of the actor's subtree; entries tied to no org (failed logins of unknown
 * names, system events) only for actors at the root.
 */
function scopeCondition(scope: Scope): SQL {
  const atRoot = scope.path.split('/').length === 3;
  return atRoot ? sql`(${orgInScope(scope, auditLog.orgId)} or ${auditLog.orgId} is null)` : orgInScope(scope, auditLog.orgId);
}

function filters(scope: Scope, q: ListAuditQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [scopeCondition(scope)];
  if (q.entity) conds.push(eq(auditLog.entity, q.entity));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.actor) conds.push(sql`${auditLog.actorName} ilike ${'%' + likeEscape(q.actor) + '%'}`);
  if (q.orgId) conds.push(eq(auditLog.orgId, q.orgId));
  if (q.from) conds.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) conds.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  return and(...conds);
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  actorAccountId: auditLog.actorAccountId,
  actorName: auditLog.actorName,
  orgId: auditLog.orgId,
  orgName: orgs.name,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  summary: auditLog.summary,
  before: auditLog.before,
  after: auditLog.after,
  ip: auditLog.ip,
  hash: auditLog.hash,
};

export async function findEntries(db: DbOrTx, scope: Scope, q: ListAuditQuery) {
  const where = filters(scope, q);
  const [items, [count]] = await Promise.all([
    db
      .select(columns)
      .from(auditLog)
      .leftJoin(orgs, eq(orgs.id, auditLog.orgId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { items, total: count!.n };
}

export async function findEntry(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select(columns)
    .from(auditLog)
    .leftJoin(orgs, eq(orgs.id, auditLog.orgId))
    .where(and(eq(auditLog.id, id), scopeCondition(scope)));
  return row;
}
