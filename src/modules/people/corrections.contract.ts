/**
 * 信息更正申请 (correction requests): a worker asks from the portal that a field of their record be
 * corrected; staff of their union accept (the record is edited) or refuse with a reason.
 * Shared by server, staff web and portal: no Node, no React.
 */
import { Paging, pageOf, queryId, text, optionalText, z } from '../../shared/contract.ts';

/** The fields a worker may ask to correct. The ID number is not among them: that is done at the union with the card. */
export const CORRECTABLE_FIELDS = [
  'name',
  'phone',
  'address',
  'ethnicity',
  'hukouType',
  'politicalStatus',
  'education',
  'employerName',
  'employerCreditCode',
  'employmentForm',
  'workStatus',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export const CORRECTABLE_FIELD_LABELS: Record<CorrectableField, string> = {
  name: '姓名',
  phone: '手机号',
  address: '住址',
  ethnicity: '民族',
  hukouType: '户口类型',
  politicalStatus: '政治面貌',
  education: '文化程度',
  employerName: '工作单位',
  employerCreditCode: '单位统一社会信用代码',
  employmentForm: '用工形式',
  workStatus: '工作状态',
};

export const CORRECTION_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_STATUS_LABELS: Record<CorrectionStatus, string> = { open: '待处理', accepted: '已更正', rejected: '未采纳' };

/** What a worker sends: the field, the value it should have, and why. */
export const CorrectionRequestInput = z.object({
  field: z.enum(CORRECTABLE_FIELDS, { error: '请选择要更正的项目' }),
  value: text('更正后的内容', { max: 200 }),
  note: optionalText('说明', { max: 300, multiline: true }),
});
export type CorrectionRequestInput = z.infer<typeof CorrectionRequestInput>;

/** A request as its worker sees it. */
export const MyCorrection = z.object({
  id: z.number().int(),
  field: z.enum(CORRECTABLE_FIELDS),
  proposed: z.string(),
  note: z.string().nullable(),
  status: z.enum(CORRECTION_STATUSES),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type MyCorrection = z.infer<typeof MyCorrection>;

/** A request in the staff queue: the proposed phone masked until it is accepted. */
export const CorrectionView = MyCorrection.extend({
  personId: z.number().int(),
  personName: z.string(),
  orgName: z.string(),
  current: z.string().nullable(),
  decidedBy: z.string().nullable(),
  can: z.object({ decide: z.boolean() }),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

export const ListCorrectionsQuery = Paging.extend({ status: z.enum(CORRECTION_STATUSES).default('open') });
export type ListCorrectionsQuery = z.infer<typeof ListCorrectionsQuery>;
export const CorrectionPage = pageOf(CorrectionView);
export const CorrectionIdParams = z.object({ id: queryId('更正申请') });
export const RejectCorrectionInput = z.object({ reason: text('不予更正的原因', { max: 200 }) });
