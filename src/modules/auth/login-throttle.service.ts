/**
 * Login throttling that slows guessing without letting a stranger shut a person out.
 *
 * Failures are counted three ways, each with growing delays instead of a hard lock (OWASP
 * Authentication Cheat Sheet: "exponential lockout" over "account lockout"):
 * - per account name and address: the person at the keyboard, or someone guessing their password;
 * - per address over all names: one place trying a few passwords on many accounts (spraying);
 * - per account name over all addresses: guessing from many addresses at once.
 * An address the account signed in from recently (its usual place: the office, home) is bound only
 * by the first counter, so the right password keeps working there whatever strangers do elsewhere,
 * while the other two still delay every unfamiliar address (the "familiar location" rule of smart
 * lockouts such as Microsoft Entra's).
 */
import { isIPv6 } from 'node:net';
import type { DbOrTx } from '../../server/db.ts';
import { TooManyRequests, Unauthorized } from '../../server/errors.ts';
import * as repo from './auth.repository.ts';

export const LOGIN_THROTTLE = {
  /** The 5th failure of one name from one address waits 1 minute, the 6th 2, then 4, 8, 15. */
  pair: { after: 5, firstMinutes: 1, capMinutes: 15, forgetHours: 24 },
  /**
   * Higher, because an office behind one NAT address shares it; and a name adds at most
   * `pair.after` failures to it, so one colleague retrying their own password never delays the others.
   */
  address: { after: 30, firstMinutes: 1, capMinutes: 30, forgetHours: 24 },
  /** Guessing one account from many addresses; never binds the account's usual addresses. */
  account: { after: 10, firstMinutes: 1, capMinutes: 30, forgetHours: 24 },
  /** An address is the account's usual one for this long after a sign-in from it. */
  knownAddressDays: 90,
  /** "还可尝试 N 次" is said from this many attempts left. */
  warnWhenLeft: 3,
} satisfies Record<'pair' | 'address' | 'account', repo.DelayPolicy> & Record<string, unknown>;

/**
 * The address a client is counted by. IPv6 clients get a whole /64 from their provider, so one
 * of them is one place: counting single IPv6 addresses would let a guesser change address per try.
 */
export function clientAddress(ip: string): string {
  const bare = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (!isIPv6(bare)) return bare;
  const [head = '', tail = ''] = bare.split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = bare.includes('::') && tail ? tail.split(':') : [];
  const groups = bare.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** One login attempt: the name as typed (lower case), where it comes from, and the account if there is one. */
export interface LoginAttempt {
  name: string;
  address: string;
  accountId: number | undefined;
}

interface Gate {
  keys: { pair: string; address: string; account: string };
  /** The account signed in from this address recently. */
  known: boolean;
}

const keysOf = (name: string, address: string) => ({ pair: `pair:${name}|${address}`, address: `ip:${address}`, account: `user:${name}` });

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/**
 * Refuses an attempt while a delay holds for it (429 with Retry-After, before the password is
 * checked, so waiting attempts teach a guesser nothing). Unknown names are counted like real ones,
 * so the answers do not tell which accounts exist.
 */
export async function admitLogin(db: DbOrTx, attempt: LoginAttempt): Promise<Gate> {
  const keys = keysOf(attempt.name, attempt.address);
  const known = attempt.accountId !== undefined && (await repo.isKnownAddress(db, attempt.accountId, attempt.address, LOGIN_THROTTLE.knownAddressDays));
  const wait = await repo.secondsBlocked(db, known ? [keys.pair] : [keys.pair, keys.address, keys.account]);
  if (wait > 0) throw new TooManyRequests(`登录失败次数过多，请 ${minutes(wait)} 分钟后再试`, wait);
  return { keys, known };
}

/**
 * Counts a wrong password, has it audited (with this name's failures from this address) and answers
 * what follows: 401 saying how many tries are left when few are, or 429 saying how long to wait.
 */
export async function countLoginFailure(db: DbOrTx, gate: Gate, audit: (failuresHere: number) => Promise<void>): Promise<never> {
  const pair = await repo.countFailure(db, gate.keys.pair, LOGIN_THROTTLE.pair);
  const [address, account] = await Promise.all([
    pair.failures <= LOGIN_THROTTLE.pair.after ? repo.countFailure(db, gate.keys.address, LOGIN_THROTTLE.address) : undefined,
    repo.countFailure(db, gate.keys.account, LOGIN_THROTTLE.account),
  ]);
  await audit(pair.failures);
  const binding = gate.known
    ? [{ counter: pair, policy: LOGIN_THROTTLE.pair }]
    : [
        { counter: pair, policy: LOGIN_THROTTLE.pair },
        { counter: address, policy: LOGIN_THROTTLE.address },
        { counter: account, policy: LOGIN_THROTTLE.account },
      ];
  const wait = Math.max(...binding.map((b) => b.counter?.seconds ?? 0));
  if (wait > 0) throw new TooManyRequests(`用户名或密码错误。登录失败次数过多，请 ${minutes(wait)} 分钟后再试`, wait);
  const left = Math.min(...binding.map((b) => (b.counter ? b.policy.after - b.counter.failures : Infinity)));
  if (left <= LOGIN_THROTTLE.warnWhenLeft) throw new Unauthorized(`用户名或密码错误，还可尝试 ${left} 次`);
  throw new Unauthorized('用户名或密码错误');
}

/**
 * After the right password: this name's failures from this address are forgotten and the address
 * becomes (or stays) one of the account's usual ones. Other names' counters and the address's and
 * account's totals stay, so one colleague's success does not clear another's failures.
 */
export async function admitSuccess(tx: DbOrTx, gate: Gate, accountId: number, address: string) {
  await repo.clearThrottle(tx, gate.keys.pair);
  await repo.rememberAddress(tx, accountId, address);
}

/** An administrator's password reset lifts every delay on the account's name. */
export async function clearLoginDelays(tx: DbOrTx, username: string) {
  const name = username.toLowerCase();
  await repo.clearThrottleOfName(tx, keysOf(name, '').account, `pair:${name}|`);
}

/** Scheduled: forgets idle counters and addresses no longer usual. */
export function pruneLoginRecords(db: DbOrTx) {
  return repo.pruneLoginRecords(db, { forgetHours: LOGIN_THROTTLE.pair.forgetHours, knownDays: LOGIN_THROTTLE.knownAddressDays });
}
