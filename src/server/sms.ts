/**
 * Text messages to workers' phones go through one interface, so the provider is a setting: `console`
 * (the embedded default: the message is written to the server log), Alibaba Cloud SMS or Tencent
 * Cloud SMS (see README, 短信). A message is a template with parameters — Chinese providers send
 * only templates approved in advance, never free text.
 */
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
