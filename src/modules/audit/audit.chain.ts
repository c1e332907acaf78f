/**
 * The chain's integrity: verifying it under the audit key and against signed anchors, sealing a
 * chain written before the audit key, and the daily anchor. How the pieces fit is told in
 * ARCHITECTURE.md (审计日志).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../../server/db.ts';
import { chinaToday } from '../../shared/dates.ts';
import * as repo from './audit.repository.ts';
import { auditKey, verifyAnchorSignature, type AuditKey } from './audit.key.ts';
import { entryHash, legacyEntryHash, type HashedEntry } from './audit.hash.ts';
import type { AuditAnchor, AuditAnchorFile, AuditVerifyResult } from './audit.contract.ts';
import { archivedMonths, type ArchivedMonth } from '../../server/partitions.ts';
import { Conflict } from '../../server/errors.ts';
import type { PartitionArchiveFacts } from '../../server/module.ts';

/** The entry that seals the unkeyed entries written before the audit key existed. */
const SEAL = { action: 'seal', entity: 'audit' } as const;
const isSeal = (e: HashedEntry) => e.action === SEAL.action && e.entity === SEAL.entity;

/** What an anchor's signature covers, one field a line, so an auditor can rebuild it by hand. */
export function anchorMessage(a: Pick<AuditAnchor, 'entries' | 'lastId' | 'lastHash' | 'at'>): string {
  return ['niangjia-audit-anchor', String(a.entries), String(a.lastId), a.lastHash, a.at].join('\n');
}

/** What an archived audit month's record is signed over, one field a line. */
export function archiveMessage(a: { month: string; rows: number; firstId: number; lastId: number; firstPrevHash: string; lastHash: string }): string {
  return ['niangjia-audit-archive', a.month, String(a.rows), String(a.firstId), String(a.lastId), a.firstPrevHash, a.lastHash].join('\n');
}

/**
 * Walks one month's partition (attached, or detached and still in the database) from `prev`:
 * each entry links to the one before and its hash is the audit key's (or, before the key, the
 * legacy one). Returns the month's ends, or the problem.
 */
async function walkMonth(db: DbOrTx, key: AuditKey, partition: string, prev: string) {
  const first = { id: 0, prevHash: prev };
  let lastId = 0;
  let rows = 0;
  for (;;) {
    const batch = await repo.partitionEntriesAfter(db, partition, lastId, 2000);
    for (const e of batch) {
      if (rows === 0) Object.assign(first, { id: e.id, prevHash: e.prevHash });
      if (rows > 0 && e.prevHash !== prev) return { problem: `第 ${e.id} 条的前序哈希与上一条不符` };
      if (entryHash(key, e.prevHash, e) !== e.hash && legacyEntryHash(e.prevHash, e) !== e.hash) return { problem: `第 ${e.id} 条的内容与其哈希不符` };
      prev = e.hash;
      lastId = e.id;
      rows++;
    }
    if (batch.length < 2000) break;
  }
  return { problem: null, rows, firstId: first.id, firstPrevHash: first.prevHash, lastId, lastHash: prev };
}

/** The archived months that held entries, oldest first (an empty month leaves no mark on the chain). */
const archivedWithEntries = async (db: DbOrTx) => (await archivedMonths(db, 'audit_log')).filter((a) => a.rows > 0);

/**
 * Before an audit month is detached for archive (the oldest attached month): its entries must
 * follow on from the last archived month (or start the chain) and verify; the record keeps the
 * month's ends, signed with the audit key, so the chain is checked from the cut on.
 */
export async function auditMonthLeaving(tx: DbOrTx, m: { partition: string; month: string; rows: number }): Promise<PartitionArchiveFacts | undefined> {
  if (m.rows === 0) return undefined;
  const key = auditKey();
  const before = (await archivedWithEntries(tx)).at(-1);
  const walked = await walkMonth(tx, key, m.partition, before?.lastHash ?? repo.GENESIS_HASH);
  if (walked.problem !== null) throw new Conflict(`审计日志 ${m.month} 校验未通过，不能归档：${walked.problem}`);
  if (walked.firstPrevHash !== (before?.lastHash ?? repo.GENESIS_HASH)) {
    throw new Conflict(`审计日志 ${m.month} 的第一条（第 ${walked.firstId} 条）与${before ? ` ${before.month} 归档的末尾` : '日志链的起点'}不相接，不能归档`);
  }
  const facts = {
    month: m.month,
    rows: walked.rows,
    firstId: walked.firstId,
    lastId: walked.lastId,
    firstPrevHash: walked.firstPrevHash,
    lastHash: walked.lastHash,
  };
  return { ...facts, signature: key.sign(archiveMessage(facts)) };
}

