import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../server/module.ts';
import { AppError } from '../../server/errors.ts';
import { requireWorker, WORKER_COOKIE, workerCookieOptions, workerGuard } from '../../server/worker.ts';
import { getSetting } from '../system/index.ts';
import {
  BindInput,
  BindResult,
  SendCodeInput,
  SendCodeResult,
  SIGN_IN_CODE_LENGTH,
  SignInInfo,
  SignInResult,
  VerifyCodeInput,
  WechatCallbackQuery,
  WechatStartQuery,
  type DemoWorker,
} from './portal.contract.ts';
import { isDemo, RESEND_SECONDS, sendSignInCode, verifySignInCode } from './sign-in.service.ts';
import { bindByIdentity } from './bind.service.ts';
import { safeRedirect, WECHAT_PATH, WECHAT_STATE_COOKIE, wechatAuthorize, wechatCallback } from './wechat.service.ts';
import { DEMO_WORKERS_SETTING } from './demo.ts';

/**
 * Signing in to the portal (public, under /api/m/auth/sign-in/, where no CSRF token exists yet):
 * a code by text message, the code, WeChat's silent sign-in; and, signed in, linking the phone to
 * a registry record by name and ID number.
 */
export function registerSignInRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['职工端'];
  const { db, config } = deps;

  const setSession = (req: FastifyRequest, reply: FastifyReply, s: { token: string; maxAgeSeconds: number }) =>
    reply.setCookie(WORKER_COOKIE, s.token, workerCookieOptions(req, config.cookieSecure, s.maxAgeSeconds));

  r.get('/api/m/auth/sign-in/info', { schema: { tags, summary: '职工登录页信息（无需登录）', response: { 200: SignInInfo } } }, async () => {
    const demo = await isDemo(deps);
    return {
      codeLength: SIGN_IN_CODE_LENGTH,
      resendSeconds: RESEND_SECONDS,
      demo,
      demoWorkers: demo ? ((await getSetting<DemoWorker[]>(db, DEMO_WORKERS_SETTING)) ?? []) : [],
      wechat: config.wechat !== null,
    };
  });

  r.post(
    '/api/m/auth/sign-in/code',
    { schema: { tags, summary: '获取登录验证码（对任何有效手机号同样答复）', body: SendCodeInput, response: { 200: SendCodeResult } } },
    async (req) => sendSignInCode(deps, req.body, { ip: req.ip }),
  );

  r.post(
    '/api/m/auth/sign-in/verify',
    { schema: { tags, summary: '以验证码登录', body: VerifyCodeInput, response: { 200: SignInResult } } },
    async (req, reply) => {
      const s = await verifySignInCode(deps, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] });
      setSession(req, reply, s);
      return { registered: s.registered };
    },
  );

  r.get(WECHAT_PATH, { schema: { tags, summary: '微信内免密登录：跳转微信网页授权', querystring: WechatStartQuery } }, async (req, reply) => {
    if (!config.wechat) throw new AppError(404, '未配置微信公众号，请用手机号登录');
    const { url, cookie } = wechatAuthorize(config.wechat, `${req.protocol}://${req.host}`, {
      redirect: safeRedirect(req.query.redirect),
      bind: req.query.bind === '1',
    });
    reply.setCookie(WECHAT_STATE_COOKIE, cookie, { ...workerCookieOptions(req, config.cookieSecure, 600), path: WECHAT_PATH });
    return reply.redirect(url);
  });

  r.get(`${WECHAT_PATH}/callback`, { schema: { tags, summary: '微信网页授权回调', querystring: WechatCallbackQuery } }, async (req, reply) => {
    if (!config.wechat) throw new AppError(404, '未配置微信公众号，请用手机号登录');
    reply.clearCookie(WECHAT_STATE_COOKIE, { path: WECHAT_PATH });
    const out = await wechatCallback(deps, req.query, {
      cookie: req.cookies[WECHAT_STATE_COOKIE],
      session: req.workerSession,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
    if (out.session) setSession(req, reply, out.session);
    return reply.redirect(out.location);
  });

  r.post(
    '/api/m/bind',
    { schema: { tags, summary: '以姓名和身份证号关联职工档案', body: BindInput, response: { 200: BindResult } }, onRequest: workerGuard() },
    async (req) => bindByIdentity(deps, requireWorker(req), req.body),
  );
}
