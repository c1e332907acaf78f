/** 基本信息 tab: every field of the record, with the contract's Chinese labels. */
import type { ReactNode } from 'react';
import { Descriptions, Space, Tag, Typography } from 'antd';
import {
  EDUCATION_LABELS,
  EMPLOYMENT_FORM_LABELS,
  HUKOU_LABELS,
  ID_TYPE_LABELS,
  POLITICAL_LABELS,
  SEX_LABELS,
  WORK_STATUS_LABELS,
  type PersonView,
} from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { FIELD_LABELS } from './personLabels.ts';

interface Props {
  person: PersonView;
  /** The masked ID number and phone, or their revealed values, as the header shows them. */
  idNumber: ReactNode;
  phone: ReactNode;
}

export function PersonInfo({ person: p, idNumber, phone }: Props) {
  const { t, tx, date, dateTime } = useI18n();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const text = (v: string | null) => (v ? tx(v) : dash);
  const coded = <K extends string>(v: K | null, labels: Record<K, string>) => (v ? t(labels[v]) : dash);

  return (
    <Descriptions
      bordered
      size="middle"
      column={{ xs: 1, md: 2, xl: 3 }}
      styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
      data-testid="person-descriptions"
    >
      <Descriptions.Item label={t(FIELD_LABELS.name)}>{tx(p.name)}</Descriptions.Item>
      <Descriptions.Item label={t('性别')}>{t(SEX_LABELS[p.sex])}</Descriptions.Item>
      <Descriptions.Item label={t('出生日期')}>
        <span style={{ whiteSpace: 'nowrap' }}>
          {date(p.birthDate)}
          <Typography.Text type="secondary"> （{t('{n} 岁', { n: p.age })}）</Typography.Text>
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('证件类型')}>{t(ID_TYPE_LABELS[p.idType])}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.idNumber)}>{idNumber}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.phone)}>{phone}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.ethnicity)}>{text(p.ethnicity)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.hukouType)}>{coded(p.hukouType, HUKOU_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.politicalStatus)}>{coded(p.politicalStatus, POLITICAL_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.education)}>{coded(p.education, EDUCATION_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.address)} span={2}>
        {text(p.address)}
      </Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.orgId)}>{tx(p.orgName)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.employerName)}>{text(p.employerName)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.employerCreditCode)}>
        {p.employerCreditCode ? <span style={{ fontFamily: 'monospace' }}>{p.employerCreditCode}</span> : dash}
      </Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.occupation)}>{text(p.occupationLabel ?? p.occupation)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.employmentForm)}>{coded(p.employmentForm, EMPLOYMENT_FORM_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.workStatus)}>{coded(p.workStatus, WORK_STATUS_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.tags)} span={3}>
        {p.tags.length ? (
          <Space size={[0, 4]} wrap>
            {p.tags.map((g) => (
              <Tag key={g} color="geekblue">
                {tx(g)}
              </Tag>
            ))}
          </Space>
        ) : (
          dash
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t(FIELD_LABELS.notes)} span={3}>
        {p.notes ? <span style={{ whiteSpace: 'pre-wrap' }}>{tx(p.notes)}</span> : dash}
      </Descriptions.Item>
      <Descriptions.Item label={t('建档时间')}>{dateTime(p.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('最后修改')}>{dateTime(p.updatedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('档案版本')}>{p.version}</Descriptions.Item>
    </Descriptions>
  );
}