/** The chain's state at the end of the archived months: where the walk of the live log starts. */
async function archivedStart(
  db: DbOrTx,
  key: AuditKey,
): Promise<{ problem: string | null; prev: string; lastId: number; entries: number; archives: ArchivedMonth[] }> {
  const archives = await archivedWithEntries(db);
  let prev = repo.GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  const at = (problem: string) => ({ problem, prev, lastId, entries, archives });
  for (const a of archives) {
    const facts = {
      month: a.month,
      rows: a.rows,
      firstId: a.firstId ?? 0,
      lastId: a.lastId ?? 0,
      firstPrevHash: a.firstPrevHash ?? '',
      lastHash: a.lastHash ?? '',
    };
    if (!a.signature || !verifyAnchorSignature(key.publicKey, archiveMessage(facts), a.signature)) {
      return at(`${a.month} 的归档记录签名无效：记录被改动过，或不是用本系统的审计密钥签发的`);
    }
    if (facts.firstPrevHash !== prev) return at(`${a.month} 归档的第一条（第 ${facts.firstId} 条）与其前面的日志不相接：归档记录缺失或被改动过`);
    if (a.present) {
      // Still in the database: the detached table must still be what was signed.
      const walked = await walkMonth(db, key, a.partition, prev);
      if (walked.problem !== null || walked.rows !== a.rows || walked.lastHash !== facts.lastHash || walked.firstPrevHash !== prev) {
        return at(`已归档的 ${a.month}（表 ${a.partition}）与其归档记录不符：${walked.problem ?? '条数或末尾哈希不同'}`);
      }
    }
    prev = facts.lastHash;
    lastId = facts.lastId;
    entries += a.rows;
  }
  return { problem: null, prev, lastId, entries, archives };
}

interface CheckedAnchor extends AuditAnchor {
  /** Kept by the server (table audit_anchors) or supplied by the auditor. */
  source: 'server' | 'file';
}

const anchorName = (a: CheckedAnchor) => `${a.source === 'file' ? '所提供文件中' : '服务器保存的'} ${chinaToday(new Date(a.at))} 的签名锚点`;

export interface VerifyOptions {
  /** Defaults to the key installed at start. */
  key?: AuditKey;
  /** Anchors the auditor kept (a file downloaded earlier), besides those the server keeps. */
  anchors?: readonly AuditAnchor[];
}

/**
 * Walks the whole chain. Each entry's hash must be the audit key's HMAC of its content and the
 * previous hash; the only unkeyed entries accepted are a prefix written before the audit key, and
 * only when a keyed seal right after them vouches for them. The last entry must match the head,
 * and the chain must agree with every signed anchor: at an anchor's count, the entry and hash it
 * names; fewer entries than an anchor counts means the tail was removed.
 */
