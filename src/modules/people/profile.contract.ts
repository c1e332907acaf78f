/**
 * 我的资料 (the worker's own record in the portal): what the union holds about me, masked; my
 * consents to optional uses (个人信息授权) and the download of my data (PIPL arts. 15, 45).
 * Shared by server and portal: no Node, no React.
 */
import { z } from '../../shared/contract.ts';
import { MyCorrection } from './corrections.contract.ts';

export const WorkerProfile = z.object({
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  /** 证件号码, masked (`150102********1234`). */
  idMasked: z.string(),
  phoneMasked: z.string().nullable(),
  ethnicity: z.string().nullable(),
  address: z.string().nullable(),
  hukouType: z.string().nullable(),
  politicalStatus: z.string().nullable(),
  education: z.string().nullable(),
  orgName: z.string(),
  employerName: z.string().nullable(),
  employerCreditCode: z.string().nullable(),
  occupation: z.string().nullable(),
  employmentForm: z.string().nullable(),
  workStatus: z.string().nullable(),
  tags: z.array(z.string()),
  membership: z.object({ memberNo: z.string(), joinedOn: z.string(), state: z.string() }).nullable(),
  /** Raw codes of the choice fields, so a correction form can start from the current choice. */
  codes: z.record(z.string(), z.string().nullable()),
  corrections: z.array(MyCorrection),
});
export type WorkerProfile = z.infer<typeof WorkerProfile>;

/** Optional uses a worker may withdraw consent to; sign-in codes are not optional and not here. */
export const CONSENT_PURPOSES = ['sms_notices', 'surveys'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_LABELS: Record<ConsentPurpose, { title: string; description: string }> = {
  sms_notices: { title: '短信通知', description: '申请进度、领取提醒等短信（登录验证码不受影响；消息仍会出现在“消息”页）' },
  surveys: { title: '问卷调查', description: '工会发出的问卷和满意度调查' },
};

export const ConsentView = z.object({ purpose: z.enum(CONSENT_PURPOSES), granted: z.boolean(), changedAt: z.string().nullable() });
export const ConsentsView = z.object({ items: z.array(ConsentView) });
export type ConsentsView = z.infer<typeof ConsentsView>;
export const ConsentsInput = z.partialRecord(z.enum(CONSENT_PURPOSES), z.boolean({ error: '请选择同意或撤回' }));
export type ConsentsInput = z.infer<typeof ConsentsInput>;
