/**
 * Silent sign-in inside WeChat (公众号网页授权, snsapi_base): once a worker has signed in by phone
 * inside WeChat, their openid is bound to their account, and later visits sign in without a code.
 * The OAuth code is exchanged on the server (the secret never reaches the page); the state is a
 * random value kept in a short-lived cookie, so nobody can have another person's browser bind an
 * openid it did not authorize. A snapshot-page visitor (朋友圈快照页, `is_snapshotuser=1`) is a
 * stand-in user that WeChat gives no real openid: never bound, never signed in.
 */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../server/module.ts';
import type { WechatConfig } from '../../server/config.ts';
import type { WorkerSession } from '../../server/worker.ts';
import { pgErrorOf } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './sign-in.repository.ts';
import { openWorkerSession } from './sessions.service.ts';
import { workerAuditActor } from './sign-in.service.ts';

export const WECHAT_STATE_COOKIE = 'niangjia_wxstate';
export const WECHAT_PATH = '/api/m/auth/sign-in/wechat';

/** A page to come back to: a path under /m/ as the router knows it (`/card?x=1`), never another site. */
export function safeRedirect(raw: string | null | undefined): string {
  if (!raw || !/^\/[\w\-./?=&%~]*$/.test(raw) || raw.startsWith('//') || raw.includes('/..')) return '/';
  return raw;
}

const loginPage = (reason: string, redirect: string) => `/m/login?wechat=${reason}${redirect !== '/' ? `&redirect=${encodeURIComponent(redirect)}` : ''}`;

/** Where to send the browser to authorize, and the state cookie's value. */
export function wechatAuthorize(config: WechatConfig, origin: string, opts: { redirect: string; bind: boolean }) {
  const state = randomBytes(18).toString('base64url');
  const cookie = `${state}.${opts.bind ? 1 : 0}.${Buffer.from(opts.redirect).toString('base64url')}`;
  const url =
    `${config.oauthBase}/connect/oauth2/authorize?appid=${encodeURIComponent(config.appId)}` +
    `&redirect_uri=${encodeURIComponent(`${origin}${WECHAT_PATH}/callback`)}` +
    `&response_type=code&scope=snsapi_base&state=${state}#wechat_redirect`;
  return { url, cookie };
}

interface AccessTokenAnswer {
  openid?: string;
  is_snapshotuser?: number;
  errcode?: number;
  errmsg?: string;
}

async function exchangeCode(config: WechatConfig, code: string): Promise<AccessTokenAnswer> {
  const url =
    `${config.apiBase}/sns/oauth2/access_token?appid=${encodeURIComponent(config.appId)}` +
    `&secret=${encodeURIComponent(config.secret)}&code=${encodeURIComponent(code)}&grant_type=authorization_code`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) return { errcode: res.status, errmsg: `HTTP ${res.status}` };
  return (await res.json()) as AccessTokenAnswer;
}

export type CallbackOutcome = { location: string; session?: { token: string; maxAgeSeconds: number } };

/** WeChat's return: sign in by a bound openid, or bind it to the worker who just signed in by phone; where to go next. */
export async function wechatCallback(
  deps: Pick<AppDeps, 'db' | 'config' | 'log'>,
  query: { code?: string | null | undefined; state?: string | null | undefined },
  ctx: { cookie: string | undefined; session: WorkerSession | null; ip: string; userAgent: string | undefined },
): Promise<CallbackOutcome> {
  const config = deps.config.wechat!;
  const [state, bindFlag, target] = (ctx.cookie ?? '').split('.');
  const redirect = safeRedirect(target ? Buffer.from(target, 'base64url').toString() : undefined);
  if (!state || !query.state || state !== query.state || !query.code) return { location: loginPage('failed', redirect) };
  let answer: AccessTokenAnswer;
  try {
    answer = await exchangeCode(config, query.code);
  } catch (err) {
    deps.log.warn({ err }, 'wechat code exchange failed');
    return { location: loginPage('failed', redirect) };
  }
  if (answer.errcode || !answer.openid) {
    deps.log.warn({ errcode: answer.errcode, errmsg: answer.errmsg }, 'wechat code refused');
    return { location: loginPage('failed', redirect) };
  }
  if (answer.is_snapshotuser === 1) return { location: loginPage('snapshot', redirect) };
  const openid = answer.openid;
  const home = `/m${redirect}`;
  return deps.db.transaction(async (tx) => {
    const known = await repo.findWorkerByOpenid(tx, openid);
    if (known) {
      const session = await openWorkerSession(tx, known.id, ctx);
      await recordAudit(tx, workerAuditActor(known.phoneMasked, ctx.ip), {
        action: 'portal.sign_in',
        entity: 'worker_account',
        entityId: known.id,
        orgId: null,
        summary: '职工在微信中以已绑定的微信身份登录',
      });
      return { location: home, session };
    }
    const worker = ctx.session?.worker;
    if (bindFlag === '1' && worker) {
      try {
        const bound = await tx.transaction(async (inner) => repo.bindOpenid(inner, worker.workerId, openid));
        if (bound) {
          await recordAudit(tx, workerAuditActor(worker.phoneMasked, ctx.ip), {
            action: 'portal.wechat_bind',
            entity: 'worker_account',
            entityId: worker.workerId,
            orgId: null,
            summary: '职工绑定微信，此后在微信中打开可免验证码登录',
          });
        }
      } catch (err) {
        if (pgErrorOf(err)?.code !== '23505') throw err;
      }
      return { location: home };
    }
    return { location: loginPage('unbound', redirect) };
  });
}
