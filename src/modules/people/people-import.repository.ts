/** The set-based half of an import: matching staged rows to people, counting, applying. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../server/db.ts';
import { pgErrorOf } from '../../server/errors.ts';
import { queryRows } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { occupations } from './people.schema.ts';
import { peopleImportRows } from './people-import.schema.ts';

const errorJson = (column: string, message: SQL) => sql`jsonb_build_array(jsonb_build_object('column', ${column}::text, 'message', ${message}))`;
type SQL = ReturnType<typeof sql>;

/** Names, short names and codes of the orgs of a subtree → their ids (an import's 所属工会 column). */
export async function orgIndex(db: DbOrTx, scope: Scope) {
  const rows = await db
    .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName, divisionCode: orgs.divisionCode, creditCode: orgs.creditCode })
    .from(orgs)
    .where(and(sql`${orgs.path} like ${scopePattern(scope)}`, eq(orgs.status, 'active')));
  const index: Record<string, number[]> = {};
  const add = (k: string | null, id: number) => {
    if (!k) return;
    const ids = (index[k] ??= []);
    if (!ids.includes(id)) ids.push(id);
  };
  for (const r of rows) {
    add(r.name, r.id);
    add(r.shortName, r.id);
    add(r.creditCode, r.id);
  }
  // A division code names its federation, not the unions located there.
  for (const r of rows) if (r.divisionCode && !index[r.divisionCode]) add(r.divisionCode, r.id);
  return index;
}

export async function occupationIndex(db: DbOrTx) {
  const rows = await db.select().from(occupations);
  return Object.fromEntries(
    rows.flatMap((o) => [
      [o.label, o.code],
      [o.code, o.code],
    ]),
  );
}

/**
 * After the COPY: a second row with the same ID number is an error; a row whose person exists
 * becomes 'unchanged' or 'update' (only cells that are filled count as changes), or an error when
 * that person is outside the importer's subtree; member numbers must be free.
 * `rowsToCompare`: the rows whose blind-index prefix occurs more than once in the file (found while
 * the rows were checked); only they can repeat an ID number, so only they are compared.
 */
export async function matchStagedRows(db: Tx, jobId: string, scope: Scope, rowsToCompare: number[]) {
  // Fresh statistics after the bulk load, or the planner takes the staging table for empty; a small
  // sample is enough to count the rows and plan the join with the registry.
  await db.execute(sql`set local default_statistics_target = 10`);
  // Hashing a million staged rows against the registry in memory rather than in temporary files.
  await db.execute(sql`set local work_mem = '128MB'`);
  await db.execute(sql`analyze people_import_rows`);
  if (rowsToCompare.length) {
    await db.execute(sql`
      with ranked as (
        select row_no, first_value(row_no) over (partition by id_type, id_number_bidx order by row_no) as first_row
        from people_import_rows
        where job_id = ${jobId} and status = 'new' and row_no = any(${`{${rowsToCompare.join(',')}}`}::int[])
      )
      update people_import_rows s set status = 'error',
        errors = ${errorJson('身份证号', sql`'与第 ' || r.first_row || ' 行的证件号码重复'`)}
      from ranked r
      where s.job_id = ${jobId} and s.row_no = r.row_no and r.first_row <> r.row_no`);
  }

  await db.execute(sql`
    update people_import_rows s set
      person_id = sv.id,
      status = case
        when not exists (select 1 from orgs o where o.id = sv.org_id and o.path like ${scopePattern(scope)}) then 'error'
        when sv.name = s.name
          and (s.phone_bidx is null or s.phone_bidx is not distinct from sv.phone_bidx)
          and (s.org_id is null or s.org_id = sv.org_id)
          and (s.employer_name is null or s.employer_name is not distinct from sv.employer_name)
          and (s.employer_credit_code is null or s.employer_credit_code is not distinct from sv.employer_credit_code)
          and (s.occupation is null or s.occupation is not distinct from sv.occupation)
          and (s.employment_form is null or s.employment_form is not distinct from sv.employment_form)
          and (s.work_status is null or s.work_status is not distinct from sv.work_status)
          and (s.ethnicity is null or s.ethnicity is not distinct from sv.ethnicity)
          and (s.hukou_type is null or s.hukou_type is not distinct from sv.hukou_type)
          and (s.political_status is null or s.political_status is not distinct from sv.political_status)
          and (s.education is null or s.education is not distinct from sv.education)
          and (s.address is null or s.address is not distinct from sv.address)
          and (s.notes is null or s.notes is not distinct from sv.notes)
          and (s.tags is null or s.tags <@ sv.tags)
        then 'unchanged' else 'update' end,
      errors = case
        when not exists (select 1 from orgs o where o.id = sv.org_id and o.path like ${scopePattern(scope)})
        then ${errorJson('身份证号', sql`'该证件号码已在您管辖范围以外的工会登记，请联系上级工会办理调转'`)}
        else null end
    from persons p join persons sv on sv.id = coalesce(p.merged_into, p.id)
    where s.job_id = ${jobId} and s.status = 'new' and p.id_type = s.id_type and p.id_number_bidx = s.id_number_bidx`);

  // A member number given in the file must not belong to someone else, nor repeat in the file.
  await db.execute(sql`
    update people_import_rows s set status = 'error', errors = ${errorJson('会员编号', sql`'会员编号 ' || s.member_no || ' 已被他人使用'`)}
    from memberships m
    where s.job_id = ${jobId} and s.status <> 'error' and s.member_no is not null and m.member_no = s.member_no
      and m.person_id is distinct from s.person_id`);
  await db.execute(sql`
    with ranked as (
      select row_no, first_value(row_no) over (partition by member_no order by row_no) as first_row
      from people_import_rows where job_id = ${jobId} and status <> 'error' and member_no is not null
    )
    update people_import_rows s set status = 'error', errors = ${errorJson('会员编号', sql`'与第 ' || r.first_row || ' 行的会员编号重复'`)}
    from ranked r where s.job_id = ${jobId} and s.row_no = r.row_no and r.first_row <> r.row_no`);
}

