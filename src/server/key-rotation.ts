/**
 * Rotating the data key online (README, 更换数据密钥). Every app process holds the old and the new
 * key before the rotation starts; starting it records the new key as current in the database
 * (`data_key_rotations`), every process switches to it within seconds (`watchCurrentKey`), and the
 * rotation rewrites every encrypted value still under the old key, in batches of keyed ranges, each
 * batch one short transaction that also records where it stands — so normal writes wait at most
 * for one batch's rows, and a rotation cut off resumes where it stood. When no row needs the old
 * key any more the rotation is done and the old key may be removed; until then a process started
 * without it refuses to start.
 *
 * Only the encryption subkey rotates: blind indexes and QR tags stay keyed by the root key (see
 * crypto.ts). A leaked root key therefore needs the offline procedure instead (a new root key,
 * every blind index recomputed, every QR code and poster printed again) — not built here.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { FieldCipher } from './crypto.ts';
import { queryRows, type Db, type DbOrTx } from './db.ts';
import { systemActor } from './actor.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { findRoot } from '../modules/orgs/index.ts';
import type { RotationProgress } from '../modules/system/data-keys.schema.ts';

/** One place a ciphertext lives: a text column, a key inside a jsonb column, or a column that holds ciphertext only on some rows. */
export interface EncryptedValue {
  column: string;
  /** The associated data it was encrypted with (crypto.ts `encrypt(field, …)`). */
  field: string;
  /** For a jsonb column: the key whose string value is the ciphertext. */
  jsonKey?: string;
  /** Only rows whose `column` equals `equals` carry ciphertext in `column` (others hold plain text). */
  onlyWhere?: { column: string; equals: string };
}

/**
 * Every encrypted value in the database, by table. A new encrypted column must be added here: the
 * test of this file fails on a `*_enc` column missing from this list, and on any `v1.` ciphertext
 * left anywhere after a rotation.
 */
export const ENCRYPTED_TABLES: Record<string, EncryptedValue[]> = {
  persons: [
    { column: 'id_number_enc', field: 'id_number' },
    { column: 'phone_enc', field: 'phone' },
  ],
  worker_accounts: [{ column: 'phone_enc', field: 'phone' }],
  membership_applications: [{ column: 'id_number_enc', field: 'id_number' }],
  camp_children: [{ column: 'id_number_enc', field: 'child_id_number' }],
  recuperation_applications: [{ column: 'emergency_phone_enc', field: 'phone' }],
  hardship_cases: [{ column: 'bank_account_enc', field: 'bank_account' }],
  mutualaid_claims: [{ column: 'bank_account_enc', field: 'mutualaid.bank_account' }],
  // A worker's request to correct their phone keeps the proposed phone encrypted; other fields are plain.
  person_corrections: [{ column: 'proposed', field: 'phone', onlyWhere: { column: 'field', equals: 'phone' } }],
  // A merge keeps both records as they were, for its undo: their phones encrypted.
  person_merges: [
    { column: 'survivor_before', field: 'phone', jsonKey: 'phoneEnc' },
    { column: 'merged_before', field: 'phone', jsonKey: 'phoneEnc' },
  ],
  // Rows of an import under way (deleted when it ends); an import started before the switch is waited for.
  people_import_rows: [
    { column: 'id_number_enc', field: 'id_number' },
    { column: 'phone_enc', field: 'phone' },
  ],
};

/** How often each process reads which key is current; a rotation waits twice that after the switch. */
export const KEY_REFRESH_MS = 5_000;

