/**
 * Moves a union that outgrew one process from the embedded database to a PostgreSQL server: every
 * table of the embedded database is copied (COPY, text format) into a freshly migrated, empty
 * PostgreSQL database in ONE transaction — all or nothing — with triggers and foreign-key checks
 * off for the copy (the rows come from a database that kept them already; an append-only trigger
 * would otherwise refuse the ledger's own history), then every sequence is set where the embedded
 * one stood, and every table's row count is compared. The caller checks the audit chain after.
 *
 * The target role must be allowed to set `session_replication_role` (a superuser, or on
 * PostgreSQL 15+ `GRANT SET ON PARAMETER session_replication_role TO niangjia`).
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { tableCounts } from './backup.ts';

export interface MoveReport {
  tables: number;
  rows: number;
  sequences: number;
  /** Tables whose counts differ after the copy (empty when all agree). */
  differences: { table: string; source: number | undefined; target: number | undefined }[];
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Plain tables of the public schema and their columns that can be written (stored generated ones are computed again). */
async function copyableTables(source: PGlite) {
  const { rows } = await source.query<{ table: string; columns: string[] }>(
    `select c.relname as table, array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c join pg_attribute a on a.attrelid = c.oid
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        -- an archived month, detached from its table, is dumped on its own (README, 分区与归档)
        and c.relname not in (select partition_name from partition_archives)
      group by c.relname order by c.relname`,
  );
  return rows;
}

async function sequences(source: PGlite) {
  const { rows } = await source.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S' order by relname`,
  );
  const states: { name: string; last: string; called: boolean }[] = [];
  for (const { name } of rows) {
    const { rows: s } = await source.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from public.${ident(name)}`);
    states.push({ name, last: s[0]!.last_value, called: s[0]!.is_called });
  }
  return states;
}

/** Refuses a target that holds a union's data already: the move is for a new server database. */
async function assertEmpty(target: pg.Client) {
  for (const table of ['orgs', 'accounts', 'audit_log', 'persons']) {
    const { rows } = await target.query<{ any: boolean }>(`select exists (select 1 from public.${ident(table)}) as any`);
    if (rows[0]?.any) throw new Error(`目标数据库的 ${table} 表中已有数据：只能迁移到刚建立的空数据库（它由本程序升级结构）`);
  }
}

/**
 * Copies `source` (an embedded database, migrated to this build, not in use by a server) into the
 * PostgreSQL database at `targetUrl`, which must already be migrated by this build (open it with
 * `openServerDatabase` first) and hold no union data.
 */
export async function moveToPostgres(source: PGlite, targetUrl: string, log: (line: string) => void = () => undefined): Promise<MoveReport> {
  const tables = await copyableTables(source);
  const seqs = await sequences(source);
  const target = new pg.Client({ connectionString: targetUrl });
  await target.connect();
  try {
    await assertEmpty(target);
    await target.query('begin');
    try {
      await target.query('set local session_replication_role = replica');
    } catch (err) {
      throw new Error(
        `目标数据库的账号不能关闭触发器（${(err as Error).message}）。请用超级用户的 DATABASE_URL 迁移，或先执行：GRANT SET ON PARAMETER session_replication_role TO <账号>`,
        { cause: err },
      );
    }
    // The source's months of the partitioned tables, made on the target where it has none (its
    // migration made the months around its own day; the source may hold older ones).
    const months = await source.query<{ parent: string; month: string }>(
      `select parent.relname as parent, to_char((substring(pg_get_expr(child.relpartbound, child.oid) from $$FROM \\('([^']+)'\\)$$)::timestamptz at time zone 'UTC') + interval '8 hours', 'YYYY-MM-01') as month
         from pg_inherits i join pg_class parent on parent.oid = i.inhparent join pg_class child on child.oid = i.inhrelid
        where parent.relkind = 'p' and parent.relnamespace = 'public'::regnamespace`,
    );
    for (const m of months.rows) await target.query('select partition_create_month($1, $2::date)', [m.parent, m.month]);
    // Rows the migrations themselves wrote (reference data) come again from the source.
    // (With the partitioned tables themselves: a key table's foreign key names the table, not its months.)
    const parents = [...new Set(months.rows.map((m) => m.parent))];
    await target.query(`truncate ${[...tables.map((t) => t.table), ...parents].map((t) => `public.${ident(t)}`).join(', ')}`);
    let rows = 0;
    for (const t of tables) {
      const columns = t.columns.map(ident).join(', ');
      const out = await source.query(`copy public.${ident(t.table)} (${columns}) to '/dev/blob'`);
      const blob = out.blob;
      if (!blob || blob.size === 0) continue;
      const stream = target.query(copyFrom(`copy public.${ident(t.table)} (${columns}) from stdin`));
      const done = finished(stream);
      stream.end(Buffer.from(await blob.arrayBuffer()));
      await done;
      rows += Number((stream as unknown as { rowCount: number }).rowCount ?? 0);
      log(`  ${t.table}：${(stream as unknown as { rowCount: number }).rowCount} 行`);
    }
    for (const s of seqs) await target.query(`select setval($1, $2::bigint, $3)`, [`public.${ident(s.name)}`, s.last, s.called]);
    await target.query('commit');

    const query = async (text: string) => ({ rows: (await target.query<Record<string, unknown>>(text)).rows });
    const before = await tableCounts(async (text) => ({ rows: (await source.query<Record<string, unknown>>(text)).rows }));
    const after = await tableCounts(query);
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const differences = names.filter((n) => before[n] !== after[n]).map((n) => ({ table: n, source: before[n], target: after[n] }));
    return { tables: tables.length, rows, sequences: seqs.length, differences };
  } catch (err) {
    await target.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await target.end();
  }
}
