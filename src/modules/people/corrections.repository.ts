import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { orgInScope, type Scope } from '../../server/scope.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { personCorrections, persons } from './people.schema.ts';
import type { CorrectionStatus } from './corrections.contract.ts';

export type CorrectionRow = typeof personCorrections.$inferSelect;

export async function insertCorrection(db: DbOrTx, row: typeof personCorrections.$inferInsert): Promise<CorrectionRow> {
  const [inserted] = await db.insert(personCorrections).values(row).returning();
  return inserted!;
}

/** A person's own requests, newest first. */
export function correctionsOf(db: DbOrTx, personId: number) {
  return db
    .select()
    .from(personCorrections)
    .where(eq(personCorrections.personId, personId))
    .orderBy(desc(personCorrections.createdAt), desc(personCorrections.id));
}

/** Requests of people in the scope (their union as the tree is now), the oldest open ones first. */
export async function listInScope(db: DbOrTx, scope: Scope, status: CorrectionStatus, limit: number, offset: number) {
  return db
    .select({
      c: personCorrections,
      personName: persons.name,
      orgName: orgs.name,
      decidedBy: accounts.displayName,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(personCorrections)
    .innerJoin(persons, eq(persons.id, personCorrections.personId))
    .innerJoin(orgs, eq(orgs.id, persons.orgId))
    .leftJoin(accounts, eq(accounts.id, personCorrections.decidedBy))
    .where(and(eq(personCorrections.status, status), eq(persons.status, 'active'), orgInScope(scope, persons.orgId)))
    .orderBy(status === 'open' ? personCorrections.createdAt : desc(personCorrections.decidedAt), personCorrections.id)
    .limit(limit)
    .offset(offset);
}

/** An open request of a person in the scope, locked for its decision. */
export async function lockOpenInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select({ c: personCorrections, orgId: persons.orgId, personName: persons.name, version: persons.version })
    .from(personCorrections)
    .innerJoin(persons, eq(persons.id, personCorrections.personId))
    .where(and(eq(personCorrections.id, id), eq(persons.status, 'active'), orgInScope(scope, persons.orgId)))
    .for('update', { of: personCorrections });
  return row;
}

export async function decide(db: DbOrTx, id: number, d: { status: 'accepted' | 'rejected'; by: number | null; reason: string | null }) {
  const [row] = await db
    .update(personCorrections)
    .set({ status: d.status, decidedBy: d.by, decidedAt: new Date(), reason: d.reason })
    .where(and(eq(personCorrections.id, id), eq(personCorrections.status, 'open')))
    .returning();
  return row;
}
