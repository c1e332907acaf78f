import { optionalText, personName, z } from '../../shared/contract.ts';

/** A worker stays signed in on their phone for up to 30 days, and 14 days without a visit. */
export const WORKER_SESSION_MAX_DAYS = 30;
export const WORKER_SESSION_IDLE_DAYS = 14;

export const WorkerMe = z.object({
  worker: z.object({
    phoneMasked: z.string(),
    /** Whether the phone is bound to a registry person (then `person` says who). */
    registered: z.boolean(),
    person: z
      .object({
        name: z.string(),
        org: z.object({ id: z.number().int(), name: z.string() }),
      })
      .nullable(),
  }),
  csrfToken: z.string(),
});
export type WorkerMe = z.infer<typeof WorkerMe>;

/** What concerns me on the home page: each module's counts under its tile, by module name. */
export const WorkerHome = z.object({
  counts: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type WorkerHome = z.infer<typeof WorkerHome>;

// ---- Sign-in by phone (手机号 + 短信验证码) -------------------------------------------------------

/** A sign-in code: 6 digits, valid for 5 minutes, 5 tries. */
export const SIGN_IN_CODE_LENGTH = 6;
export const SIGN_IN_CODE_MINUTES = 5;
export const SIGN_IN_CODE_TRIES = 5;

/** An 11-digit mainland mobile number, written with spaces, dashes or +86 as people write it. */
export const mobilePhone = (label = '手机号') =>
  z
    .string({ error: (iss) => (iss.input == null ? `请填写${label}` : `${label}必须是文字`) })
    .max(30, `${label}应为 11 位大陆手机号码`)
    .overwrite((v) => v.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, ''))
    .refine((v) => v.length > 0, { error: `请填写${label}` })
    .refine((v) => /^1[3-9]\d{9}$/.test(v), { error: `${label}应为 11 位大陆手机号码` });

export const SendCodeInput = z.object({ phone: mobilePhone() });
export type SendCodeInput = z.infer<typeof SendCodeInput>;

export const SendCodeResult = z.object({
  ok: z.literal(true),
  /** Seconds until another code may be asked for this phone (the page counts down). */
  resendAfterSeconds: z.number().int(),
  expiresInSeconds: z.number().int(),
  /** Only on a demo installation: the code itself, shown under the 演示 banner. */
  demoCode: z.string().nullable(),
});
export type SendCodeResult = z.infer<typeof SendCodeResult>;

export const VerifyCodeInput = z.object({
  phone: mobilePhone(),
  code: z
    .string({ error: (iss) => (iss.input == null ? '请填写验证码' : '验证码必须是文字') })
    .trim()
    .refine((v) => v.length > 0, { error: '请填写验证码' })
    .refine((v) => new RegExp(`^\\d{${SIGN_IN_CODE_LENGTH}}$`).test(v), { error: `验证码应为 ${SIGN_IN_CODE_LENGTH} 位数字` }),
});
export type VerifyCodeInput = z.infer<typeof VerifyCodeInput>;

export const SignInResult = z.object({
  /** Whether the phone is bound to a registry person (otherwise the worker may verify their identity or join). */
  registered: z.boolean(),
});

/** Linking the signed-in phone to a registry person by name and ID number (核验身份). */
export const BindInput = z.object({
  name: personName('姓名'),
  idNumber: z
    .string({ error: (iss) => (iss.input == null ? '请填写身份证号' : '身份证号必须是文字') })
    .max(40, '身份证号应为 18 位')
    .refine((v) => v.trim().length > 0, { error: '请填写身份证号' }),
});
export type BindInput = z.infer<typeof BindInput>;

export const BindResult = z.object({
  registered: z.literal(true),
  person: z.object({ name: z.string(), org: z.object({ id: z.number().int(), name: z.string() }) }),
});

/** A demo worker whose phone the demo sign-in page prints. */
export const DemoWorker = z.object({ phone: z.string(), name: z.string(), org: z.string() });
export type DemoWorker = z.infer<typeof DemoWorker>;

/** What the sign-in page needs to know before anyone signs in. */
export const SignInInfo = z.object({
  codeLength: z.number().int(),
  resendSeconds: z.number().int(),
  /** A demo installation: codes are shown on the page, and these workers' phones are printed. */
  demo: z.boolean(),
  demoWorkers: z.array(DemoWorker),
  /** A WeChat official account is configured: inside WeChat the page may sign in silently. */
  wechat: z.boolean(),
});
export type SignInInfo = z.infer<typeof SignInInfo>;

export const WechatStartQuery = z.object({
  /** The page to come back to, a path under /m/. */
  redirect: optionalText('返回页面', { max: 500 }),
  /** Bind the openid to the signed-in worker (after a phone sign-in inside WeChat). */
  bind: z.enum(['0', '1']).optional(),
});

export const WechatCallbackQuery = z.object({
  code: optionalText('授权码', { max: 200 }),
  state: optionalText('授权状态', { max: 200 }),
});