export async function verifyAuditChain(db: DbOrTx, opts: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const key = opts.key ?? auditKey();
  const verifiedAt = new Date().toISOString();
  const anchors: CheckedAnchor[] = [
    ...(await repo.listAnchors(db)).map((a) => ({ ...a, at: a.at.toISOString(), source: 'server' as const })),
    ...(opts.anchors ?? []).map((a) => ({ ...a, source: 'file' as const })),
  ];
  let checked = 0;
  const result = (brokenAt: number | null, problem: string | null): AuditVerifyResult => ({
    ok: problem === null,
    checked,
    brokenAt,
    problem,
    verifiedAt,
    anchorsChecked: anchors.length,
  });

  const forged = anchors.find((a) => !verifyAnchorSignature(key.publicKey, anchorMessage(a), a.signature));
  if (forged) return result(null, `${anchorName(forged)}（第 ${forged.entries} 条）签名无效：锚点被伪造或改动过，或不是用本系统的审计密钥签发的`);
  const atCount = new Map<number, CheckedAnchor[]>();
  for (const a of anchors) if (a.entries > 0) atCount.set(a.entries, [...(atCount.get(a.entries) ?? []), a]);

  const head = await repo.readHead(db);
  // Months archived (detached) are vouched for by their signed records: the walk starts after them.
  const start = await archivedStart(db, key);
  if (start.problem) return result(null, start.problem);
  let prev = start.prev;
  let lastId = start.lastId;
  checked = start.entries;
  /** Unkeyed entries seen so far, not yet sealed; null once a keyed entry has been seen. */
  let legacy: { count: number; firstId: number } | null = { count: 0, firstId: 0 };
  for (;;) {
    const batch = await repo.entriesAfter(db, lastId, 2000);
    for (const e of batch) {
      if (e.prevHash !== prev) return result(e.id, `第 ${e.id} 条的前序哈希与上一条不符：其前面的日志被删除、插入或改动过`);
      const keyed = entryHash(key, prev, e) === e.hash;
      if (legacy && !keyed && legacyEntryHash(prev, e) === e.hash) {
        if (legacy.count === 0) legacy.firstId = e.id;
        legacy.count++;
      } else if (!keyed) {
        return result(e.id, `第 ${e.id} 条的内容与其哈希不符：该条日志被改动过（或其后的哈希不是用本系统的审计密钥重算的）`);
      } else if (legacy && legacy.count > 0) {
        const sealed = e.after as { legacyEntries?: unknown; legacyLastHash?: unknown } | null;
        if (!isSeal(e) || sealed?.legacyEntries !== legacy.count || sealed.legacyLastHash !== prev) {
          return result(e.id, `第 ${legacy.firstId} 至 ${lastId} 条日志的哈希没有用审计密钥计算，且没有与之相符的封存记录：这些日志被改写过`);
        }
        legacy = null;
      } else {
        legacy = null;
      }
      prev = e.hash;
      lastId = e.id;
      checked++;
      for (const a of atCount.get(checked) ?? []) {
        if (a.lastId !== e.id || a.lastHash !== e.hash) {
          return result(e.id, `第 ${e.id} 条（第 ${checked} 条日志）与${anchorName(a)}不符：该条或其前面的日志被改写过`);
        }
      }
    }
    if (batch.length < 2000) break;
  }
  if (legacy && legacy.count > 0) {
    return result(
      legacy.firstId,
      `第 ${legacy.firstId} 至 ${lastId} 条日志的哈希没有用审计密钥计算，也没有封存记录：日志被改写过，或是旧版本写入后尚未启动过新版本（启动一次服务即会封存）`,
    );
  }
  const longest = anchors.reduce<CheckedAnchor | undefined>((m, a) => (!m || a.entries > m.entries ? a : m), undefined);
  if (longest && longest.entries > checked) {
    return result(lastId || null, `日志只有 ${checked} 条，而${anchorName(longest)}记录了 ${longest.entries} 条：末尾的日志被删除过`);
  }
  if (!head) return checked === 0 ? result(null, null) : result(lastId, '缺少链头记录');
  if (head.lastHash !== prev || head.lastId !== lastId || head.entries !== checked) {
    return result(lastId, `日志末尾与链头不符（链头记录 ${head.entries} 条、最后一条为第 ${head.lastId} 条）：末尾的日志被删除或改动过`);
  }
  return result(null, null);
}

export type SealOutcome =
  | { state: 'keyed' }
  | { state: 'sealed'; entries: number }
  /** Unkeyed entries that were not sealed: the installation has used the audit key before, or the old chain is broken. */
  | { state: 'refused'; problem: string };

/**
 * At start, before anything is appended: a chain whose entries were hashed before the audit key
 * existed is checked the old way and, when intact, sealed by one keyed entry that names the count
 * and the last hash it vouches for — in one transaction, with the head locked. Only on the first
 * start with the audit key (`firstUse`): later, unkeyed entries can only be a rewrite, and sealing
 * them would launder it.
 */
export async function sealLegacyChain(db: Db, key: AuditKey, opts: { firstUse: boolean }): Promise<SealOutcome> {
  return db.transaction(async (tx) => {
    const head = await repo.lockHead(tx);
    if (head.entries === 0) return { state: 'keyed' as const };
    const last = await repo.findEntryById(tx, head.lastId);
    if (last && entryHash(key, last.prevHash, last) === last.hash) return { state: 'keyed' as const };
    if (!opts.firstUse) {
      return {
        state: 'refused' as const,
        problem: '审计日志末尾的哈希不是用审计密钥计算的，而本系统已启用过审计密钥：日志可能被改写，未予封存，请运行 npm run audit:verify',
      };
    }
    const old = await walkLegacy(tx);
    if (old.problem) return { state: 'refused' as const, problem: `旧版本写入的审计日志已不完整，未予封存：${old.problem}` };
    if (old.entries !== head.entries || old.lastHash !== head.lastHash) {
      return { state: 'refused' as const, problem: '旧版本写入的审计日志与链头不符，未予封存：末尾的日志被删除或改动过' };
    }
    const row: HashedEntry = {
      at: new Date(),
      actorAccountId: null,
      actorName: 'system',
      actorOrgId: null,
      orgId: null,
      ...SEAL,
      entityId: null,
      summary: `启用审计密钥：以密钥封存此前以旧算法写入的 ${old.entries} 条日志`,
      before: null,
      after: { legacyEntries: old.entries, legacyLastId: old.lastId, legacyLastHash: old.lastHash },
      ip: null,
    };
    await repo.appendEntry(tx, { ...row, prevHash: head.lastHash, hash: entryHash(key, head.lastHash, row) }, head.entries + 1);
    return { state: 'sealed' as const, entries: old.entries };
  });
}

