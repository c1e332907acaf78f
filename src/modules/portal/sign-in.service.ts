/**
 * Signing in by phone: a 6-digit code by text message, then the code. The answer to "send me a
 * code" is the same for every valid number, registered or not (a worker not in the registry may
 * sign in and join), so it tells nobody whether a number is known. Codes are random
 * (crypto.randomInt), kept only as a keyed hash bound to the phone, live 5 minutes and allow 5
 * tries; sends are limited per phone, per network address and overall by the root union's policy
 * values. The first sign-in binds the phone to the one registry person who has it, if exactly one does.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../server/module.ts';
import type { Actor } from '../../server/actor.ts';
import { AppError, Invalid, TooManyRequests } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { getEffectivePolicies } from '../policies/index.ts';
import type { PolicyKey } from '../policies/policies.contract.ts';
import { findRoot } from '../orgs/index.ts';
import { phoneIndex } from '../people/index.ts';
import { getSetting, DEMO_SETTING } from '../system/index.ts';
import { chinaToday } from '../../shared/dates.ts';
import { maskPhone } from '../../shared/idcard.ts';
import type { DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { SIGN_IN_CODE_LENGTH, SIGN_IN_CODE_MINUTES, SIGN_IN_CODE_TRIES, type SendCodeInput, type VerifyCodeInput } from './portal.contract.ts';
import * as repo from './sign-in.repository.ts';
import { bindWorkerToPerson, upsertWorkerAccount } from './sessions.repository.ts';
import { openWorkerSession } from './sessions.service.ts';
import { workerSignIns } from './portal.counters.ts';

type Deps = Pick<AppDeps, 'db' | 'cipher' | 'config' | 'sms' | 'log'>;

/** The send limits when the root union has set none (kept below the providers' own limits per number). */
export const SIGN_IN_LIMIT_DEFAULTS = {
  sign_in_codes_per_minute: 1,
  sign_in_codes_per_hour: 5,
  sign_in_codes_per_day: 10,
  sign_in_codes_per_ip_hour: 20,
  sign_in_codes_all_hour: 2000,
  identity_checks_per_day: 5,
} satisfies Partial<Record<PolicyKey, number>>;
export type SignInLimits = typeof SIGN_IN_LIMIT_DEFAULTS;

/** The limits in force today: the root union's policy values, or the defaults. */
export async function signInLimits(db: DbOrTx): Promise<SignInLimits> {
  const root = await findRoot(db);
  const values = root ? await getEffectivePolicies(db, root, chinaToday()) : new Map<PolicyKey, number>();
  const out = { ...SIGN_IN_LIMIT_DEFAULTS };
  for (const key of Object.keys(out) as (keyof SignInLimits)[]) {
    const v = values.get(key);
    if (v !== undefined && v >= 1) out[key] = v;
  }
  return out;
}

/** A demo installation (the demo dataset is loaded, embedded database only) shows codes on the page. */
export async function isDemo(deps: Pick<Deps, 'db' | 'config'>) {
  return deps.config.demo && !!(await getSetting(deps.db, DEMO_SETTING));
}

/** Keyed with the installation's key and bound to the phone: the stored hash of one phone's code says nothing of another's. */
function codeHash(cipher: FieldCipher, phoneBidx: string, code: string) {
  return cipher.tag('sign-in-code', `${phoneBidx}:${code}`, 32);
}

/** Who acts when a worker signs in or links their record, as the audit log names them. */
export function workerAuditActor(phoneMasked: string, ip: string | null): Actor {
  return { accountId: null, username: `职工 ${phoneMasked}`, orgId: 0, orgPath: '/0/', roles: [], permissions: new Set(), sessionId: null, ip };
}

/** The page's countdown before another code may be asked for (the per-minute limit). */
export const RESEND_SECONDS = 60;

const secondsUntil = (from: Date, windowSeconds: number) => Math.max(1, Math.ceil((from.getTime() + windowSeconds * 1000 - Date.now()) / 1000));

function tooMany(what: string, seconds: number) {
  const wait = seconds > 3600 ? `${Math.ceil(seconds / 3600)} 小时` : seconds > 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
  return new TooManyRequests(`${what}，请 ${wait}后再试`, seconds);
}

