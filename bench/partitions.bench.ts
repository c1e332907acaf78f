/**
 * Monthly partitions of an append-only table (migration 0058), on PostgreSQL: the audit log with
 * `BENCH_PARTITION_ROWS` (default 100,000) entries a month over the last 12 months, beside an
 * unpartitioned copy of the same rows with the same indexes (the baseline). Then
 *   write     100,000 more entries into this month, in statements of 1,000   vs  the same into the copy
 *   month     one month's entries counted by action (the monthly report's shape), median of 15  vs  the copy
 *   archive   the oldest month taken out: DETACH PARTITION  vs  DELETE of the same month from the copy
 * The entries are not chained (the chain's cost is the same either way). Prints one JSON line.
 */
import { sql } from 'drizzle-orm';
import { openServerDatabase, queryRows } from '../src/server/db.ts';
import { chinaMonth, listPartitions } from '../src/server/partitions.ts';

const PER_MONTH = Number(process.env.BENCH_PARTITION_ROWS ?? 100_000);
const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is not set: run `npm run bench`');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const database = await openServerDatabase(url, 4);
const db = database.db;
/** `perMonth` entries in each of the `months` China months ending `endBack` months before this one. */
const rows = (table: string, months: number, endBack: number, perMonth: number) =>
  sql`insert into ${sql.identifier(table)} (at, actor_name, org_id, action, entity, prev_hash, hash)
      select ((date_trunc('month', (now() at time zone 'UTC') + interval '8 hours') - make_interval(months => ${endBack} + (g % ${months})::int)
               + make_interval(secs => 1 + (g / ${months}) % 2000000)) - interval '8 hours') at time zone 'UTC',
             'bench', (g % 500)::int, (array['create','update','confirm','login','export'])[1 + g % 5], 'bench', repeat('0', 64), repeat('1', 64)
        from generate_series(1, ${months * perMonth}) g`;

try {
  const [y, m] = chinaMonth(new Date()).split('-').map(Number) as [number, number];
  await db.execute(sql`drop table if exists audit_flat`);
  await db.execute(sql`create table audit_flat (like audit_log including defaults including identity)`);
  await db.execute(sql`alter table audit_flat add primary key (id)`);
  await db.execute(sql`create index on audit_flat (org_id, id)`);
  await db.execute(sql`create index on audit_flat (entity, entity_id)`);
  await db.execute(sql`create index on audit_flat (at)`);
  // The audit log's append-only trigger refuses nothing on insert; the load goes in set-based.
  let t0 = process.hrtime.bigint();
  await db.execute(rows('audit_log', 12, 1, PER_MONTH));
  const loadPartitioned = ms(t0);
  t0 = process.hrtime.bigint();
  await db.execute(rows('audit_flat', 12, 1, PER_MONTH));
  const loadFlat = ms(t0);
  await db.execute(sql`analyze audit_log`);
  await db.execute(sql`analyze audit_flat`);

  // Writes into this month, 1,000 a statement, alternating so both see the same machine.
  const writes = { partitioned: 0, flat: 0 };
  for (let i = 0; i < 100; i++) {
    for (const [table, k] of [
      ['audit_log', 'partitioned'],
      ['audit_flat', 'flat'],
    ] as const) {
      t0 = process.hrtime.bigint();
      await db.execute(rows(table, 1, 0, 1000));
      writes[k] += ms(t0);
    }
  }

  // One month's entries by action, the month before this one.
  const prev = new Date(Date.UTC(y, m - 2, 1) - 8 * 3600_000);
  const next = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const month = { partitioned: [] as number[], flat: [] as number[] };
  for (let i = 0; i < 15; i++) {
    for (const [table, k] of [
      ['audit_log', 'partitioned'],
      ['audit_flat', 'flat'],
    ] as const) {
      t0 = process.hrtime.bigint();
      await queryRows(db, sql`select action, count(*) from ${sql.identifier(table)} where at >= ${prev} and at < ${next} group by action`);
      month[k].push(ms(t0));
    }
  }

  // The oldest month out: detach vs delete.
  const oldest = (await listPartitions(db, 'audit_log'))[0]!;
  const [{ n: oldestRows } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(oldest.partition)}`);
  t0 = process.hrtime.bigint();
  await db.execute(sql`alter table audit_log detach partition ${sql.identifier(oldest.partition)}`);
  const detachMs = ms(t0);
  t0 = process.hrtime.bigint();
  await db.execute(sql`delete from audit_flat where at >= ${oldest.from} and at < ${oldest.to}`);
  const deleteMs = ms(t0);

  const r = {
    perMonth: PER_MONTH,
    months: 12,
    load: { partitionedMs: loadPartitioned, flatMs: loadFlat, ratio: loadPartitioned / loadFlat },
    write: { partitionedMs: writes.partitioned, flatMs: writes.flat, ratio: writes.partitioned / writes.flat },
    month: { partitionedMs: median(month.partitioned), flatMs: median(month.flat), ratio: median(month.partitioned) / median(month.flat) },
    archive: { rows: Number(oldestRows), detachMs, deleteMs, ratio: detachMs / deleteMs },
  };
  console.log(JSON.stringify(r));
} finally {
  await db.execute(sql`drop table if exists audit_flat`).catch(() => undefined);
  await database.close();
}
