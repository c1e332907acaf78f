/**
 * Sends the text messages of the outbox (`sms_outbox`). Notices are written to it in the transaction
 * of the change they report, so a message is never lost: its row stays until it is sent, fails for
 * good, or is withheld because the worker withdrew their consent to text notices (it stays in the
 * portal inbox then).
 *
 * How often a message reaches the provider:
 * - Two senders at once (two app processes, or a run that overlaps the next): a row is claimed by
 *   one UPDATE that locks it with SKIP LOCKED and marks it `sending` under a lease, so only one
 *   sender holds it; the other takes other rows or none.
 * - A sender that dies after claiming and before sending: the lease runs out and the next run
 *   claims the row again and sends it — once.
 * - A sender that dies after the provider accepted the message and before its `sent` mark is
 *   committed: the row looks unsent, so it is sent again when the lease ends. Nothing outside the
 *   provider can close that window (a provider call cannot join our transaction, and neither
 *   Alibaba Cloud nor Tencent Cloud deduplicates by a key of ours), so delivery is at least once,
 *   with a duplicate possible only in that window of one mark. Every result is written only while
 *   the claim is still the sender's (same attempt number), and a send that outlasts half the lease
 *   is abandoned as failed, so a slow provider cannot make two live senders hold one message.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import type { SmsSender } from '../../server/sms.ts';
import * as repo from './messages.repository.ts';

export interface OutboxDeps {
  db: Db;
  cipher: FieldCipher;
  sms: SmsSender;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

export interface OutboxOptions {
  /** How long a claim holds (default five minutes). */
  leaseMs?: number;
  /** Attempts before a message is given up as failed (default 5). */
  maxAttempts?: number;
  /** Rows claimed at a time. */
  batch?: number;
  /** At most this many messages in one run (the rest wait for the next). */
  maxPerRun?: number;
}

/** Wait after the n-th failed attempt: 1, 5, 15, 60 minutes. */
export const RETRY_MINUTES = [1, 5, 15, 60] as const;

export interface OutboxRunResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`短信服务商 ${Math.round(ms / 1000)} 秒内未应答`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Sends what is due in the outbox; see the comment at the top for how often a message is sent. */
export async function sendDueTextMessages(deps: OutboxDeps, opts: OutboxOptions = {}): Promise<OutboxRunResult> {
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const batch = opts.batch ?? 20;
  const maxPerRun = opts.maxPerRun ?? 500;
  const result: OutboxRunResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  result.failed += await repo.failAbandoned(deps.db, maxAttempts);
  let handled = 0;
  while (handled < maxPerRun) {
    const claimed = await repo.claimDue(deps.db, { limit: Math.min(batch, maxPerRun - handled), leaseMs, maxAttempts });
    if (!claimed.length) break;
    for (const claim of claimed) {
      handled++;
      const outcome = await sendOne(deps, claim, { leaseMs, maxAttempts });
      const recorded = await repo.finish(deps.db, claim, outcome);
      if (!recorded) {
        deps.log.warn({ outbox: claim.id }, '短信发送结果未记录：该条已由其他发送进程接手');
        continue;
      }
      if (outcome.status === 'sent') result.sent++;
      else if (outcome.status === 'skipped') result.skipped++;
      else if (outcome.status === 'failed') result.failed++;
      else result.retried++;
    }
  }
  return result;
}

async function sendOne(deps: OutboxDeps, claim: repo.ClaimedText, opts: { leaseMs: number; maxAttempts: number }): Promise<Parameters<typeof repo.finish>[2]> {
  const text = await repo.findTextToSend(deps.db, claim.message_id);
  if (!text) return { status: 'failed', error: '消息不存在' };
  if (text.withdrawn) return { status: 'skipped', error: '职工已撤回短信通知授权' };
  if (!text.phone_enc) return { status: 'failed', error: '没有可用的手机号' };
  try {
    const phone = deps.cipher.decrypt('phone', text.phone_enc);
    const { providerId } = await withTimeout(deps.sms.send({ phone, template: 'notice', params: { title: text.title } }), opts.leaseMs / 2);
    return { status: 'sent', providerId };
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    deps.log.warn({ outbox: claim.id, attempt: claim.attempts, provider: deps.sms.name, error }, '短信发送失败');
    if (claim.attempts >= opts.maxAttempts) return { status: 'failed', error };
    const minutes = RETRY_MINUTES[Math.min(claim.attempts, RETRY_MINUTES.length) - 1]!;
    return { status: 'pending', error, retryInMs: minutes * 60_000 };
  }
}