/** Sends a sign-in code to any valid mobile number, within the limits; the same answer whether the number is registered or not. */
export async function sendSignInCode(deps: Deps, input: SendCodeInput, ctx: { ip: string }) {
  const limits = await signInLimits(deps.db);
  const phoneBidx = phoneIndex(deps.cipher, input.phone);
  const code = String(randomInt(0, 10 ** SIGN_IN_CODE_LENGTH)).padStart(SIGN_IN_CODE_LENGTH, '0');
  await deps.db.transaction(async (tx) => {
    await repo.lockPhone(tx, phoneBidx);
    const checks: [repo.SendWindow, number, number, string][] = [
      [{ phoneBidx }, 60, limits.sign_in_codes_per_minute, '验证码发送过于频繁'],
      [{ phoneBidx }, 3600, limits.sign_in_codes_per_hour, '该手机号 1 小时内获取验证码的次数已达上限'],
      [{ phoneBidx }, 86_400, limits.sign_in_codes_per_day, '该手机号今天获取验证码的次数已达上限'],
      [{ ip: ctx.ip }, 3600, limits.sign_in_codes_per_ip_hour, '当前网络获取验证码的次数过多'],
      ['all', 3600, limits.sign_in_codes_all_hour, '当前获取验证码的人数过多'],
    ];
    for (const [window, seconds, limit, what] of checks) {
      const oldest = await repo.limitingSend(tx, window, seconds, limit);
      if (oldest) throw tooMany(what, secondsUntil(oldest, seconds));
    }
    await repo.insertCode(tx, { phoneBidx, codeHash: codeHash(deps.cipher, phoneBidx, code), ip: ctx.ip, minutes: SIGN_IN_CODE_MINUTES });
  });
  try {
    await deps.sms.send({ phone: input.phone, template: 'code', params: { code } });
  } catch (err) {
    deps.log.error({ err, phone: maskPhone(input.phone) }, 'sign-in code not sent');
    throw new AppError(502, '验证码短信发送失败，请稍后重试');
  }
  return {
    ok: true as const,
    resendAfterSeconds: RESEND_SECONDS,
    expiresInSeconds: SIGN_IN_CODE_MINUTES * 60,
    demoCode: (await isDemo(deps)) ? code : null,
  };
}

type CheckOutcome =
  | { kind: 'none' | 'exhausted' | 'expired' | 'used' }
  | { kind: 'wrong'; left: number }
  | { kind: 'ok'; token: string; maxAgeSeconds: number; registered: boolean };

/**
 * Checks a code and opens a session. A wrong code uses up a try whatever happens next (it is
 * counted in its own committed step); a code with no tries left is refused even when right.
 */
export async function verifySignInCode(deps: Deps, input: VerifyCodeInput, ctx: { ip: string; userAgent: string | undefined }) {
  const phoneBidx = phoneIndex(deps.cipher, input.phone);
  const given = Buffer.from(codeHash(deps.cipher, phoneBidx, input.code));
  const outcome: CheckOutcome = await deps.db.transaction(async (tx) => {
    const row = await repo.latestCode(tx, phoneBidx);
    if (!row) return { kind: 'none' };
    if (row.usedAt) return { kind: 'used' };
    if (row.tries >= SIGN_IN_CODE_TRIES) return { kind: 'exhausted' };
    if (row.expired) return { kind: 'expired' };
    const tries = await repo.countTry(tx, row.id, SIGN_IN_CODE_TRIES);
    if (tries === undefined) return { kind: 'exhausted' };
    const stored = Buffer.from(row.codeHash);
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return { kind: 'wrong', left: SIGN_IN_CODE_TRIES - tries };
    await repo.markCodeUsed(tx, row.id);
    return { kind: 'ok', ...(await signIn(tx, deps, input.phone, phoneBidx, ctx)) };
  });
  workerSignIns.inc({ outcome: outcome.kind === 'ok' ? 'ok' : 'failed' });
  switch (outcome.kind) {
    case 'ok':
      return outcome;
    case 'none':
    case 'used':
      throw Invalid.field('code', '请先获取验证码');
    case 'expired':
      throw Invalid.field('code', `验证码已过期（有效期 ${SIGN_IN_CODE_MINUTES} 分钟），请重新获取`);
    case 'exhausted':
      throw Invalid.field('code', `验证码已输错 ${SIGN_IN_CODE_TRIES} 次，已失效，请重新获取`);
    case 'wrong':
      throw Invalid.field('code', outcome.left > 0 ? `验证码不正确，还可再试 ${outcome.left} 次` : `验证码不正确，已输错 ${SIGN_IN_CODE_TRIES} 次，请重新获取`);
  }
}

/** The phone's worker account (made on first sign-in), bound to the registry person who has the phone when exactly one does; a new session. */
async function signIn(tx: DbOrTx, deps: Deps, phone: string, phoneBidx: string, ctx: { ip: string; userAgent: string | undefined }) {
  const phoneMasked = maskPhone(phone);
  const worker = await upsertWorkerAccount(tx, { phoneBidx, phoneEnc: deps.cipher.encrypt('phone', phone), phoneMasked });
  let personId = worker.personId;
  let orgId: number | null = null;
  let summary = '职工以手机验证码登录';
  if (personId === null) {
    const found = await repo.personsWithPhone(tx, phoneBidx);
    if (found.length === 1 && !(await repo.isPersonBound(tx, found[0]!.id))) {
      personId = found[0]!.id;
      orgId = found[0]!.orgId;
      await bindWorkerToPerson(tx, worker.id, personId);
      summary = '职工首次以手机验证码登录，按手机号关联职工档案';
    }
  }
  const session = await openWorkerSession(tx, worker.id, ctx);
  await recordAudit(tx, workerAuditActor(phoneMasked, ctx.ip), {
    action: 'portal.sign_in',
    entity: 'worker_account',
    entityId: worker.id,
    orgId,
    summary,
    after: personId !== null && worker.personId === null ? { personId } : undefined,
  });
  return { ...session, registered: personId !== null };
}
