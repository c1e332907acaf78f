/**
 * The text-message providers through their official SDKs, against real HTTP stand-ins of their APIs
 * on 127.0.0.1: each request reaches the fake and carries the phone, sign, template and parameters;
 * a provider's refusal becomes an error the caller sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerSms, readSmsConfig, type SmsSender } from './sms.ts';
import { startFakeSmsProvider, type FakeSmsProvider } from './sms/fake-providers.ts';
import { readConfig } from './config.ts';

let aliyun: FakeSmsProvider;
let tencent: FakeSmsProvider;
beforeAll(async () => {
  aliyun = await startFakeSmsProvider('aliyun');
  tencent = await startFakeSmsProvider('tencent');
});
afterAll(async () => {
  await aliyun.close();
  await tencent.close();
});

const common = { SMS_SIGN_NAME: '娘家人', SMS_TEMPLATE_CODE: 'SMS_100001', SMS_TEMPLATE_NOTICE: 'SMS_100002' };

describe('SMS settings', () => {
  it('defaults to the server log', () => {
    expect(readSmsConfig({})).toEqual({ provider: 'console' });
  });

  it('refuses a provider without its keys, naming the missing variable', () => {
    expect(() => readSmsConfig({ SMS_PROVIDER: 'aliyun', ...common })).toThrow(/SMS_ACCESS_KEY_ID/);
    expect(() => readSmsConfig({ SMS_PROVIDER: 'tencent', SMS_ACCESS_KEY_ID: 'a', SMS_ACCESS_KEY_SECRET: 'b', ...common })).toThrow(/SMS_SDK_APP_ID/);
    expect(() => readSmsConfig({ SMS_PROVIDER: 'yunpian' })).toThrow(/console、aliyun 或 tencent/);
    expect(() => readConfig({ SMS_PROVIDER: 'aliyun' })).toThrow(/环境变量 SMS_/);
  });
});

describe('Alibaba Cloud SMS', () => {
  let sms: SmsSender;
  beforeAll(async () => {
    sms = (await providerSms(
      readSmsConfig({ SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'LTAI-test', SMS_ACCESS_KEY_SECRET: 'secret', SMS_ENDPOINT: aliyun.url, ...common }),
    ))!;
  });

  it('sends SendSms with the phone, sign, template and parameters, signed with the key', async () => {
    const before = aliyun.requests.length;
    const sent = await sms.send({ phone: '13800001111', template: 'code', params: { code: '123456' } });
    expect(sent.providerId).toBe(`biz-${before + 1}`);
    const req = aliyun.requests.at(-1)!;
    expect(req.headers['x-acs-action']).toBe('SendSms');
    expect(req.headers['x-acs-version']).toBe('2017-05-25');
    expect(req.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI-test,.*Signature=[0-9a-f]{64}$/);
    expect(req.params).toMatchObject({ PhoneNumbers: '13800001111', SignName: '娘家人', TemplateCode: 'SMS_100001' });
    expect(JSON.parse(req.params.TemplateParam as string)).toEqual({ code: '123456' });
  });

  it('uses the notice template for notices', async () => {
    await sms.send({ phone: '13800001111', template: 'notice', params: { title: '您的入会申请已通过' } });
    const req = aliyun.requests.at(-1)!;
    expect(req.params.TemplateCode).toBe('SMS_100002');
    expect(JSON.parse(req.params.TemplateParam as string)).toEqual({ title: '您的入会申请已通过' });
  });

  it('throws when the provider refuses', async () => {
    aliyun.refuseWith = 'isv.BUSINESS_LIMIT_CONTROL';
    try {
      await expect(sms.send({ phone: '13800001111', template: 'code', params: { code: '1' } })).rejects.toThrow(/isv.BUSINESS_LIMIT_CONTROL/);
    } finally {
      aliyun.refuseWith = null;
    }
  });
});

describe('Tencent Cloud SMS', () => {
  let sms: SmsSender;
  beforeAll(async () => {
    sms = (await providerSms(
      readSmsConfig({
        SMS_PROVIDER: 'tencent',
        SMS_ACCESS_KEY_ID: 'AKID-test',
        SMS_ACCESS_KEY_SECRET: 'secret',
        SMS_SDK_APP_ID: '1400000000',
        SMS_ENDPOINT: tencent.url,
        ...common,
      }),
    ))!;
  });

  it('sends SendSms with the +86 phone, app, sign, template and ordered parameters, signed TC3', async () => {
    const sent = await sms.send({ phone: '13800002222', template: 'code', params: { code: '654321' } });
    expect(sent.providerId).toMatch(/^serial-/);
    const req = tencent.requests.at(-1)!;
    expect(req.headers['x-tc-action']).toBe('SendSms');
    expect(req.headers['x-tc-version']).toBe('2021-01-11');
    expect(req.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKID-test\//);
    expect(req.params).toMatchObject({
      PhoneNumberSet: ['+8613800002222'],
      SmsSdkAppId: '1400000000',
      SignName: '娘家人',
      TemplateId: 'SMS_100001',
      TemplateParamSet: ['654321'],
    });
  });

  it('throws when the provider refuses', async () => {
    tencent.refuseWith = 'LimitExceeded.PhoneNumberDailyLimit';
    try {
      await expect(sms.send({ phone: '13800002222', template: 'code', params: { code: '1' } })).rejects.toThrow(/PhoneNumberDailyLimit/);
    } finally {
      tencent.refuseWith = null;
    }
  });
});
