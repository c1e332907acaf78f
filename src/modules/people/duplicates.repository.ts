/**
 * 疑似重复 found set-based in SQL, never pair by pair in JavaScript: blocking keys pair records
 * that share (name, birth date), (name, ID region, ID last four), (phone) or (pinyin, birth date);
 * each key carries a weight and a pair's score is 1 − Π(1 − w). A phone shared by more than five
 * records (a company switchboard) pairs nobody, nor does any block of more than MAX_BLOCK records.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../server/db.ts';
import { queryRows } from '../../server/db.ts';
import { orgInScope, scopePattern, type Scope } from '../../server/scope.ts';
import { duplicateCandidates, persons } from './people.schema.ts';

export const LIKELY = 0.85;
/** A block larger than this says nothing about who is whom (a common name born on a popular day). */
const MAX_BLOCK = 20;
export const POSSIBLE = 0.6;

/** Finds candidate pairs among the active people of the scope and queues new ones. */
export async function scanDuplicates(db: DbOrTx, scope: Scope) {
  const pattern = scopePattern(scope);
  const [row] = await queryRows<{ scanned: number; found: number; likely: number; possible: number }>(
    db,
    sql`
    with scoped as materialized (
      select p.id, p.name, p.name_pinyin, p.birth_date, p.phone_bidx, p.id_masked,
        count(*) over (partition by p.name, p.birth_date) as n_name_birth,
        count(*) over (partition by p.name, left(p.id_masked, 6), right(p.id_masked, 4)) as n_name_id,
        count(*) over (partition by p.name_pinyin, p.birth_date) as n_pinyin_birth,
        count(*) over (partition by p.phone_bidx) as n_phone
      from persons p join orgs o on o.id = p.org_id
      where p.status = 'active' and o.path like ${pattern}
    ),
    pairs as (
      select a.id as a_id, b.id as b_id, '姓名和出生日期相同' as reason, 0.85::numeric as w
        from scoped a join scoped b on a.name = b.name and a.birth_date = b.birth_date and a.id < b.id
        where a.n_name_birth between 2 and ${MAX_BLOCK}
      union all
      select a.id, b.id, '姓名、证件号地区码和末四位相同', 0.85
        from scoped a join scoped b on a.name = b.name and left(a.id_masked, 6) = left(b.id_masked, 6)
          and right(a.id_masked, 4) = right(b.id_masked, 4) and a.id < b.id
        where a.n_name_id between 2 and ${MAX_BLOCK}
      union all
      select a.id, b.id, '手机号相同', 0.60
        from scoped a join scoped b on b.phone_bidx = a.phone_bidx and a.id < b.id
        where a.phone_bidx is not null and a.n_phone between 2 and 5
      union all
      select a.id, b.id, '姓名拼音和出生日期相同', 0.60
        from scoped a join scoped b on a.name_pinyin = b.name_pinyin and a.birth_date = b.birth_date
          and a.name <> b.name and a.id < b.id
        where a.n_pinyin_birth between 2 and ${MAX_BLOCK}
    ),
    scored as (
      select a_id, b_id, array_agg(reason order by w desc) as reasons,
             round(1 - exp(sum(ln(1 - w))), 3) as score
      from pairs group by a_id, b_id
    ),
    inserted as (
      insert into duplicate_candidates (a_id, b_id, score, level, reasons)
      select a_id, b_id, score, case when score >= ${LIKELY} then 'likely' else 'possible' end, reasons
      from scored where score >= ${POSSIBLE}
      on conflict (a_id, b_id) do nothing
      returning level
    )
    select (select count(*) from scoped)::int as scanned,
           (select count(*) from inserted)::int as found,
           (select count(*) from inserted where level = 'likely')::int as likely,
           (select count(*) from inserted where level = 'possible')::int as possible`,
  );
  return row!;
}

const a = alias(persons, 'a');
const b = alias(persons, 'b');

/** Open pairs whose two records are both active and both in the actor's subtree. */
function openInScope(scope: Scope) {
  return and(eq(duplicateCandidates.status, 'open'), eq(a.status, 'active'), eq(b.status, 'active'), orgInScope(scope, a.orgId), orgInScope(scope, b.orgId));
}

export async function findOpenPairs(db: DbOrTx, scope: Scope, q: { level?: 'likely' | 'possible'; page: number; pageSize: number }) {
  const where = and(openInScope(scope), q.level ? eq(duplicateCandidates.level, q.level) : undefined);
  const [items, [count]] = await Promise.all([
    db
      .select({ pair: duplicateCandidates })
      .from(duplicateCandidates)
      .innerJoin(a, eq(a.id, duplicateCandidates.aId))
      .innerJoin(b, eq(b.id, duplicateCandidates.bId))
      .where(where)
      .orderBy(desc(duplicateCandidates.score), asc(duplicateCandidates.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(duplicateCandidates)
      .innerJoin(a, eq(a.id, duplicateCandidates.aId))
      .innerJoin(b, eq(b.id, duplicateCandidates.bId))
      .where(where),
  ]);
  return { items: items.map((i) => i.pair), total: count!.n };
}

export async function findOpenPairInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select({ pair: duplicateCandidates })
    .from(duplicateCandidates)
    .innerJoin(a, eq(a.id, duplicateCandidates.aId))
    .innerJoin(b, eq(b.id, duplicateCandidates.bId))
    .where(and(eq(duplicateCandidates.id, id), openInScope(scope)));
  return row?.pair;
}

export async function decidePair(db: DbOrTx, id: number, status: 'merged' | 'dismissed', by: number | null, note: string) {
  await db
    .update(duplicateCandidates)
    .set({ status, decidedBy: by, decidedAt: sql`now()`, decisionNote: note })
    .where(eq(duplicateCandidates.id, id));
}

/** Closes open pairs of two records that have just been merged (whichever way round). */
export async function closePairsOf(db: DbOrTx, x: number, y: number, by: number | null) {
  const [lo, hi] = x < y ? [x, y] : [y, x];
  await db
    .update(duplicateCandidates)
    .set({ status: 'merged', decidedBy: by, decidedAt: sql`now()` })
    .where(and(eq(duplicateCandidates.aId, lo), eq(duplicateCandidates.bId, hi), eq(duplicateCandidates.status, 'open')));
}