export async function countStaged(db: DbOrTx, jobId: string) {
  const rows = await queryRows<{ status: string; n: number; errors: number }>(
    db,
    sql`select status, count(*)::int as n, coalesce(sum(jsonb_array_length(errors)), 0)::int as errors
        from people_import_rows where job_id = ${jobId} group by status`,
  );
  const get = (s: string) => rows.find((r) => r.status === s);
  return {
    rows: rows.reduce((n, r) => n + r.n, 0),
    new: get('new')?.n ?? 0,
    unchanged: get('unchanged')?.n ?? 0,
    update: get('update')?.n ?? 0,
    errorRows: get('error')?.n ?? 0,
    errors: get('error')?.errors ?? 0,
  };
}

/**
 * New people whose 所属工会 cell is blank, when the importer chose no union for them: an error each
 * (people already registered keep their own union).
 */
export async function refuseBlankOrg(db: DbOrTx, jobId: string, message: string) {
  await db.execute(sql`
    update people_import_rows set status = 'error', errors = ${errorJson('所属工会', sql`${message}::text`)}
    where job_id = ${jobId} and status = 'new' and org_id is null`);
}

/** How many rows have each of `messages` (the problems of cells whose storage lost digits), by column. */
export async function countStagedProblems(db: DbOrTx, jobId: string, messages: string[]) {
  if (!messages.length) return [];
  return queryRows<{ column: string; message: string; rows: number }>(
    db,
    sql`select e->>'column' as column, e->>'message' as message, count(distinct s.row_no)::int as rows
        from people_import_rows s, jsonb_array_elements(s.errors) e
        where s.job_id = ${jobId} and s.status = 'error' and ${JSON.stringify(messages)}::jsonb @> (e->'message')
        group by 1, 2 order by 3 desc, 1`,
  );
}

export async function stagedErrors(db: DbOrTx, jobId: string, limit: number) {
  return db
    .select({ rowNo: peopleImportRows.rowNo, errors: peopleImportRows.errors })
    .from(peopleImportRows)
    .where(and(eq(peopleImportRows.jobId, jobId), eq(peopleImportRows.status, 'error')))
    .orderBy(asc(peopleImportRows.rowNo))
    .limit(limit);
}

