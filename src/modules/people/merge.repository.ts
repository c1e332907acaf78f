import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../server/db.ts';
import { memberships, membershipEvents, personMerges, persons, personTransfers } from './people.schema.ts';

/**
 * Every table column that points at a person, so that a merge moves them all and an undo moves
 * them back. Later modules (campaign disbursements, hardship cases …) register theirs here.
 */
interface PersonReference {
  name: string;
  table: PgTable;
  /** The column, and its property name in the Drizzle table (what `set` takes). */
  personColumn: PgColumn;
  personKey: string;
  idColumn: PgColumn;
}
const references: PersonReference[] = [
  { name: 'membership_events', table: membershipEvents, personColumn: membershipEvents.personId, personKey: 'personId', idColumn: membershipEvents.id },
  { name: 'person_transfers', table: personTransfers, personColumn: personTransfers.personId, personKey: 'personId', idColumn: personTransfers.id },
];

export function registerPersonReference(ref: PersonReference) {
  references.push(ref);
}

export type MovedReferences = Record<string, (number | string)[]>;

/** Moves every reference from one person to another; returns what moved, by table. */
export async function moveReferences(db: DbOrTx, from: number, to: number): Promise<MovedReferences> {
  const moved: MovedReferences = {};
  for (const ref of references) {
    const rows = (await db
      .update(ref.table)
      .set({ [ref.personKey]: to } as never)
      .where(eq(ref.personColumn, from))
      .returning({ id: ref.idColumn })) as { id: number | string }[];
    if (rows.length) moved[ref.name] = rows.map((r) => r.id);
  }
  return moved;
}

/** Moves back exactly the rows a merge moved. */
export async function restoreReferences(db: DbOrTx, moved: MovedReferences, to: number) {
  for (const ref of references) {
    const ids = moved[ref.name];
    if (ids?.length)
      await db
        .update(ref.table)
        .set({ [ref.personKey]: to } as never)
        .where(inArray(ref.idColumn, ids as number[]));
  }
}

export async function lockPersons(db: DbOrTx, ids: number[]) {
  return db.select().from(persons).where(inArray(persons.id, ids)).orderBy(persons.id).for('update');
}

export async function findMembershipRow(db: DbOrTx, personId: number) {
  const [row] = await db.select().from(memberships).where(eq(memberships.personId, personId));
  return row;
}

export async function moveMembership(db: DbOrTx, from: number, to: number) {
  await db.update(memberships).set({ personId: to }).where(eq(memberships.personId, from));
}

export async function setPersonColumns(db: DbOrTx, id: number, values: Partial<typeof persons.$inferInsert>) {
  const [row] = await db
    .update(persons)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(persons.id, id))
    .returning();
  return row!;
}

export async function insertMerge(db: DbOrTx, values: typeof personMerges.$inferInsert) {
  const [row] = await db.insert(personMerges).values(values).returning({ id: personMerges.id });
  return row!.id;
}

export async function findOpenMerge(db: DbOrTx, id: number) {
  const [row] = await db
    .select()
    .from(personMerges)
    .where(and(eq(personMerges.id, id), isNull(personMerges.revertedAt)))
    .for('update');
  return row;
}

export async function markReverted(db: DbOrTx, id: number, by: number | null) {
  await db
    .update(personMerges)
    .set({ revertedAt: sql`now()`, revertedBy: by })
    .where(eq(personMerges.id, id));
}
