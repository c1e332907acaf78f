/** Tencent Cloud SMS (腾讯云短信) through its official SDK: SendSms with an approved sign and template. */
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type { SmsSender, SmsTemplate } from '../sms.ts';
import { splitEndpoint } from './endpoint.ts';

export interface TencentSmsConfig {
  provider: 'tencent';
  secretId: string;
  secretKey: string;
  /** The SMS application's SdkAppId (短信应用 ID). */
  sdkAppId: string;
  region: string;
  signName: string;
  templates: Record<SmsTemplate, string>;
  /** `https://sms.tencentcloudapi.com` unless set (tests point it at a fake on 127.0.0.1). */
  endpoint: string | undefined;
}

/** Tencent's templates take their parameters in order ({1}, {2} …), not by name. */
const ORDER: Record<SmsTemplate, readonly string[]> = { code: ['code'], notice: ['title'] };

export function tencentSms(config: TencentSmsConfig): SmsSender {
  const { protocol, host } = splitEndpoint(config.endpoint ?? 'https://sms.tencentcloudapi.com');
  const client = new sms.v20210111.Client({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: { httpProfile: { endpoint: host, protocol: `${protocol}://`, reqTimeout: 10 } },
  });
  return {
    name: 'tencent',
    async send({ phone, template, params }) {
      const res = await client.SendSms({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: config.templates[template],
        TemplateParamSet: ORDER[template].map((k) => params[k] ?? ''),
      });
      const status = res.SendStatusSet?.[0];
      if (status?.Code !== 'Ok') throw new Error(`腾讯云短信发送失败：${status?.Code ?? '无应答'} ${status?.Message ?? ''}`.trim());
      return { providerId: status.SerialNo ?? null };
    },
  };
}