const PERSON_COLUMNS = sql.raw(`org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx,
  id_masked, id_last4, phone_enc, phone_bidx, phone_masked, ethnicity, address, hukou_type, political_status, education,
  employer_name, employer_credit_code, occupation, employment_form, work_status, tags, notes`);

/**
 * Inserts the new people in one statement (and ties each to the import); the identity constraint
 * refuses anyone added meanwhile. Ids follow the order of the sheet. With the registry locked
 * (`registryLocked`, a bulk load) nobody else can take ids meanwhile, so a block as long as the
 * sheet is reserved and each row gets the id at its row's place in the block (gaps where rows were
 * not new, as sequences have anyway), without sorting a million rows; otherwise the rows are sorted.
 */
export async function insertNewPeople(db: DbOrTx, jobId: string, defaultOrgId: number | undefined, registryLocked = false) {
  const org = defaultOrgId === undefined ? 'org_id' : `coalesce(org_id, ${Number(defaultOrgId)})`;
  const values = sql.raw(`${org}, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx,
    id_masked, id_last4, phone_enc, phone_bidx, phone_masked, ethnicity, address, hukou_type, political_status, education,
    employer_name, employer_credit_code, occupation, employment_form, work_status, coalesce(tags, '{}'), notes`);
  if (registryLocked) {
    const [block] = await queryRows<{ first: string; last: string }>(
      db,
      sql`select setval('persons_id_seq', s.first + s.last) - s.last as first, s.first + s.last as last
          from (select nextval('persons_id_seq') as first, (select coalesce(max(row_no), 0) from people_import_rows where job_id = ${jobId}) as last) s`,
    );
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with ins as (
        insert into persons (id, ${PERSON_COLUMNS}) overriding system value
        select ${block!.first}::bigint + row_no, ${values}
        from people_import_rows where job_id = ${jobId} and status = 'new'
        returning 1)
      select count(*)::int as n from ins`,
    );
    // The block is this import's alone: one line ties all of it to the import.
    await db.execute(sql`insert into person_imports (person_id, job_id, action, last_person_id) values (${block!.first}, ${jobId}, 'create', ${block!.last})`);
    return row!.n;
  }
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with ins as (
      insert into persons (${PERSON_COLUMNS})
      select ${values}
      from people_import_rows where job_id = ${jobId} and status = 'new' order by row_no
      returning id),
    logged as (insert into person_imports (person_id, job_id, action) select id, ${jobId}, 'create' from ins)
    select count(*)::int as n from ins`,
  );
  return row!.n;
}

/**
 * How many people the registry holds, from the planner's statistics (exact enough to choose how
 * to load, and free).
 */
