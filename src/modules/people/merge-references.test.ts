/**
 * Every column of the database that points at a person must be known to merges: declared by its
 * module's manifest (moved on merge, moved back on undo) or handled by the merge itself. A module
 * that adds a foreign key to `persons` and forgets to declare it fails here, before a merge leaves
 * its rows on a retired record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { MODULES } from '../../server/modules.ts';
import { MERGE_OWN_COLUMNS } from './merge.repository.ts';
import { personReferencesOf } from './merge.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('person references', () => {
  it('every foreign key to persons is moved by merges or handled by them', async () => {
    const keys = await queryRows<{ ref: string }>(
      t.db,
      sql`select c.conrelid::regclass::text || '.' || a.attname as ref
            from pg_constraint c
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
           where c.contype = 'f' and c.confrelid = 'persons'::regclass
             -- a month's partition carries its table's key as a clone (conparentid set)
             and c.conparentid = 0
           order by 1`,
    );
    expect(keys.length).toBeGreaterThan(8);
    const declared = new Set([...personReferencesOf(MODULES).map((r) => `${r.table}.${r.column}`), ...MERGE_OWN_COLUMNS]);
    expect(keys.map((k) => k.ref).filter((ref) => !declared.has(ref))).toEqual([]);
  });

  it('every declared reference names a real column and its key', async () => {
    for (const ref of personReferencesOf(MODULES)) {
      const cols = await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from information_schema.columns where table_name = ${ref.table} and column_name in (${ref.column}, ${ref.idColumn})`,
      );
      expect(cols[0]!.n, `${ref.table}.${ref.column}`).toBe(ref.column === ref.idColumn ? 1 : 2);
    }
  });
});
