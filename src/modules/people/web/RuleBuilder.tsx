/**
 * Who is eligible (对象条件), built from fields of 职工档案: occupations, employment forms, tags
 * (any of), org subtrees, membership, sex and age. Every field set must hold; a list means "any
 * of". One builder for every module that targets people by the shared rule: a care campaign's
 * rule and, collapsed, each tier's; an event's audience.
 */
import { Button, Col, Flex, Form, InputNumber, Radio, Row, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MEMBERSHIP_FILTERS, MEMBERSHIP_FILTER_LABELS, type EligibilityRule } from '../eligibility.contract.ts';
import { COMMON_TAGS, EMPLOYMENT_FORMS, EMPLOYMENT_FORM_LABELS } from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useOccupations } from './people.api.ts';

/** The rule as the form holds it: sex '' = 不限 (a radio needs a value), org rows -1 while unpicked. */
export type RuleForm = Omit<EligibilityRule, 'ageMin' | 'ageMax' | 'sex'> & {
  sex?: 'male' | 'female' | '' | null;
  ageMin?: number | null;
  ageMax?: number | null;
};
export const EMPTY_RULE: RuleForm = { occupations: [], employmentForms: [], tagsAny: [], orgIds: [], membership: 'any', sex: '', ageMin: null, ageMax: null };

export function ruleToForm(r: Partial<EligibilityRule> | null | undefined): RuleForm {
  return { ...EMPTY_RULE, ...(r ?? {}), sex: r?.sex ?? '' };
}

/** Several org subtrees, each picked from the tree; a row per org keeps each name readable. */
function OrgList({ value = [], onChange, id }: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={8} id={id}>
      {value.map((orgId, i) => (
        <Flex key={`${orgId}-${i}`} gap={8}>
          <OrgTreeSelect
            value={orgId > 0 ? orgId : undefined}
            onChange={(v) => onChange?.(value.map((x, j) => (j === i ? (v ?? -1) : x)))}
            placeholder={t('选择单位（含下级）')}
            style={{ flex: 1 }}
          />
          <Button icon={<DeleteOutlined />} aria-label={t('移除')} onClick={() => onChange?.(value.filter((_, j) => j !== i))} />
        </Flex>
      ))}
      <Button type="dashed" icon={<PlusOutlined />} onClick={() => onChange?.([...value, -1])} style={{ alignSelf: 'flex-start' }}>
        {t('添加单位')}
      </Button>
    </Flex>
  );
}

/** Drops the empty rows OrgList adds while the user picks. */
export function cleanRule(r: Partial<RuleForm> | undefined): EligibilityRule {
  const v = { ...EMPTY_RULE, ...(r ?? {}) };
  return {
    occupations: v.occupations ?? [],
    employmentForms: v.employmentForms ?? [],
    tagsAny: (v.tagsAny ?? []).map((s) => s.trim()).filter(Boolean),
    orgIds: (v.orgIds ?? []).filter((x) => x > 0),
    membership: v.membership ?? 'any',
    sex: v.sex === 'male' || v.sex === 'female' ? v.sex : null,
    ageMin: v.ageMin ?? null,
    ageMax: v.ageMax ?? null,
  };
}

export function RuleBuilder({ name, compact = false }: { name: (string | number)[]; compact?: boolean }) {
  const { t, tx } = useI18n();
  const occupations = useOccupations();
  const span = compact ? 8 : 12;
  return (
    <Row gutter={16}>
      <Col xs={24} md={span}>
        <Form.Item name={[...name, 'occupations']} label={t('职业')} tooltip={t('任一职业即可；不选为不限')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('不限')}
            loading={occupations.isPending}
            options={(occupations.data ?? []).map((o) => ({ value: o.code, label: tx(o.label) }))}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid={`rule-occupations-${name.join('-')}`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={span}>
        <Form.Item name={[...name, 'employmentForms']} label={t('用工形式')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('不限')}
            options={EMPLOYMENT_FORMS.map((f) => ({ value: f, label: t(EMPLOYMENT_FORM_LABELS[f]) }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={span}>
        <Form.Item name={[...name, 'tagsAny']} label={t('标签（任一）')} tooltip={t('有其中任一标签即可；可输入其他标签后回车')}>
          <Select mode="tags" allowClear placeholder={t('不限')} options={COMMON_TAGS.map((g) => ({ value: g, label: t(g) }))} maxCount={20} />
        </Form.Item>
      </Col>
      <Col xs={24} md={span}>
        <Form.Item label={t('性别')} name={[...name, 'sex']}>
          <Radio.Group
            optionType="button"
            options={[
              { value: '', label: t('不限') },
              { value: 'male', label: t('男') },
              { value: 'female', label: t('女') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={span}>
        <Form.Item name={[...name, 'orgIds']} label={t('单位范围')} tooltip={t('只选这些单位及其下级的职工；不选为主办单位下全部')}>
          <OrgList />
        </Form.Item>
      </Col>
      <Col xs={24} md={span}>
        <Form.Item name={[...name, 'membership']} label={t('会籍')}>
          <Radio.Group optionType="button" options={MEMBERSHIP_FILTERS.map((m) => ({ value: m, label: t(MEMBERSHIP_FILTER_LABELS[m]) }))} />
        </Form.Item>
        <Form.Item label={t('年龄')} style={{ marginBottom: 0 }}>
          <Space.Compact>
            <Form.Item name={[...name, 'ageMin']} noStyle>
              <InputNumber min={0} max={120} precision={0} placeholder={t('从')} style={{ width: 90 }} aria-label={t('最小年龄')} />
            </Form.Item>
            <Space.Addon>–</Space.Addon>
            <Form.Item name={[...name, 'ageMax']} noStyle>
              <InputNumber min={0} max={120} precision={0} placeholder={t('到')} style={{ width: 90 }} aria-label={t('最大年龄')} />
            </Form.Item>
            <Space.Addon>{t('岁')}</Space.Addon>
          </Space.Compact>
        </Form.Item>
      </Col>
    </Row>
  );
}
