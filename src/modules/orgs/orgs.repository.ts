import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, scopePattern, type Scope } from '../../server/scope.ts';
import { likeEscape } from '../../server/text.ts';
import { orgs, type OrgRow } from './orgs.schema.ts';
import type { OrgStatus, OrgType, SearchOrgsQuery } from './orgs.contract.ts';

/**
 * Counts shown on tree nodes: direct children and everything below. Written as plain SQL because
 * the outer row must be named explicitly inside a correlated subquery.
 */
const counts = {
  childCount: sql<number>`(select count(*)::int from orgs c where c.parent_id = "orgs"."id")`,
  // A range on the text_pattern_ops index (every path with this prefix sorts between P and P||'~'):
  // LIKE with a pattern from the outer row could not use the index.
  descendantCount: sql<number>`(select count(*)::int - 1 from orgs b where b.path ~>=~ "orgs"."path" and b.path ~<~ ("orgs"."path" || '~'))`,
};

export async function findInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), pathInScope(scope, orgs.path)));
  return row;
}

/** The org row locked against concurrent changes of its path for the rest of the transaction. */
export async function lockInScope(db: DbOrTx, scope: Scope, id: number, mode: 'share' | 'update') {
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), pathInScope(scope, orgs.path)))
    .for(mode);
  return row;
}

/**
 * The parent of an org already found in scope. It may lie above the actor's scope (the parent of
 * the actor's own org): only rules read it, it is never returned to the client.
 */
export async function findParentOf(db: DbOrTx, org: Pick<OrgRow, 'parentId'>) {
  if (org.parentId === null) return undefined;
  const [row] = await db.select().from(orgs).where(eq(orgs.id, org.parentId));
  return row;
}

/** Any org by id, outside any scope: for rules that name an org elsewhere (a transfer's target). */
export async function findById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

/** The division code of an org or, when it has none, of its nearest ancestor that has one. */
export async function findDivisionCodeFor(db: DbOrTx, id: number): Promise<string | null> {
  const [row] = await queryRows<{ code: string }>(
    db,
    sql`select a.division_code as code from orgs a, orgs o where o.id = ${id} and o.path like a.path || '%' and a.division_code is not null order by a.depth desc limit 1`,
  );
  return row?.code ?? null;
}

export async function findWithCounts(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select({ org: orgs, ...counts })
    .from(orgs)
    .where(and(eq(orgs.id, id), pathInScope(scope, orgs.path)));
  return row;
}

export async function findChildren(db: DbOrTx, scope: Scope, parentId: number) {
  return db
    .select({ org: orgs, ...counts })
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), pathInScope(scope, orgs.path)))
    .orderBy(asc(orgs.status), asc(orgs.divisionCode), asc(orgs.id));
}

/** Names from the actor's own org down to `path`, for the breadcrumb. */
export async function findTrail(db: DbOrTx, scope: Scope, path: string) {
  const ids = path.split('/').filter(Boolean).map(Number);
  return db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(and(sql`${orgs.id} in ${ids}`, pathInScope(scope, orgs.path)))
    .orderBy(asc(orgs.depth));
}

