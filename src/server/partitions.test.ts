import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, TEST_AUDIT_KEY } from '../testing/db.ts';
import { queryRows, type Database } from './db.ts';
import { pgErrorOf } from './errors.ts';
import { archivedMonths, chinaMonth, detachMonth, ensurePartitions, listPartitions } from './partitions.ts';
import { MODULES } from './modules.ts';
import { AuditKey, verifyAuditChain } from '../modules/audit/index.ts';
import { entryHash } from '../modules/audit/audit.hash.ts';
import * as auditRepo from '../modules/audit/audit.repository.ts';

const key = new AuditKey(TEST_AUDIT_KEY);
const declared = MODULES.flatMap((m) => m.partitionedTables ?? []);
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** The first instant of the China month `months` from now (negative: before). */
function monthStart(months: number): Date {
  const m = chinaMonth(new Date());
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo - 1 + months, 1) - 8 * 3600_000);
}

/** Appends a chained audit entry at a given time, as recordAudit would at that moment. */
async function entryAt(at: Date, summary: string) {
  await database.db.transaction(async (tx) => {
    const head = await auditRepo.lockHead(tx);
    const row = {
      at,
      actorAccountId: null,
      actorName: 'system',
      actorOrgId: null,
      orgId: null,
      action: 'test',
      entity: 'partition',
      entityId: null,
      summary,
      before: null,
      after: null,
      ip: null,
    };
    await auditRepo.appendEntry(tx, { ...row, prevHash: head.lastHash, hash: entryHash(key, head.lastHash, row) }, head.entries + 1);
  });
}

