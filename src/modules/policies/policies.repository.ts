import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { policyValues } from './policies.schema.ts';

/**
 * The value of each key in force for the org at `path` on `day`: the newest row on or before the
 * day of the nearest org on the way up to the root.
 */
export async function findEffective(db: DbOrTx, path: string, day: string, key?: string) {
  return db
    .selectDistinctOn([policyValues.key], {
      key: policyValues.key,
      value: policyValues.value,
      effectiveFrom: policyValues.effectiveFrom,
      orgId: orgs.id,
      orgName: orgs.name,
    })
    .from(policyValues)
    .innerJoin(orgs, eq(orgs.id, policyValues.orgId))
    .where(and(sql`${path} like ${orgs.path} || '%'`, sql`${policyValues.effectiveFrom} <= ${day}`, key ? eq(policyValues.key, key) : undefined))
    .orderBy(policyValues.key, sql`${orgs.depth} desc`, sql`${policyValues.effectiveFrom} desc`);
}

export async function findOwn(db: DbOrTx, orgId: number) {
  return db
    .select({
      id: policyValues.id,
      key: policyValues.key,
      orgId: policyValues.orgId,
      value: policyValues.value,
      effectiveFrom: policyValues.effectiveFrom,
      note: policyValues.note,
      createdAt: policyValues.createdAt,
      createdByName: accounts.displayName,
    })
    .from(policyValues)
    .leftJoin(accounts, eq(accounts.id, policyValues.createdBy))
    .where(eq(policyValues.orgId, orgId))
    .orderBy(asc(policyValues.key), sql`${policyValues.effectiveFrom} desc`);
}

export async function upsertValue(db: DbOrTx, v: typeof policyValues.$inferInsert) {
  const [row] = await db
    .insert(policyValues)
    .values(v)
    .onConflictDoUpdate({
      target: [policyValues.orgId, policyValues.key, policyValues.effectiveFrom],
      set: { value: v.value, note: v.note, createdBy: v.createdBy, createdAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function findValue(db: DbOrTx, id: number) {
  const [row] = await db.select().from(policyValues).where(eq(policyValues.id, id));
  return row;
}

export async function findValueAt(db: DbOrTx, orgId: number, key: string, effectiveFrom: string) {
  const [row] = await db
    .select()
    .from(policyValues)
    .where(and(eq(policyValues.orgId, orgId), eq(policyValues.key, key), eq(policyValues.effectiveFrom, effectiveFrom)));
  return row;
}

export async function deleteValue(db: DbOrTx, id: number) {
  await db.delete(policyValues).where(eq(policyValues.id, id));
}