/** The text match of every org search: name, short name, pinyin, initials, division or credit code. */
function textMatch(q: string): SQL {
  const contains = `%${likeEscape(q)}%`;
  const latin = q.toLowerCase().replace(/[\s']/g, '');
  const alt: SQL[] = [sql`${orgs.name} ilike ${contains}`, sql`${orgs.shortName} ilike ${contains}`];
  if (/^[a-z0-9]+$/.test(latin)) {
    alt.push(sql`${orgs.namePinyin} like ${'%' + latin + '%'}`, sql`${orgs.nameInitials} like ${'%' + latin + '%'}`);
  }
  if (/^\d{6}$/.test(q)) alt.push(eq(orgs.divisionCode, q));
  if (/^[0-9A-Z]{18}$/i.test(q)) alt.push(eq(orgs.creditCode, q.toUpperCase()));
  return sql`(${sql.join(alt, sql` or `)})`;
}

/** Exact and prefix matches first. */
function matchRank(q: string): SQL {
  return sql`case when ${orgs.name} = ${q} then 0 when ${orgs.name} like ${likeEscape(q) + '%'} or ${orgs.nameInitials} like ${likeEscape(q.toLowerCase()) + '%'} then 1 else 2 end`;
}

function searchConditions(scope: Scope, q: SearchOrgsQuery, within?: Scope): SQL | undefined {
  const conds: (SQL | undefined)[] = [pathInScope(scope, orgs.path)];
  if (within) conds.push(pathInScope(within, orgs.path));
  if (q.type) conds.push(eq(orgs.type, q.type));
  if (q.status) conds.push(eq(orgs.status, q.status));
  if (q.q) conds.push(textMatch(q.q));
  return and(...conds);
}

/** Search within scope by name, short name, pinyin, initials, division or credit code. */
export async function search(db: DbOrTx, scope: Scope, q: SearchOrgsQuery, within?: Scope) {
  const where = searchConditions(scope, q, within);
  const trail = sql<string>`coalesce((select string_agg(u.name, ' / ' order by u.depth) from orgs u
    where "orgs"."path" like u.path || '%' and u.id <> "orgs"."id" and u.path like ${scopePattern(scope)}), '')`;
  // Exact and prefix matches first, then shallower orgs.
  const [items, [count]] = await Promise.all([
    db
      .select({ org: orgs, trail })
      .from(orgs)
      .where(where)
      .orderBy(...(q.q ? [matchRank(q.q)] : []), asc(orgs.depth), asc(orgs.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(orgs)
      .where(where),
  ]);
  return { items, total: count!.n };
}

/**
 * Active unions of the given types matching `q` anywhere in the tree — NOT limited to a scope:
 * the one caller (orgs.service findTransferTargets) explains why. Selects directory columns
 * only, with the names of the unions above each (the national federation left out) and whether
 * it lies in `scope`.
 */
export async function findTransferTargets(db: DbOrTx, { q, types, scope, limit }: { q: string; types: readonly OrgType[]; scope: Scope; limit: number }) {
  // The ancestors' ids are the path's segments: looked up by primary key, not by pattern.
  const ancestors = sql<string[]>`coalesce((select array_agg(u.name order by u.depth) from orgs u
    where u.id = any(string_to_array(trim(both '/' from "orgs"."path"), '/')::int[]) and u.id <> "orgs"."id" and u.type <> 'national'), '{}')`;
  return db
    .select({ id: orgs.id, name: orgs.name, type: orgs.type, ancestors, inScope: sql<boolean>`${orgs.path} like ${scopePattern(scope)}` })
    .from(orgs)
    .where(and(eq(orgs.status, 'active'), inArray(orgs.type, [...types]), textMatch(q)))
    .orderBy(matchRank(q), asc(orgs.depth), asc(orgs.id))
    .limit(limit);
}

export async function findAllInSubtree(db: DbOrTx, scope: Scope, limit: number) {
  return db.select().from(orgs).where(pathInScope(scope, orgs.path)).orderBy(asc(orgs.path)).limit(limit);
}

export async function countByType(db: DbOrTx, scope: Scope) {
  return db
    .select({ type: orgs.type, status: orgs.status, count: sql<number>`count(*)::int` })
    .from(orgs)
    .where(pathInScope(scope, orgs.path))
    .groupBy(orgs.type, orgs.status);
}

export async function nextOrgId(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id`);
  return row!.id;
}

/** Several ids of new orgs, in one statement. */
export async function nextOrgIds(db: DbOrTx, n: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id from generate_series(1, ${n}::int)`);
  return rows.map((r) => r.id);
}

/** Orgs of the scope by id, share-locked (the parents of a batch of new orgs). */
export async function lockManyInScope(db: DbOrTx, scope: Scope, ids: number[]) {
  return db
    .select()
    .from(orgs)
    .where(and(inArray(orgs.id, ids), pathInScope(scope, orgs.path)))
    .for('share');
}

export async function insertOrgs(db: DbOrTx, values: (typeof orgs.$inferInsert)[]) {
  return db.insert(orgs).values(values).returning();
}

export async function insertOrg(db: DbOrTx, values: typeof orgs.$inferInsert) {
  const [row] = await db.insert(orgs).values(values).returning();
  return row!;
}

export async function updateOrg(db: DbOrTx, id: number, values: Partial<typeof orgs.$inferInsert>) {
  const [row] = await db
    .update(orgs)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(orgs.id, id))
    .returning();
  return row!;
}

/**
 * Re-roots a subtree: every path under `from` becomes the same path under `to`, depths shift by
 * the same amount, in one statement.
 */
export async function rewriteSubtreePaths(db: DbOrTx, from: string, to: string) {
  const depthShift = to.split('/').length - from.split('/').length;
  const rows = await db
    .update(orgs)
    .set({
      path: sql`${to} || substr(${orgs.path}, ${from.length + 1})`,
      depth: sql`${orgs.depth} + ${depthShift}`,
      updatedAt: sql`now()`,
    })
    // Tree maintenance, not a scoped read: every org under the moved one, whoever asked.
    .where(sql`${orgs.path} like ${from + '%'}`)
    .returning({ id: orgs.id });
  return rows.length;
}

/** A module's copy of union paths follows the move: `from…` becomes `to…` in the declared column. */
export async function rewritePathCopies(db: DbOrTx, copy: { table: string; column: string }, from: string, to: string) {
  const col = sql.identifier(copy.column);
  await db.execute(sql`update ${sql.identifier(copy.table)} set ${col} = ${to} || substr(${col}, ${from.length + 1}) where ${col} like ${from + '%'}`);
}

/** Serialises tree moves with each other (they are rare), so two crossing moves cannot make a cycle. */
export async function lockTreeForMove(db: DbOrTx) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('orgs.move'))`);
}

export async function childTypes(db: DbOrTx, id: number) {
  return db.selectDistinct({ type: orgs.type }).from(orgs).where(eq(orgs.parentId, id));
}

export async function countChildrenWithStatus(db: DbOrTx, id: number, status: OrgStatus) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgs)
    .where(and(eq(orgs.parentId, id), eq(orgs.status, status)));
  return row!.n;
}

export async function findRoot(db: DbOrTx) {
  const [row] = await db
    .select()
    .from(orgs)
    .where(sql`${orgs.parentId} is null`);
  return row;
}

/** Orgs of a subtree by name, division code or credit code (used by the import to resolve parents). */
export async function findByKeys(db: DbOrTx, scope: Scope, keys: string[]) {
  if (keys.length === 0) return [];
  return db
    .select()
    .from(orgs)
    .where(and(pathInScope(scope, orgs.path), sql`(${orgs.name} in ${keys} or ${orgs.divisionCode} in ${keys} or ${orgs.creditCode} in ${keys})`));
}

export async function findSiblingByName(db: DbOrTx, parentId: number, name: string, exceptId?: number) {
  const [row] = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(eq(orgs.parentId, parentId), eq(orgs.name, name), exceptId ? ne(orgs.id, exceptId) : undefined));
  return row;
}

export type { OrgRow };

/** Every org's name and stored search keys (to compute the keys again after the reading changed). */
export async function allNameKeys(db: DbOrTx) {
  return db.select({ id: orgs.id, name: orgs.name, full: orgs.namePinyin, initials: orgs.nameInitials }).from(orgs);
}

export async function setNameKeys(db: DbOrTx, rows: { id: number; full: string; initials: string }[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000).map((r) => ({ id: r.id, pinyin: r.full, initials: r.initials }));
    await db.execute(sql`
      update orgs o set name_pinyin = v.pinyin, name_initials = v.initials
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v(id int, pinyin text, initials text)
      where o.id = v.id`);
  }
}