describe('monthly partitions of the append-only tables', () => {
  it('partitions exactly the tables the modules declare, each made three months ahead', async () => {
    const partitioned = await queryRows<{ name: string; column: string }>(
      database.db,
      sql`select c.relname as name, a.attname as column from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
            join pg_attribute a on a.attrelid = c.oid and a.attnum = p.partattrs[0] order by 1`,
    );
    expect(partitioned).toEqual(declared.map((d) => ({ name: d.table, column: d.column })).sort((a, b) => a.name.localeCompare(b.name)));
    expect(partitioned.map((p) => p.name)).toEqual(['audit_log', 'disbursement_lines', 'event_checkins', 'station_visits']);
    const months = await listPartitions(database.db);
    for (const d of declared) {
      const own = months.filter((m) => m.table === d.table).map((m) => m.month);
      expect(own, d.table).toContain(chinaMonth(new Date()));
      expect(own, d.table).toContain(chinaMonth(monthStart(3)));
    }
    // The schedule's run: nothing missing now; six ahead makes three more of each.
    expect((await ensurePartitions(database.db)).every((t) => t.made === 0)).toBe(true);
    expect((await ensurePartitions(database.db, 6)).map((t) => t.made)).toEqual([3, 3, 3, 3]);
  });

  it('keeps each month as append-only as its table, for a statement naming the month itself', async () => {
    const [month] = await listPartitions(database.db, 'audit_log');
    const err = async (q: string) =>
      pgErrorOf(
        await database.db.execute(sql.raw(q)).then(
          () => null,
          (e: unknown) => e,
        ),
      )?.message;
    expect(await err(`delete from ${month!.partition}`)).toMatch(/append-only/);
    expect(await err(`truncate ${month!.partition}`)).toMatch(/append-only/);
    const [ledgerMonth] = await listPartitions(database.db, 'disbursement_lines');
    expect(await err(`truncate ${ledgerMonth!.partition}`)).toMatch(/append-only/);
    // A month made later gets the same.
    await ensurePartitions(database.db, 8);
    const last = (await listPartitions(database.db, 'audit_log')).at(-1)!;
    expect(await err(`truncate ${last.partition}`)).toMatch(/append-only/);
  });

  it('bounds a month by China time: the first hour of a month in China is that month', async () => {
    const [first] = (await listPartitions(database.db, 'audit_log')).filter((m) => m.month === chinaMonth(new Date()));
    expect(new Date(first!.from).getUTCHours()).toBe(16);
    expect(chinaMonth(new Date(first!.from))).toBe(first!.month);
    expect(chinaMonth(new Date(new Date(first!.from).getTime() - 1))).not.toBe(first!.month);
  });

  it('archives the oldest finished audit month with its chain signed, and verifies the log from the cut on', async () => {
    const verifyBefore = await verifyAuditChain(database.db, { key });
    expect(verifyBefore.ok).toBe(true);
    // The oldest months hold nothing yet: the entries below are written at a past month's time first.
    const months = (await listPartitions(database.db, 'audit_log')).map((m) => m.month);
    const oldest = months[0]!;
    const second = months[1]!;
    const by = 'test';
    const now = new Date();
    // Refusals, each naming its field or the rule.
    await expect(detachMonth(database.db, declared, { table: 'persons', month: oldest, by })).rejects.toThrow(/不是按月分区的表/);
    await expect(detachMonth(database.db, declared, { table: 'audit_log', month: '2025-13', by })).rejects.toThrow(/YYYY-MM/);
    await expect(detachMonth(database.db, declared, { table: 'audit_log', month: chinaMonth(now), by })).rejects.toThrow(/尚未结束/);
    await expect(detachMonth(database.db, declared, { table: 'audit_log', month: second, by })).rejects.toThrow(`请先归档 audit_log 更早的月份 ${oldest}`);
    // An empty oldest month leaves without a mark on the chain.
    expect(await detachMonth(database.db, declared, { table: 'audit_log', month: oldest, by })).toMatchObject({ month: oldest, rows: 0 });
    expect((await verifyAuditChain(database.db, { key })).ok).toBe(true);
  });

  it('archives an audit month that holds entries, signed, and tells a changed, dropped or forged archive apart', async () => {
    // A fresh database whose chain starts in a past month: entries two months ago, one month ago, now.
    const fresh = await createTestDatabase();
    const saved = database;
    database = fresh;
    try {
      const existing = await queryRows<{ n: number }>(fresh.db, sql`select count(*)::int as n from audit_log`);
      expect(existing[0]!.n).toBe(0);
      await entryAt(new Date(monthStart(-2).getTime() + 3600_000), 'A');
      await entryAt(new Date(monthStart(-2).getTime() + 7200_000), 'B');
      await entryAt(new Date(monthStart(-1).getTime() + 3600_000), 'C');
      await entryAt(new Date(), 'D');
      const by = 'test';
      const older = (await listPartitions(fresh.db, 'audit_log')).filter((m) => m.month < chinaMonth(monthStart(-2)));
      for (const m of older) await detachMonth(fresh.db, declared, { table: 'audit_log', month: m.month, by });
      const twoAgo = chinaMonth(monthStart(-2));
      const archived = await detachMonth(fresh.db, declared, { table: 'audit_log', month: twoAgo, by });
      expect(archived).toMatchObject({ month: twoAgo, rows: 2, partition: `audit_log_p${twoAgo.replace('-', '_')}` });
      const [record] = (await archivedMonths(fresh.db, 'audit_log')).filter((a) => a.rows > 0);
      expect(record).toMatchObject({ month: twoAgo, rows: 2, firstPrevHash: auditRepo.GENESIS_HASH, present: true });
      expect(record!.signature).toBeTruthy();
      // The live log holds C and D; the chain is verified from the archived month's end.
      expect((await queryRows<{ summary: string }>(fresh.db, sql`select summary from audit_log order by id`)).map((r) => r.summary)).toEqual(['C', 'D']);
      const ok = await verifyAuditChain(fresh.db, { key });
      expect(ok).toMatchObject({ ok: true, checked: 4 });
      // The ensure job does not make an archived month again.
      await ensurePartitions(fresh.db);
      expect((await listPartitions(fresh.db, 'audit_log')).map((m) => m.month)).not.toContain(twoAgo);
      // The detached table keeps its refusal of changes; changed around it, as a database owner could, verify says so.
      await expect(fresh.db.execute(sql.raw(`update ${archived.partition} set summary = 'B!' where summary = 'B'`))).rejects.toThrow();
      await fresh.db.execute(sql.raw(`alter table ${archived.partition} disable trigger audit_log_append_only`));
      await fresh.db.execute(sql.raw(`update ${archived.partition} set summary = 'B!' where summary = 'B'`));
      const changed = await verifyAuditChain(fresh.db, { key });
      expect(changed.ok).toBe(false);
      expect(changed.problem).toContain(`已归档的 ${twoAgo}`);
      await fresh.db.execute(sql.raw(`update ${archived.partition} set summary = 'B' where summary = 'B!'`));
      // Dumped and dropped: the signed record still carries the chain.
      await fresh.db.execute(sql.raw(`drop table ${archived.partition}`));
      expect(await verifyAuditChain(fresh.db, { key })).toMatchObject({ ok: true, checked: 4 });
      // A record rewritten to hide a month: its signature fails.
      await fresh.db.execute(sql`update partition_archives set rows = 1 where month = ${`${twoAgo}-01`} and table_name = 'audit_log'`);
      const forged = await verifyAuditChain(fresh.db, { key });
      expect(forged.ok).toBe(false);
      expect(forged.problem).toContain('归档记录签名无效');
    } finally {
      database = saved;
      await fresh.close();
    }
  });

  it('keeps the ledger’s and the check-ins’ keys across months: a key used in one month is refused in another', async () => {
    // The key tables hold the keys that span months; their indexes keep the names the refusals are registered under.
    const idx = await queryRows<{ indexname: string; tablename: string }>(
      database.db,
      sql`select indexname, tablename from pg_indexes where indexname in ('disbursement_lines_idempotency_key', 'disbursement_lines_seq_key', 'disbursement_lines_reverses_key', 'event_checkins_key', 'event_checkins_once_key', 'event_checkins_daily_key') order by 1`,
    );
    expect(idx).toEqual([
      { indexname: 'disbursement_lines_idempotency_key', tablename: 'disbursement_line_keys' },
      { indexname: 'disbursement_lines_reverses_key', tablename: 'disbursement_line_keys' },
      { indexname: 'disbursement_lines_seq_key', tablename: 'disbursement_line_keys' },
      { indexname: 'event_checkins_daily_key', tablename: 'event_checkin_keys' },
      { indexname: 'event_checkins_key', tablename: 'event_checkin_keys' },
      { indexname: 'event_checkins_once_key', tablename: 'event_checkin_keys' },
    ]);
    // The key trigger of the ledger refuses a second line with a key used in another month.
    await database.db.execute(
      sql`insert into disbursement_line_keys (line_id, at, idempotency_key, beneficiary_id, seq) values (-1, ${monthStart(-2)}, 'k-span', -1, 1)`,
    );
    const err = await database.db
      .execute(sql`insert into disbursement_line_keys (line_id, at, idempotency_key, beneficiary_id, seq) values (-2, now(), 'k-span', -2, 1)`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(pgErrorOf(err)?.constraint).toBe('disbursement_lines_idempotency_key');
    // Written by the ledger's and the check-ins' own insert triggers (the campaigns' and check-in tests go through them).
    const triggers = await queryRows<{ tgname: string }>(
      database.db,
      sql`select tgname from pg_trigger where tgname in ('disbursement_lines_keys', 'event_checkins_keys') and tgrelid in ('disbursement_lines'::regclass, 'event_checkins'::regclass) order by 1`,
    );
    expect(triggers.map((t) => t.tgname)).toEqual(['disbursement_lines_keys', 'event_checkins_keys']);
  });
});
