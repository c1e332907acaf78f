import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import type { PersonReference } from '../../server/module.ts';
import { memberships, personMerges, persons } from './people.schema.ts';

/**
 * The people module's own columns that point at a person and simply follow a merge. The other
 * references to `persons` of this module are the merge's own business: `memberships` (one per
 * person, merged field by field), `duplicate_candidates` (the reviewed pair), `person_merges` (the
 * merge itself) and `persons.merged_into`; `person_derived_tags` follow the records they come from
 * (when a merge moves a hardship file, its trigger gives the tag to the survivor and takes it from
 * the merged record).
 */
export const PEOPLE_PERSON_REFERENCES: readonly PersonReference[] = [
  { table: 'membership_events', column: 'person_id', idColumn: 'id' },
  { table: 'person_transfers', column: 'person_id', idColumn: 'id' },
];

/** Columns pointing at a person that the merge handles itself rather than moving (see above). */
export const MERGE_OWN_COLUMNS: readonly string[] = [
  'persons.merged_into',
  'memberships.person_id',
  'duplicate_candidates.a_id',
  'duplicate_candidates.b_id',
  'person_merges.survivor_id',
  'person_merges.merged_id',
  'person_derived_tags.person_id',
];

/** Rows moved by a merge, by `table.column`. */
export type MovedReferences = Record<string, (number | string)[]>;
const key = (ref: PersonReference) => `${ref.table}.${ref.column}`;
/** Merges recorded before references were named by column were keyed by table alone. */
const legacyKey = (ref: PersonReference) => ref.table;

/** Moves every reference from one person to another; returns what moved. */
export async function moveReferences(db: DbOrTx, references: readonly PersonReference[], from: number, to: number): Promise<MovedReferences> {
  const moved: MovedReferences = {};
  for (const ref of references) {
    const t = sql.identifier(ref.table);
    const col = sql.identifier(ref.column);
    // uniqueWith [] means the person column alone is unique (one such row per person).
    const notHeldBySurvivor = ref.uniqueWith
      ? sql` and not exists (select 1 from ${t} s where s.${col} = ${to}${sql.join(
          ref.uniqueWith.map((c) => sql` and s.${sql.identifier(c)} is not distinct from ${t}.${sql.identifier(c)}`),
        )})`
      : sql``;
    const rows = await queryRows<{ id: number | string }>(
      db,
      sql`update ${t} set ${col} = ${to} where ${col} = ${from}${notHeldBySurvivor} returning ${sql.identifier(ref.idColumn)} as id`,
    );
    if (rows.length) moved[key(ref)] = rows.map((r) => r.id);
  }
  return moved;
}

/** Moves back exactly the rows a merge moved. */
export async function restoreReferences(db: DbOrTx, references: readonly PersonReference[], moved: MovedReferences, to: number) {
  for (const ref of references) {
    const ids = moved[key(ref)] ?? moved[legacyKey(ref)];
    if (!ids?.length) continue;
    await db.execute(
      sql`update ${sql.identifier(ref.table)} set ${sql.identifier(ref.column)} = ${to} where ${sql.identifier(ref.idColumn)} in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
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
