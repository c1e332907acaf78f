/**
 * Monthly partitions of the append-only tables that grow without end (the audit log, the
 * campaigns' ledger, station visits, event check-ins; modules declare theirs in the manifest's
 * `partitionedTables`). Migration 0058 holds the SQL side: `partition_create_months` makes the
 * months (China time) of a table from a day on to some months ahead, never one archived.
 *
 * - `ensurePartitions` keeps every partitioned table three months ahead: at each start and daily.
 *   A row whose month has no partition is refused by the database, so the margin is what keeps
 *   writes going when the schedule has not run for a while.
 * - `detachMonth` takes a finished month out of its table for archive, oldest first, recording
 *   what it held in `partition_archives`; the detached table stays in the database until the
 *   operator has dumped it (`pg_dump -t`) and dropped it (README, 分区与归档).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from './db.ts';
import { Conflict, Invalid } from './errors.ts';
import type { PartitionedTable } from './module.ts';

export const MONTHS_AHEAD = 3;

/** The China month of an instant, as YYYY-MM. */
export function chinaMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/**
 * Makes the missing months of every partitioned table, from last month to `monthsAhead` months
 * ahead. The catalog is the list: a table partitioned by a migration is kept without being named here.
 */
export async function ensurePartitions(db: DbOrTx, monthsAhead = MONTHS_AHEAD): Promise<{ table: string; made: number }[]> {
  return queryRows<{ table: string; made: number }>(
    db,
    sql`select c.relname as "table", partition_create_months(c.relname::text, now() - interval '1 month', ${monthsAhead}) as made
          from pg_partitioned_table p
          join pg_class c on c.oid = p.partrelid
         where c.relnamespace = current_schema()::regnamespace and p.partstrat = 'r'
         order by c.relname`,
  );
}

export interface PartitionRow {
  table: string;
  partition: string;
  /** YYYY-MM, China time. */
  month: string;
  from: string;
  to: string;
  /** The planner's estimate (exact after ANALYZE); -1 when never analysed. */
  estimatedRows: number;
  bytes: number;
}

/** The attached months of the partitioned tables (or of one), oldest first. */
export async function listPartitions(db: DbOrTx, table?: string): Promise<PartitionRow[]> {
  const rows = await queryRows<{ table: string; partition: string; bound: string; estimated_rows: number; bytes: string }>(
    db,
    sql`select parent.relname as "table", child.relname as partition, pg_get_expr(child.relpartbound, child.oid) as bound,
               child.reltuples::bigint as estimated_rows, pg_total_relation_size(child.oid)::bigint as bytes
          from pg_inherits i
          join pg_class parent on parent.oid = i.inhparent
          join pg_class child on child.oid = i.inhrelid
          join pg_partitioned_table p on p.partrelid = parent.oid
         where parent.relnamespace = current_schema()::regnamespace and child.relkind = 'r'
           and (${table ?? null}::text is null or parent.relname = ${table ?? null})
         order by parent.relname, child.relname`,
  );
  return rows.flatMap((r) => {
    const m = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(r.bound);
    if (!m) return [];
    const from = new Date(m[1]!);
    return [
      {
        table: r.table,
        partition: r.partition,
        month: chinaMonth(from),
        from: from.toISOString(),
        to: new Date(m[2]!).toISOString(),
        estimatedRows: Number(r.estimated_rows),
        bytes: Number(r.bytes),
      },
    ];
  });
}

export interface ArchiveRecord {
  table: string;
  partition: string;
  month: string;
  rows: number;
}

/**
 * Detaches a finished month of a declared table for archive: the oldest attached month only, so
 * what stays is one unbroken run of months (and, for the audit log, of the chain). In one
 * transaction: the table's own check (`beforeDetach`), the detach, and the archive record.
 */