export interface RotationRow {
  id: number;
  fromKeyId: string;
  toKeyId: string;
  status: 'running' | 'done';
  progress: RotationProgress;
  rewritten: number;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

const ROTATION_COLUMNS = sql.raw(
  `id, from_key_id as "fromKeyId", to_key_id as "toKeyId", status, progress, rewritten::float8 as rewritten,
   started_by as "startedBy", started_at as "startedAt", finished_at as "finishedAt"`,
);

export async function latestRotation(db: DbOrTx): Promise<RotationRow | undefined> {
  const [row] = await queryRows<RotationRow>(db, sql`select ${ROTATION_COLUMNS} from data_key_rotations order by id desc limit 1`);
  return row && { ...row, rewritten: Number(row.rewritten), startedAt: new Date(row.startedAt) };
}

/**
 * Which key is current (null: the root key, no rotation yet) and which keys rows may still be
 * under: the current one and, while a rotation runs, the one it rotates from.
 */
export async function dataKeyState(db: DbOrTx): Promise<{ current: string | null; needed: string[]; rotation?: RotationRow }> {
  const rotation = await latestRotation(db);
  if (!rotation) return { current: null, needed: [] };
  return {
    current: rotation.toKeyId,
    needed: rotation.status === 'running' ? [rotation.toKeyId, rotation.fromKeyId] : [rotation.toKeyId],
    rotation,
  };
}

/**
 * At start: refuses a process that lacks a key some row may still need (it could neither read those
 * rows nor, for the current key, write what the others read), then writes with the current key.
 * `where` names the folder of the key files for the message.
 */
export async function applyKeyState(db: DbOrTx, cipher: FieldCipher, where: string): Promise<void> {
  const state = await dataKeyState(db);
  const missing = state.needed.filter((id) => !cipher.holds(id));
  if (missing.length) {
    throw new Error(
      `数据库中的数据需要数据密钥 ${missing.join('、')}，本进程没有这把密钥，拒绝启动（否则读不出用它加密的身份证号、手机号）。` +
        `请把该密钥放到 ${where}/data.${missing[0]}.key（权限 600），或加入环境变量 NIANGJIA_DATA_KEYS；所有应用进程须持有同样的数据密钥（见 README「更换数据密钥」）。` +
        `本进程持有：${cipher.keyIds.join('、')}`,
    );
  }
  cipher.useKey(state.current ?? cipher.rootKeyId);
}

/**
 * Follows the current key while the process runs: a rotation started by the command-line tool is
 * taken up by every process within `everyMs`. Answers a function that stops it.
 */
export function watchCurrentKey(db: Db, cipher: FieldCipher, log: Pick<Console, 'error' | 'log'>, everyMs = KEY_REFRESH_MS): () => void {
  let warned = '';
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const current = (await dataKeyState(db)).current ?? cipher.rootKeyId;
      if (current === cipher.currentKeyId) return;
      if (cipher.holds(current)) {
        cipher.useKey(current);
        log.log(`数据密钥已切换：此后新写入的数据用密钥 ${current} 加密。`);
      } else if (warned !== current) {
        warned = current;
        log.error(
          `数据密钥 ${current} 已被设为当前密钥，但本进程没有它：本进程读不出用它加密的数据。请给本进程加上该密钥后重启（见 README「更换数据密钥」）。`,
        );
      }
    } catch {
      // The database is away for a moment or already closed at shutdown: the next tick tries again.
    } finally {
      busy = false;
    }
  };
  // tick() catches its own errors; the catch here only satisfies the rule that no promise floats.
  const timer = setInterval(() => {
    tick().catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface StartRotationOptions {
  /** The key to rotate to; by default the only key this process holds that is not current. */
  to?: string;
  /** Who started it (account on the machine), kept on the rotation and in the audit log. */
  by?: string;
}

/**
 * Makes `to` the current key and records the rotation (audited). Every app process must hold it
 * already: the operator's step 1 (README). A rotation under way is answered as is.
 */
export async function startRotation(db: Db, cipher: FieldCipher, opts: StartRotationOptions = {}): Promise<RotationRow> {
  const state = await dataKeyState(db);
  if (state.rotation?.status === 'running') return state.rotation;
  const from = state.current ?? cipher.rootKeyId;
  const candidates = cipher.keyIds.filter((id) => id !== from);
  const to = opts.to ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!to) {
    throw new Error(
      candidates.length
        ? `持有多把可用的新密钥（${candidates.join('、')}）：请用 --to <密钥编号> 指定要换成哪一把`
        : `没有可换用的新数据密钥（当前密钥 ${from}）：请先运行 npm run rotate-data-key -- new-key 生成一把，并交给所有应用进程`,
    );
  }
  if (to === from) throw new Error(`密钥 ${to} 已是当前密钥`);
  if (!cipher.holds(to)) throw new Error(`本进程没有数据密钥 ${to}（持有：${cipher.keyIds.join('、')}）`);
  const by = opts.by ?? `${os.userInfo().username}@${os.hostname()}`;
  return db.transaction(async (tx) => {
    const [row] = await queryRows<RotationRow>(
      tx,
      sql`insert into data_key_rotations (from_key_id, to_key_id, started_by) values (${from}, ${to}, ${by}) returning ${ROTATION_COLUMNS}`,
    );
    const root = await findRoot(tx);
    await recordAudit(tx, root ? systemActor(root) : null, {
      action: 'rotate-start',
      entity: 'data_key',
      entityId: row!.id,
      orgId: root?.id ?? null,
      summary: `开始更换数据密钥：${from} → ${to}（${by}）`,
      after: { fromKeyId: from, toKeyId: to, startedBy: by },
    });
    cipher.useKey(to);
    return { ...row!, rewritten: Number(row!.rewritten), startedAt: new Date(row!.startedAt) };
  });
}

export interface RotationReport {
  fromKeyId: string;
  toKeyId: string;
  /** Values rewritten, over all tables and runs of this rotation. */
  rewritten: number;
  /** Rows read by this run. */
  scanned: number;
  seconds: number;
}

export interface RunRotationOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** How long after the switch every process writes with the new key (twice the refresh period). */
  settleMs?: number;
  onProgress?: (p: { table: string; scanned: number; rewritten: number; total: number }) => void;
  onWait?: (what: string) => void;
  /** Stops after this many batches, as a crash would (tests). */
  stopAfterBatches?: number;
}