/** The chain checked the way entries were hashed before the audit key. */
async function walkLegacy(tx: DbOrTx) {
  let prev = repo.GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const batch = await repo.entriesAfter(tx, lastId, 2000);
    for (const e of batch) {
      if (e.prevHash !== prev || legacyEntryHash(prev, e) !== e.hash) return { problem: `第 ${e.id} 条与其哈希不符`, entries, lastId, lastHash: prev };
      prev = e.hash;
      lastId = e.id;
      entries++;
    }
    if (batch.length < 2000) break;
  }
  return { problem: null, entries, lastId, lastHash: prev };
}

/**
 * Signs the chain's head as it is now (count, last entry, its hash, the time), keeps the anchor and
 * writes it to the app's log: copies outside the database that a later rewrite cannot reach.
 */
export async function anchorAuditChain(db: Db, log: FastifyBaseLogger): Promise<AuditAnchor> {
  // One snapshot: the head and the entries it counts are read as of the same moment, so entries
  // appended meanwhile are left for the next anchor instead of looking like a broken tail.
  return db.transaction((tx) => anchorIn(tx, log), { isolationLevel: 'repeatable read' });
}

async function anchorIn(db: DbOrTx, log: FastifyBaseLogger): Promise<AuditAnchor> {
  const key = auditKey();
  const head = await repo.readHead(db);
  // Never pin a rewrite into a signature: what came since the last anchor (or, for the first, the
  // whole chain) must verify under the key first; a broken chain fails the job with the reason.
  const problem = await problemSinceLastAnchor(db, key, head);
  if (problem) {
    log.error({ auditChain: problem }, `审计日志校验未通过，未签发锚点：${problem}`);
    throw new Error(`审计日志校验未通过，未签发锚点：${problem}`);
  }
  const unsigned = { at: new Date().toISOString(), entries: head?.entries ?? 0, lastId: head?.lastId ?? 0, lastHash: head?.lastHash ?? repo.GENESIS_HASH };
  const anchor: AuditAnchor = { ...unsigned, signature: key.sign(anchorMessage(unsigned)) };
  await repo.insertAnchor(db, { ...anchor, at: new Date(anchor.at) });
  log.info({ auditAnchor: { ...anchor, publicKey: key.publicKey } }, `审计日志签名锚点：共 ${anchor.entries} 条，最后一条为第 ${anchor.lastId} 条`);
  return anchor;
}

async function problemSinceLastAnchor(db: DbOrTx, key: AuditKey, head: Awaited<ReturnType<typeof repo.readHead>>): Promise<string | null> {
  const last = (await repo.listAnchors(db)).at(-1);
  if (!last) {
    const full = await verifyAuditChain(db, { key });
    return full.ok ? null : full.problem;
  }
  let prev = last.lastHash;
  let lastId = last.lastId;
  let count = last.entries;
  // The anchor's entry was archived since: start where the archived months end.
  const start = await archivedStart(db, key);
  if (start.problem) return start.problem;
  if (start.lastId > lastId) ({ prev, lastId, entries: count } = start);
  for (;;) {
    const batch = await repo.entriesAfter(db, lastId, 2000);
    for (const e of batch) {
      if (e.prevHash !== prev || entryHash(key, prev, e) !== e.hash) return `第 ${e.id} 条与上一锚点之后的日志链不符：该条或其前面的日志被改写过`;
      prev = e.hash;
      lastId = e.id;
      count++;
    }
    if (batch.length < 2000) break;
  }
  if (!head || head.lastHash !== prev || head.lastId !== lastId || head.entries !== count) return '日志末尾与链头不符：末尾的日志被删除或改动过';
  return null;
}

/** Every anchor the server keeps, with the public key that checks them: what an auditor downloads. */
export async function anchorFile(db: Db): Promise<AuditAnchorFile> {
  const key = auditKey();
  const rows = await repo.listAnchors(db);
  return {
    algorithm: 'Ed25519',
    publicKey: key.publicKey,
    exportedAt: new Date().toISOString(),
    anchors: rows.map((a) => ({ at: a.at.toISOString(), entries: a.entries, lastId: a.lastId, lastHash: a.lastHash, signature: a.signature })),
  };
}