export async function detachMonth(
  db: DbOrTx & { transaction: <T>(fn: (tx: DbOrTx) => Promise<T>) => Promise<T> },
  declared: readonly PartitionedTable[],
  args: { table: string; month: string; by: string; now?: Date },
): Promise<ArchiveRecord> {
  const decl = declared.find((d) => d.table === args.table);
  if (!decl) throw Invalid.field('table', `${args.table} 不是按月分区的表（可归档：${declared.map((d) => d.table).join('、')}）`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month)) throw Invalid.field('month', '月份应写成 YYYY-MM，例如 2025-01');
  if (args.month >= chinaMonth(args.now ?? new Date())) throw Invalid.field('month', `只能归档已经结束的月份，${args.month} 尚未结束`);
  return db.transaction(async (tx) => {
    // One detach of a table at a time: the oldest month is decided under the lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`partition_archive:${args.table}`}))`);
    const months = await listPartitions(tx, args.table);
    const target = months.find((m) => m.month === args.month);
    if (!target) throw new Conflict(`${args.table} 没有 ${args.month} 的分区，或该月已归档`);
    const oldest = months[0]!;
    if (oldest.month !== args.month) throw new Conflict(`请先归档 ${args.table} 更早的月份 ${oldest.month}：归档须从最早的月份起，逐月进行`);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(tx, sql`select count(*)::bigint as n from ${sql.identifier(target.partition)}`);
    const rows = Number(n);
    const facts = await decl.beforeDetach?.(tx, { partition: target.partition, month: args.month, rows });
    await tx.execute(sql`alter table ${sql.identifier(args.table)} detach partition ${sql.identifier(target.partition)}`);
    await tx.execute(sql`insert into partition_archives (table_name, partition_name, month, rows, first_id, last_id, first_prev_hash, last_hash, signature, detached_by)
      values (${args.table}, ${target.partition}, ${`${args.month}-01`}, ${rows}, ${facts?.firstId ?? null}, ${facts?.lastId ?? null},
              ${facts?.firstPrevHash ?? null}, ${facts?.lastHash ?? null}, ${facts?.signature ?? null}, ${args.by})`);
    return { table: args.table, partition: target.partition, month: args.month, rows };
  });
}

export interface ArchivedMonth {
  table: string;
  partition: string;
  month: string;
  rows: number;
  firstId: number | null;
  lastId: number | null;
  firstPrevHash: string | null;
  lastHash: string | null;
  signature: string | null;
  detachedBy: string;
  detachedAt: string;
  /** Whether the detached table is still in the database (not yet dumped and dropped). */
  present: boolean;
}

/** The archived months of a table (or all), oldest first. */
export async function archivedMonths(db: DbOrTx, table?: string): Promise<ArchivedMonth[]> {
  const rows = await queryRows<{
    table_name: string;
    partition_name: string;
    month: string;
    rows: number;
    first_id: number | null;
    last_id: number | null;
    first_prev_hash: string | null;
    last_hash: string | null;
    signature: string | null;
    detached_by: string;
    detached_at: Date | string;
    present: boolean;
  }>(
    db,
    sql`select a.table_name, a.partition_name, to_char(a.month, 'YYYY-MM') as month, a.rows, a.first_id, a.last_id, a.first_prev_hash, a.last_hash,
               a.signature, a.detached_by, a.detached_at, to_regclass(a.partition_name) is not null as present
          from partition_archives a
         where ${table ?? null}::text is null or a.table_name = ${table ?? null}
         order by a.table_name, a.month`,
  );
  return rows.map((r) => ({
    table: r.table_name,
    partition: r.partition_name,
    month: r.month,
    rows: Number(r.rows),
    firstId: r.first_id === null ? null : Number(r.first_id),
    lastId: r.last_id === null ? null : Number(r.last_id),
    firstPrevHash: r.first_prev_hash,
    lastHash: r.last_hash,
    signature: r.signature,
    detachedBy: r.detached_by,
    detachedAt: new Date(r.detached_at).toISOString(),
    present: r.present,
  }));
}