/** Thrown when `stopAfterBatches` cuts a run short. */
export class RotationInterrupted extends Error {}

interface TableShape {
  name: string;
  keys: { name: string; type: string }[];
  values: EncryptedValue[];
}

/** The table's primary key columns and their types, from the catalog. */
async function tableShape(db: DbOrTx, name: string, values: EncryptedValue[]): Promise<TableShape | undefined> {
  const keys = await queryRows<{ name: string; type: string }>(
    db,
    sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
          from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = to_regclass(${`public.${name}`}) and i.indisprimary
         order by array_position(i.indkey::int2[], a.attnum)`,
  );
  return keys.length ? { name, keys, values } : undefined;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The SQL reading a value's ciphertext from a row of `t`. */
function valueSql(v: EncryptedValue, t = '') {
  const col = t + ident(v.column);
  const read = v.jsonKey ? `${col}->>'${v.jsonKey}'` : col;
  return v.onlyWhere ? `case when ${t}${ident(v.onlyWhere.column)} = '${v.onlyWhere.equals.replace(/'/g, "''")}' then ${read} end` : read;
}

/**
 * Rewrites one batch of `table` after `after` (its primary key values), in one transaction that
 * also records the progress. An update sets a value only if it still holds what was read: a
 * value changed meanwhile by a user was written with the new key already.
 */
