/** The honour tags other modules' records give a person (an award of 技能竞赛). */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { orgInScope, type Scope } from '../../server/scope.ts';
import { persons } from './people.schema.ts';

/** The person of the scope, locked, with their tags. */
export async function lockPersonTags(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select({ id: persons.id, name: persons.name, orgId: persons.orgId, tags: persons.tags })
    .from(persons)
    .where(and(eq(persons.id, id), eq(persons.status, 'active'), orgInScope(scope, persons.orgId)))
    .for('update');
  return row;
}

/** Adds the tag unless the record has it; the tags after. */
export async function appendTag(db: DbOrTx, id: number, tag: string) {
  const [row] = await db
    .update(persons)
    .set({ tags: sql`array_append(${persons.tags}, ${tag}::text)`, version: sql`${persons.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(persons.id, id), sql`not (${tag}::text = any(${persons.tags}))`))
    .returning({ tags: persons.tags });
  return row?.tags;
}

/** Takes the tag off the record if it has it; the tags after (undefined: it did not have it). */
export async function dropTag(db: DbOrTx, id: number, tag: string) {
  const [row] = await db
    .update(persons)
    .set({ tags: sql`array_remove(${persons.tags}, ${tag}::text)`, version: sql`${persons.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(persons.id, id), sql`${tag}::text = any(${persons.tags})`))
    .returning({ tags: persons.tags });
  return row?.tags;
}