export async function estimatePersons(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select greatest(reltuples, 0)::bigint::int as n from pg_class where oid = 'persons'::regclass`);
  return row?.n ?? 0;
}

/**
 * Runs `load` (inside the caller's transaction) with the secondary indexes and the outgoing
 * foreign keys of `persons` dropped, then rebuilds them from their own definitions: a sorted
 * index build and one set-based check per foreign key instead of a million index insertions and
 * a million lookups. Everything, the rebuild included, is part of the transaction: a duplicate ID
 * number (the unique index's rebuild fails) or an unknown union undoes the whole load.
 * The table is locked for the duration; the lock is waited for at most `lockWaitMs`, and when it
 * cannot be had (someone holds a long read), `false` is returned without running `load`.
 */
export async function withPersonsRebuilt(tx: Tx, lockWaitMs: number, load: () => Promise<unknown>): Promise<boolean> {
  const locked = await tx
    .transaction(async (sp) => {
      await sp.execute(sql.raw(`set local lock_timeout = ${Math.max(1, Math.round(lockWaitMs))}`));
      await sp.execute(sql`lock table persons in access exclusive mode`);
      return true;
    })
    .catch((err: unknown) => {
      if (pgErrorOf(err)?.code === '55P03') return false;
      throw err;
    });
  if (!locked) return false;
  await tx.execute(sql`set local lock_timeout = 0`);
  const indexes = await queryRows<{ name: string; def: string }>(
    tx,
    sql`select c.relname as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = 'persons'::regclass and not i.indisprimary
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
  );
  const foreignKeys = await queryRows<{ name: string; def: string }>(
    tx,
    sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'persons'::regclass and contype = 'f'`,
  );
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (const fk of foreignKeys) await tx.execute(sql.raw(`alter table persons drop constraint ${ident(fk.name)}`));
  for (const ix of indexes) await tx.execute(sql.raw(`drop index ${ident(ix.name)}`));
  await load();
  await tx.execute(sql`set local maintenance_work_mem = '128MB'`);
  for (const ix of indexes) await tx.execute(sql.raw(ix.def));
  for (const fk of foreignKeys) await tx.execute(sql.raw(`alter table persons add constraint ${ident(fk.name)} ${fk.def}`));
  return true;
}

/** Updates matched people with the cells that were filled in; a version bump marks each change. */
export async function updateMatchedPeople(db: DbOrTx, jobId: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with upd as (
      update persons p set
        name = s.name, name_pinyin = s.name_pinyin, name_initials = s.name_initials, org_id = coalesce(s.org_id, p.org_id),
        phone_enc = coalesce(s.phone_enc, p.phone_enc), phone_bidx = coalesce(s.phone_bidx, p.phone_bidx),
        phone_masked = coalesce(s.phone_masked, p.phone_masked),
        employer_name = coalesce(s.employer_name, p.employer_name), employer_credit_code = coalesce(s.employer_credit_code, p.employer_credit_code),
        occupation = coalesce(s.occupation, p.occupation), employment_form = coalesce(s.employment_form, p.employment_form),
        work_status = coalesce(s.work_status, p.work_status), ethnicity = coalesce(s.ethnicity, p.ethnicity),
        hukou_type = coalesce(s.hukou_type, p.hukou_type), political_status = coalesce(s.political_status, p.political_status),
        education = coalesce(s.education, p.education), address = coalesce(s.address, p.address), notes = coalesce(s.notes, p.notes),
        tags = case when s.tags is null then p.tags else array(select distinct unnest(p.tags || s.tags)) end,
        version = p.version + 1, updated_at = now()
      from people_import_rows s
      where s.job_id = ${jobId} and s.status = 'update' and p.id = s.person_id
      returning p.id),
    logged as (
      insert into person_imports (person_id, job_id, action) select id, ${jobId}, 'update' from upd
      on conflict (person_id, job_id) do nothing)
    select count(*)::int as n from upd`,
  );
  return row!.n;
}

/** Memberships for rows with a member number or joining date, where the person has none yet. */
export async function insertMemberships(db: DbOrTx, jobId: string, today: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with ins as (
      insert into memberships (person_id, member_no, joined_on, state)
      select p.id,
        coalesce(s.member_no,
          coalesce((select a.division_code from orgs a, orgs o where o.id = p.org_id and o.path like a.path || '%'
                    and a.division_code is not null order by a.depth desc limit 1), '000000')
          || to_char(coalesce(s.joined_on, ${today}::date), 'YYYY') || lpad(nextval('member_no_seq')::text, 7, '0')),
        coalesce(s.joined_on, ${today}::date), 'member'
      from people_import_rows s
      join persons p on p.id_type = s.id_type and p.id_number_bidx = s.id_number_bidx
      where s.job_id = ${jobId} and s.status in ('new', 'update', 'unchanged') and (s.member_no is not null or s.joined_on is not null)
      on conflict (person_id) do nothing
      returning 1)
    select count(*)::int as n from ins`,
  );
  return row!.n;
}

/** After a bulk insert: statistics for the planner (search and duplicate scans plan on them). */
export async function analyzePersons(db: DbOrTx) {
  await db.execute(sql`analyze persons`);
}

export async function deleteStaged(db: DbOrTx, jobId: string) {
  await db.delete(peopleImportRows).where(eq(peopleImportRows.jobId, jobId));
}

/** Staged rows of jobs that ended more than a day ago (housekeeping at start). */
export async function deleteStaleStaging(db: DbOrTx) {
  await db.execute(
    sql`delete from people_import_rows s using jobs j where j.id = s.job_id and j.status in ('done', 'failed', 'cancelled') and j.updated_at < now() - interval '1 day'`,
  );
}