async function rewriteBatch(db: Db, cipher: FieldCipher, rotationId: number, shape: TableShape, after: (string | number)[] | null, batchSize: number) {
  const keyList = shape.keys.map((k) => ident(k.name)).join(', ');
  const values = shape.values.map((v, i) => `${valueSql(v)} as v${i}`).join(', ');
  const cursor = after
    ? sql` where (${sql.raw(keyList)}) > (${sql.join(
        after.map((a, i) => sql`${a}::${sql.raw(shape.keys[i]!.type)}`),
        sql`, `,
      )})`
    : sql``;
  return db.transaction(async (tx) => {
    const rows = await queryRows<Record<string, string | number | null>>(
      tx,
      sql`select ${sql.raw(keyList)}, ${sql.raw(values)} from ${sql.raw(ident(shape.name))}${cursor} order by ${sql.raw(keyList)} limit ${batchSize}`,
    );
    const changes: Record<string, unknown>[] = [];
    let rewritten = 0;
    for (const row of rows) {
      const change: Record<string, unknown> = {};
      let changed = false;
      shape.values.forEach((v, i) => {
        const blob = row[`v${i}`];
        if (typeof blob !== 'string' || cipher.isCurrent(blob)) return;
        change[`o${i}`] = blob;
        change[`n${i}`] = cipher.reencrypt(v.field, blob);
        changed = true;
        rewritten++;
      });
      if (!changed) continue;
      for (const k of shape.keys) change[k.name] = typeof row[k.name] === 'bigint' ? String(row[k.name]) : row[k.name];
      changes.push(change);
    }
    if (changes.length) {
      const recordType = [...shape.keys.map((k) => `${ident(k.name)} ${k.type}`), ...shape.values.flatMap((_, i) => [`o${i} text`, `n${i} text`])].join(', ');
      const sets = shape.values
        .map((v, i) => {
          const col = ident(v.column);
          const set = v.jsonKey ? `jsonb_set(t.${col}, '{${v.jsonKey}}', to_jsonb(c.n${i}))` : `c.n${i}`;
          return `${col} = case when c.n${i} is not null and ${valueSql(v, 't.')} = c.o${i} then ${set} else t.${col} end`;
        })
        .join(', ');
      const join = shape.keys.map((k) => `t.${ident(k.name)} = c.${ident(k.name)}`).join(' and ');
      await tx.execute(
        sql`update ${sql.raw(ident(shape.name))} t set ${sql.raw(sets)} from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as c(${sql.raw(recordType)}) where ${sql.raw(join)}`,
      );
    }
    const last = rows.at(-1);
    // Keys as JSON: a bigint read as a JS BigInt goes as text, which the cast reads back exactly.
    const plain = (x: unknown) => (typeof x === 'bigint' ? x.toString() : (x as string | number));
    const next = last ? shape.keys.map((k) => plain(last[k.name])) : after;
    const done = rows.length < batchSize;
    await tx.execute(
      sql`update data_key_rotations
             set progress = jsonb_set(progress, ${`{${shape.name}}`}::text[],
                   jsonb_build_object('after', ${JSON.stringify(next)}::jsonb, 'done', ${done}::boolean,
                     'rewritten', coalesce((progress->${shape.name}->>'rewritten')::bigint, 0) + ${rewritten})),
                 rewritten = rewritten + ${rewritten}
           where id = ${rotationId}`,
    );
    return { scanned: rows.length, rewritten, next, done };
  });
}

