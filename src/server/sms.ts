/**
 * Text messages to workers' phones go through one interface, so the provider is a setting: `console`
 * (the embedded default: the message is written to the server log), Alibaba Cloud SMS or Tencent
 * Cloud SMS (see README, 短信). A message is a template with parameters — Chinese providers send
 * only templates approved in advance, never free text.
 */
import type { AliyunSmsConfig } from './sms/aliyun.ts';
import type { TencentSmsConfig } from './sms/tencent.ts';

export type SmsTemplate =
  /** A sign-in code: `{ code }`. */
  | 'code'
  /** A notice about an application or a pick-up: `{ title }` (the portal's message title). */
  | 'notice';

export interface SmsMessage {
  /** 11-digit mainland mobile number, plain (decrypted just before sending, never logged in full). */
  phone: string;
  template: SmsTemplate;
  params: Record<string, string>;
}

export interface SmsSender {
  /** `console`, `aliyun` or `tencent`. */
  readonly name: string;
  /** Sends one message; throws when the provider refuses it (the caller retries or records the failure). */
  send(message: SmsMessage): Promise<{ providerId: string | null }>;
}

/** Writes each message to the server log (the phone masked): the embedded default, and the demo. */
export function consoleSms(log: { info: (obj: object, msg: string) => void }): SmsSender {
  return {
    name: 'console',
    async send({ phone, template, params }) {
      log.info({ sms: { to: `${phone.slice(0, 3)}****${phone.slice(-4)}`, template, params } }, '短信（未接短信服务商，仅写入日志）');
      return { providerId: null };
    },
  };
}

export type { AliyunSmsConfig, TencentSmsConfig };

/** Which provider sends text messages, and its keys (README, 短信). */
export type SmsConfig = { provider: 'console' } | AliyunSmsConfig | TencentSmsConfig;

/**
 * Reads the text-message settings: `SMS_PROVIDER` (`console`, the default; `aliyun`; `tencent`),
 * the provider's keys, the approved sign name and template codes, and `SMS_ENDPOINT` to point the
 * SDK elsewhere (a test's fake). A provider named without its keys stops the start with a message.
 */
export function readSmsConfig(env: NodeJS.ProcessEnv): SmsConfig {
  const provider = (env.SMS_PROVIDER || 'console').trim().toLowerCase();
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) throw new Error(`环境变量 ${name} 未设置：SMS_PROVIDER=${provider} 需要它（见 README「短信」）`);
    return v;
  };
  const endpoint = env.SMS_ENDPOINT?.trim() || undefined;
  if (provider === 'console') return { provider: 'console' };
  if (provider !== 'aliyun' && provider !== 'tencent') throw new Error(`环境变量 SMS_PROVIDER 应为 console、aliyun 或 tencent，当前为「${env.SMS_PROVIDER}」`);
  const templates = { code: need('SMS_TEMPLATE_CODE'), notice: need('SMS_TEMPLATE_NOTICE') };
  if (provider === 'aliyun') {
    return {
      provider,
      accessKeyId: need('SMS_ACCESS_KEY_ID'),
      accessKeySecret: need('SMS_ACCESS_KEY_SECRET'),
      signName: need('SMS_SIGN_NAME'),
      templates,
      endpoint,
    };
  }
  return {
    provider,
    secretId: need('SMS_ACCESS_KEY_ID'),
    secretKey: need('SMS_ACCESS_KEY_SECRET'),
    sdkAppId: need('SMS_SDK_APP_ID'),
    region: env.SMS_REGION?.trim() || 'ap-guangzhou',
    signName: need('SMS_SIGN_NAME'),
    templates,
    endpoint,
  };
}

/**
 * The sender of the provider the settings name, or undefined for `console` (the app then writes to
 * its own log). A provider's SDK is loaded only when it is the one chosen.
 */
export async function providerSms(config: SmsConfig): Promise<SmsSender | undefined> {
  if (config.provider === 'aliyun') return (await import('./sms/aliyun.ts')).aliyunSms(config);
  if (config.provider === 'tencent') return (await import('./sms/tencent.ts')).tencentSms(config);
  return undefined;
}
