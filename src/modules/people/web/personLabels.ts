/**
 * How a person's fields read on screen: the Chinese label of each field and of each coded value
 * (from the contract's *_LABELS). Pages pass these through t() for English.
 */
import {
  EDUCATION_LABELS,
  EMPLOYMENT_FORM_LABELS,
  HUKOU_LABELS,
  MEMBERSHIP_STATE_LABELS,
  POLITICAL_LABELS,
  SEX_LABELS,
  WORK_STATUS_LABELS,
  type MembershipState,
  type PersonView,
} from '../people.contract.ts';
import type { MergeableField } from './people.api.ts';

export const FIELD_LABELS = {
  name: '姓名',
  idNumber: '证件号码',
  phone: '手机号',
  ethnicity: '民族',
  address: '住址',
  hukouType: '户口类型',
  politicalStatus: '政治面貌',
  education: '文化程度',
  employerName: '工作单位',
  employerCreditCode: '单位统一社会信用代码',
  orgId: '所属工会',
  occupation: '职业',
  employmentForm: '用工形式',
  workStatus: '工作状态',
  tags: '标签',
  notes: '备注',
} as const;

export const MEMBERSHIP_COLORS: Record<MembershipState, string> = { member: 'green', transferring: 'orange', withdrawn: 'default', expelled: 'red' };

export const sexLabel = (s: keyof typeof SEX_LABELS) => SEX_LABELS[s];
export const membershipLabel = (s: MembershipState) => MEMBERSHIP_STATE_LABELS[s];

/** The Chinese text of one mergeable field of a person, null when blank. */
export function fieldText(p: PersonView, field: MergeableField): string | null {
  switch (field) {
    case 'phone':
      return p.phoneMasked;
    case 'hukouType':
      return p.hukouType ? HUKOU_LABELS[p.hukouType] : null;
    case 'politicalStatus':
      return p.politicalStatus ? POLITICAL_LABELS[p.politicalStatus] : null;
    case 'education':
      return p.education ? EDUCATION_LABELS[p.education] : null;
    case 'employmentForm':
      return p.employmentForm ? EMPLOYMENT_FORM_LABELS[p.employmentForm] : null;
    case 'workStatus':
      return p.workStatus ? WORK_STATUS_LABELS[p.workStatus] : null;
    case 'occupation':
      return p.occupationLabel ?? p.occupation;
    default:
      return p[field];
  }
}