/** Values of `shape` not yet under the current key (the final check). */
async function leftOver(db: DbOrTx, cipher: FieldCipher, shape: TableShape): Promise<number> {
  const prefix = cipher.ciphertextPrefix;
  const conds = shape.values.map((v) => `(${valueSql(v)} is not null and ${valueSql(v)} not like '${prefix}%')`).join(' or ');
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.raw(ident(shape.name))} where ${sql.raw(conds)}`);
  return Number(row?.n ?? 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs (or resumes) the rotation under way to its end: waits until every process writes with the
 * new key, rewrites every table in batches, waits for background jobs started before the switch
 * (they may hold the old key), checks that no value is left under the old key (rewriting again
 * what was written meanwhile), then marks it done (audited).
 */
export async function runRotation(db: Db, cipher: FieldCipher, opts: RunRotationOptions = {}): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 1000;
  const began = Date.now();
  const rotation = await latestRotation(db);
  if (rotation?.status !== 'running') throw new Error('没有进行中的数据密钥更换：请先运行 npm run rotate-data-key -- start');
  for (const id of [rotation.fromKeyId, rotation.toKeyId]) {
    if (!cipher.holds(id)) throw new Error(`本进程没有数据密钥 ${id}：更换需要新旧两把密钥`);
  }
  cipher.useKey(rotation.toKeyId);

  const settleMs = opts.settleMs ?? 2 * KEY_REFRESH_MS + 1000;
  const [settle] = await queryRows<{ ms: number }>(
    db,
    sql`select greatest(0, extract(epoch from (${rotation.startedAt.toISOString()}::timestamptz - now())) * 1000 + ${settleMs})::float8 as ms`,
  );
  if (Number(settle?.ms) > 0) {
    opts.onWait?.(`等待各应用进程改用新密钥（${Math.ceil(Number(settle!.ms) / 1000)} 秒）`);
    await sleep(Number(settle!.ms));
  }

  const shapes: TableShape[] = [];
  for (const [name, values] of Object.entries(ENCRYPTED_TABLES)) {
    const shape = await tableShape(db, name, values);
    if (shape) shapes.push(shape);
  }
  const counts = await queryRows<{ n: number }>(db, sql.raw(shapes.map((s) => `select count(*)::float8 as n from ${ident(s.name)}`).join(' union all ')));
  const total = counts.reduce((a, r) => a + Number(r.n), 0);
  let scanned = 0;
  let batches = 0;
  let rewrittenNow = 0;
  const progress = { ...rotation.progress };
  const pass = async (only: Set<string> | undefined) => {
    for (const shape of shapes) {
      if (only && !only.has(shape.name)) continue;
      let state = only
        ? { after: null, done: false, rewritten: progress[shape.name]?.rewritten ?? 0 }
        : (progress[shape.name] ?? { after: null, done: false, rewritten: 0 });
      while (!state.done) {
        if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) throw new RotationInterrupted('stopped');
        const r = await rewriteBatch(db, cipher, rotation.id, shape, state.after, batchSize);
        batches++;
        scanned += r.scanned;
        rewrittenNow += r.rewritten;
        state = { after: r.next, done: r.done, rewritten: state.rewritten + r.rewritten };
        progress[shape.name] = state;
        opts.onProgress?.({ table: shape.name, scanned, rewritten: rotation.rewritten + rewrittenNow, total });
      }
    }
  };
  await pass(undefined);

  // A background job started before the switch may still write with the old key (an import's
  // worker threads got the key at its start): the check below waits for it. A job whose process
  // died stops beating and is not waited for (after 5 minutes, as the jobs module judges it abandoned).
  for (;;) {
    const [jobs] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from jobs where status = 'running' and created_at < ${rotation.startedAt.toISOString()}::timestamptz
            and updated_at > now() - interval '5 minutes'`,
    );
    if (!Number(jobs?.n)) break;
    opts.onWait?.(`等待更换开始前启动的 ${jobs!.n} 个后台任务结束`);
    await sleep(2000);
  }

  for (let round = 0; ; round++) {
    const left = new Set<string>();
    let n = 0;
    for (const shape of shapes) {
      const k = await leftOver(db, cipher, shape);
      if (k) left.add(shape.name);
      n += k;
    }
    if (!n) break;
    if (round === 3) throw new Error(`仍有 ${n} 个值未改用新密钥（${[...left].join('、')}）：请稍后重新运行 npm run rotate-data-key`);
    opts.onWait?.(`更换期间又有 ${n} 个值以旧密钥写入（${[...left].join('、')}），重新处理`);
    await pass(left);
  }

  const finished = await db.transaction(async (tx) => {
    const [row] = await queryRows<{ rewritten: number }>(
      tx,
      sql`update data_key_rotations set status = 'done', finished_at = now() where id = ${rotation.id} and status = 'running' returning rewritten::float8 as rewritten`,
    );
    const root = await findRoot(tx);
    await recordAudit(tx, root ? systemActor(root) : null, {
      action: 'rotate-finish',
      entity: 'data_key',
      entityId: rotation.id,
      orgId: root?.id ?? null,
      summary: `数据密钥更换完成：${rotation.fromKeyId} → ${rotation.toKeyId}，共重新加密 ${Number(row?.rewritten ?? 0)} 个值；旧密钥 ${rotation.fromKeyId} 已不再需要${rotation.fromKeyId === cipher.rootKeyId ? '加密，但仍用于查找索引，不能移除' : ''}`,
      after: { fromKeyId: rotation.fromKeyId, toKeyId: rotation.toKeyId, rewritten: Number(row?.rewritten ?? 0) },
    });
    return Number(row?.rewritten ?? 0);
  });
  return { fromKeyId: rotation.fromKeyId, toKeyId: rotation.toKeyId, rewritten: finished, scanned, seconds: (Date.now() - began) / 1000 };
}
