/** Alibaba Cloud SMS (阿里云短信服务) through its official SDK: SendSms with an approved sign and template. */
import { createRequire } from 'node:module';
import type * as DysmsapiModule from '@alicloud/dysmsapi20170525';
import type * as OpenApiModule from '@alicloud/openapi-core';
import type { SmsSender, SmsTemplate } from '../sms.ts';
import { splitEndpoint } from './endpoint.ts';

export interface AliyunSmsConfig {
  provider: 'aliyun';
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<SmsTemplate, string>;
  /** `https://dysmsapi.aliyuncs.com` unless set (tests point it at a fake on 127.0.0.1). */
  endpoint: string | undefined;
}

// CommonJS packages compiled from TypeScript (`exports.default`): required as they are, so the
// client class is found the same way under Node, the test runner and the build.
const require = createRequire(import.meta.url);
const dysmsapi = require('@alicloud/dysmsapi20170525') as (typeof DysmsapiModule)['default'];
const openapi = require('@alicloud/openapi-core') as typeof OpenApiModule;

export function aliyunSms(config: AliyunSmsConfig): SmsSender {
  const { protocol, host } = splitEndpoint(config.endpoint ?? 'https://dysmsapi.aliyuncs.com');
  const client = new dysmsapi.default(
    new openapi.$OpenApiUtil.Config({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: host,
      protocol,
      readTimeout: 10_000,
      connectTimeout: 5_000,
    }),
  );
  return {
    name: 'aliyun',
    async send({ phone, template, params }) {
      const res = await client.sendSms(
        new dysmsapi.SendSmsRequest({
          phoneNumbers: phone,
          signName: config.signName,
          templateCode: config.templates[template],
          templateParam: JSON.stringify(params),
        }),
      );
      const body = res.body;
      if (body?.code !== 'OK') throw new Error(`阿里云短信发送失败：${body?.code ?? '无应答'} ${body?.message ?? ''}`.trim());
      return { providerId: body.bizId ?? null };
    },
  };
}
