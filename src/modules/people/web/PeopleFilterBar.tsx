/** The search box and filters above the 职工档案 table. Text boxes apply on Enter or when left. */
import { useEffect, useState } from 'react';
import { Button, Flex, Input, InputNumber, Select, Space } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import {
  COMMON_TAGS,
  EMPLOYMENT_FORMS,
  EMPLOYMENT_FORM_LABELS,
  MEMBERSHIP_STATES,
  SEXES,
  SEX_LABELS,
  WORK_STATUSES,
  WORK_STATUS_LABELS,
} from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useOccupations, type PeopleFilters } from './people.api.ts';
import { membershipLabel } from './personLabels.ts';

interface Props {
  filters: PeopleFilters;
  onChange: (patch: PeopleFilters) => void;
  onReset: () => void;
}

/** A text filter typed freely and applied on Enter, on leaving the box, or when cleared. */
function TextFilter({
  value,
  onApply,
  placeholder,
  width,
  search,
  testId,
}: {
  value?: string;
  onApply: (v: string | undefined) => void;
  placeholder: string;
  width: number;
  search?: boolean;
  testId?: string;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = (v: string) => {
    const next = v.trim() || undefined;
    if (next !== value) onApply(next);
  };
  const common = {
    value: text,
    allowClear: true,
    placeholder,
    style: { width },
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setText(e.target.value);
      if (!e.target.value) apply('');
    },
    onBlur: () => apply(text),
    'data-testid': testId,
  };
  return search ? <Input.Search {...common} enterButton onSearch={apply} /> : <Input {...common} onPressEnter={() => apply(text)} />;
}

function AgeRange({ from, to, onApply }: { from?: number; to?: number; onApply: (from?: number, to?: number) => void }) {
  const { t } = useI18n();
  const [a, setA] = useState<number | null>(from ?? null);
  const [b, setB] = useState<number | null>(to ?? null);
  useEffect(() => {
    setA(from ?? null);
    setB(to ?? null);
  }, [from, to]);
  const apply = () => {
    const x = a ?? undefined;
    const y = b ?? undefined;
    if (x !== from || y !== to) onApply(x !== undefined && y !== undefined && x > y ? y : x, x !== undefined && y !== undefined && x > y ? x : y);
  };
  return (
    <Space.Compact style={{ width: 236 }}>
      <Space.Addon>{t('年龄')}</Space.Addon>
      <InputNumber
        min={0}
        max={120}
        precision={0}
        value={a}
        onChange={setA}
        onBlur={apply}
        onPressEnter={apply}
        placeholder={t('从')}
        style={{ width: 72 }}
        aria-label={t('年龄从')}
      />
      <Space.Addon>–</Space.Addon>
      <InputNumber
        min={0}
        max={120}
        precision={0}
        value={b}
        onChange={setB}
        onBlur={apply}
        onPressEnter={apply}
        placeholder={t('到')}
        style={{ width: 72 }}
        aria-label={t('年龄到')}
      />
      <Space.Addon>{t('岁')}</Space.Addon>
    </Space.Compact>
  );
}

export function PeopleFilterBar({ filters: f, onChange, onReset }: Props) {
  const { t, tx } = useI18n();
  const occupations = useOccupations();
  const tags = [...new Set([...COMMON_TAGS, ...(f.tag ? [f.tag] : [])])];

  return (
    <Flex vertical gap={12} style={{ marginBottom: 16 }} data-testid="people-filters">
      <Flex gap={12} wrap align="center">
        <TextFilter
          search
          value={f.q}
          onApply={(q) => onChange({ q })}
          placeholder={t('姓名、拼音、首字母、证件号末四位、完整证件号或手机号')}
          width={500}
          testId="people-search"
        />
        <OrgTreeSelect allowClear placeholder={t('所属工会')} value={f.orgId} onChange={(orgId) => onChange({ orgId })} style={{ width: 240 }} />
        <Select
          allowClear
          placeholder={t('会籍')}
          value={f.membership}
          onChange={(membership) => onChange({ membership })}
          options={[...MEMBERSHIP_STATES.map((s) => ({ value: s, label: t(membershipLabel(s)) })), { value: 'none' as const, label: t('非会员') }]}
          style={{ width: 120 }}
          aria-label={t('会籍')}
        />
        <Select
          allowClear
          placeholder={t('用工形式')}
          value={f.employmentForm}
          onChange={(employmentForm) => onChange({ employmentForm })}
          options={EMPLOYMENT_FORMS.map((s) => ({ value: s, label: t(EMPLOYMENT_FORM_LABELS[s]) }))}
          style={{ width: 150 }}
          aria-label={t('用工形式')}
        />
      </Flex>
      <Flex gap={12} wrap align="center">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('职业')}
          value={f.occupation}
          onChange={(occupation) => onChange({ occupation })}
          options={(occupations.data ?? []).map((o) => ({ value: o.code, label: tx(o.label) }))}
          style={{ width: 160 }}
          aria-label={t('职业')}
        />
        <Select
          allowClear
          placeholder={t('工作状态')}
          value={f.workStatus}
          onChange={(workStatus) => onChange({ workStatus })}
          options={WORK_STATUSES.map((s) => ({ value: s, label: t(WORK_STATUS_LABELS[s]) }))}
          style={{ width: 120 }}
          aria-label={t('工作状态')}
        />
        <Select
          allowClear
          placeholder={t('性别')}
          value={f.sex}
          onChange={(sex) => onChange({ sex })}
          options={SEXES.map((s) => ({ value: s, label: t(SEX_LABELS[s]) }))}
          style={{ width: 90 }}
          aria-label={t('性别')}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('标签')}
          value={f.tag}
          onChange={(tag) => onChange({ tag })}
          options={tags.map((g) => ({ value: g, label: t(g) }))}
          style={{ width: 130 }}
          aria-label={t('标签')}
        />
        <TextFilter value={f.employer} onApply={(employer) => onChange({ employer })} placeholder={t('工作单位')} width={200} />
        <AgeRange from={f.ageFrom} to={f.ageTo} onApply={(ageFrom, ageTo) => onChange({ ageFrom, ageTo })} />
        <Button icon={<ReloadOutlined />} onClick={onReset}>
          {t('重置')}
        </Button>
      </Flex>
    </Flex>
  );
}
