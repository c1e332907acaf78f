/**
 * The plan editor, for a new plan (a draft) and for a draft's changes: the term, the contribution,
 * who may enrol (the shared 对象条件 builder), the waiting period, exclusions, the documents a claim
 * needs, and the payout formula as data — its parts (per hospital day, a share above a deductible,
 * a sum per disability grade, a sum on diagnosis) and its caps — with a payout preview that runs
 * the formula being edited on an example and explains the figure in words. Money is typed in 元
 * and sent in fen; the contract checks the form before it is sent and the server's answers land
 * on the same fields.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useFormErrors } from '../../../web/components/forms.ts';
import { yuan } from '../../../shared/numbers.ts';
import { RuleBuilder, cleanRule, ruleToForm, EMPTY_RULE, type RuleForm } from '../../people/web/RuleBuilder.tsx';
import { useMe } from '../../auth/web/auth.api.ts';
import {
  DISABILITY_GRADES,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  PLAN_KINDS,
  PLAN_KIND_LABELS,
  PayoutFormula,
  PlanInput,
  type DocumentKind,
  type PayoutPart,
  type PayoutView,
  type PlanKind,
  type PlanView,
} from '../mutualaid.contract.ts';
import { useCreatePlan, usePreview, useUpdatePlan } from './mutualaid.api.ts';
import { useI18n } from './i18n.ts';
import { payoutText } from './payout-en.ts';

type PartType = PayoutPart['type'];
const PART_TYPES: PartType[] = ['per_day', 'share', 'grade', 'fixed'];
const PART_LABELS: Record<PartType, string> = {
  per_day: '住院津贴（按住院天数）',
  share: '医疗费补助（起付线以上按比例）',
  grade: '伤残给付（按伤残等级）',
  fixed: '确诊给付（确诊即给付）',
};

interface PartForm {
  type?: PartType;
  perDayYuan?: number | null;
  fromDay?: number | null;
  maxDays?: number | null;
  deductibleYuan?: number | null;
  ratioPercent?: number | null;
  table?: { grade?: number | null; amountYuan?: number | null }[];
  amountYuan?: number | null;
}

interface FormValues {
  name?: string;
  kind?: PlanKind;
  orgId?: number;
  term?: [Dayjs | null, Dayjs | null] | null;
  contributionYuan?: number | null;
  waitingDays?: number | null;
  claimDeadlineDays?: number | null;
  selfEnrol?: boolean;
  requiredDocuments?: DocumentKind[];
  exclusions?: string;
  audience?: RuleForm;
  parts?: PartForm[];
  perClaimCapYuan?: number | null;
  yearlyCapYuan?: number | null;
  lifetimeCapYuan?: number | null;
}

const fen = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100));
const toYuan = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 100);

/** A new part of each kind starts with figures a union would recognise, to be changed. */
const NEW_PART: Record<PartType, PartForm> = {
  per_day: { type: 'per_day', perDayYuan: 50, fromDay: 1, maxDays: 180 },
  share: { type: 'share', deductibleYuan: 1000, ratioPercent: 50 },
  grade: { type: 'grade', table: [{ grade: 1, amountYuan: 50000 }] },
  fixed: { type: 'fixed', amountYuan: 10000 },
};

function partOf(p: PartForm): unknown {
  switch (p.type) {
    case 'per_day':
      return { type: 'per_day', perDayFen: fen(p.perDayYuan), fromDay: p.fromDay, maxDays: p.maxDays ?? null };
    case 'share':
      return {
        type: 'share',
        deductibleFen: fen(p.deductibleYuan),
        ratio: p.ratioPercent === null || p.ratioPercent === undefined ? undefined : p.ratioPercent / 100,
      };
    case 'grade':
      return { type: 'grade', table: (p.table ?? []).map((r) => ({ grade: r.grade, amountFen: fen(r.amountYuan) })) };
    case 'fixed':
      return { type: 'fixed', amountFen: fen(p.amountYuan) };
    default:
      return { type: p.type };
  }
}

function formulaOf(v: FormValues) {
  return {
    parts: (v.parts ?? []).map(partOf),
    perClaimCapFen: fen(v.perClaimCapYuan),
    yearlyCapFen: fen(v.yearlyCapYuan),
    lifetimeCapFen: fen(v.lifetimeCapYuan),
  };
}

function bodyOf(v: FormValues) {
  return {
    name: v.name ?? '',
    kind: v.kind,
    orgId: v.orgId,
    termStart: v.term?.[0]?.format('YYYY-MM-DD'),
    termEnd: v.term?.[1]?.format('YYYY-MM-DD'),
    contributionFen: fen(v.contributionYuan),
    audience: cleanRule(v.audience),
    waitingDays: v.waitingDays,
    exclusions: v.exclusions?.trim() ? v.exclusions : null,
    formula: formulaOf(v),
    requiredDocuments: v.requiredDocuments ?? [],
    selfEnrol: v.selfEnrol ?? false,
    claimDeadlineDays: v.claimDeadlineDays,
  };
}

function valuesOf(p: PlanView | null, orgId?: number): FormValues {
  if (!p) {
    const year = dayjs().year();
    return {
      kind: 'hospital',
      orgId,
      term: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)],
      contributionYuan: 30,
      waitingDays: 30,
      claimDeadlineDays: 730,
      selfEnrol: false,
      requiredDocuments: ['id_card', 'invoice', 'discharge', 'bank_card'],
      audience: EMPTY_RULE,
      parts: [NEW_PART.per_day],
      yearlyCapYuan: 10000,
    };
  }
  return {
    name: p.name,
    kind: p.kind,
    orgId: p.org.id,
    term: [dayjs(p.termStart), dayjs(p.termEnd)],
    contributionYuan: toYuan(p.contributionFen),
    waitingDays: p.waitingDays,
    claimDeadlineDays: p.claimDeadlineDays,
    selfEnrol: p.selfEnrol,
    requiredDocuments: p.requiredDocuments,
    exclusions: p.exclusions ?? '',
    audience: ruleToForm(p.audience),
    parts: p.formula.parts.map((x): PartForm => {
      switch (x.type) {
        case 'per_day':
          return { type: 'per_day', perDayYuan: toYuan(x.perDayFen), fromDay: x.fromDay, maxDays: x.maxDays };
        case 'share':
          return { type: 'share', deductibleYuan: toYuan(x.deductibleFen), ratioPercent: Math.round(x.ratio * 10000) / 100 };
        case 'grade':
          return { type: 'grade', table: x.table.map((r) => ({ grade: r.grade, amountYuan: toYuan(r.amountFen) })) };
        case 'fixed':
          return { type: 'fixed', amountYuan: toYuan(x.amountFen) };
      }
    }),
    perClaimCapYuan: toYuan(p.formula.perClaimCapFen),
    yearlyCapYuan: toYuan(p.formula.yearlyCapFen),
    lifetimeCapYuan: toYuan(p.formula.lifetimeCapFen),
  };
}

/** API field paths → the form's: money in 元, the ratio in percent, the formula's parts and caps at the top. */
function rename(f: string) {
  if (f === 'termStart' || f === 'termEnd') return 'term';
  return f
    .replace(/^formula\./, '')
    .replace(/Fen$/, 'Yuan')
    .replace(/\.ratio$/, '.ratioPercent');
}

function PartFields({ index }: { index: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const type = Form.useWatch(['parts', index, 'type']) as PartType | undefined;
  const yuanInput = (label: string) => <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('元')} aria-label={label} />;
  if (type === 'per_day')
    return (
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={[index, 'perDayYuan']} label={t('每日给付')} rules={[{ required: true, message: t('请填写每日给付') }]}>
            {yuanInput(t('每日给付'))}
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[index, 'fromDay']} label={t('起始住院天数')} tooltip={t('住院第几天起给付，如 “第 4 天起” 即免赔 3 天')}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} aria-label={t('起始住院天数')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[index, 'maxDays']} label={t('最多给付天数')} tooltip={t('不填为不限')}>
            <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} aria-label={t('最多给付天数')} />
          </Form.Item>
        </Col>
      </Row>
    );
  if (type === 'share')
    return (
      <Row gutter={12}>
        <Col xs={12} md={8}>
          <Form.Item name={[index, 'deductibleYuan']} label={t('起付线')} rules={[{ required: true, message: t('请填写起付线') }]}>
            {yuanInput(t('起付线'))}
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[index, 'ratioPercent']} label={t('给付比例')} rules={[{ required: true, message: t('请填写给付比例') }]}>
            <InputNumber min={1} max={100} precision={2} style={{ width: '100%' }} suffix="%" aria-label={t('给付比例')} />
          </Form.Item>
        </Col>
      </Row>
    );
  if (type === 'grade')
    return (
      <Form.List name={[index, 'table']}>
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Space key={row.key} align="baseline" wrap>
                <Form.Item name={[row.name, 'grade']} label={t('伤残等级')} rules={[{ required: true, message: t('请选择伤残等级') }]}>
                  <Select
                    style={{ width: 120 }}
                    options={DISABILITY_GRADES.map((g) => ({ value: g, label: t('{n} 级', { n: g }) }))}
                    aria-label={t('伤残等级')}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'amountYuan']} label={t('给付金额')} rules={[{ required: true, message: t('请填写给付金额') }]}>
                  <InputNumber min={0} precision={2} style={{ width: 180 }} suffix={t('元')} aria-label={t('给付金额')} />
                </Form.Item>
                <Button type="link" danger onClick={() => remove(row.name)} disabled={rows.length <= 1}>
                  {t('删除')}
                </Button>
              </Space>
            ))}
            <Button size="small" onClick={() => add({ grade: Math.min(10, rows.length + 1), amountYuan: null })} disabled={rows.length >= 10}>
              {t('添加伤残等级')}
            </Button>
          </>
        )}
      </Form.List>
    );
  if (type === 'fixed')
    return (
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name={[index, 'amountYuan']} label={t('确诊给付')} rules={[{ required: true, message: t('请填写确诊给付') }]}>
            {yuanInput(t('确诊给付'))}
          </Form.Item>
        </Col>
      </Row>
    );
  return null;
}

/** 给付试算 inside the editor: the formula as it stands in the form, on an example claim. */
function EditorPreview({ form }: { form: ReturnType<typeof Form.useForm<FormValues>>[0] }) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const preview = usePreview();
  const { check, showServerError } = useFormErrors();
  const [facts, setFacts] = useState<{ days?: number | null; outOfPocket?: number | null; grade?: number | null; diagnosed: boolean; used?: number | null }>({
    days: 10,
    outOfPocket: 5000,
    diagnosed: false,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const run = () => {
    setProblem(null);
    const formula = check(PayoutFormula, formulaOf(form.getFieldsValue(true) as FormValues), form, { rename, onMessage: setProblem });
    if (!formula) return;
    preview.mutate(
      {
        formula,
        facts: { hospitalDays: facts.days ?? null, outOfPocketFen: fen(facts.outOfPocket), disabilityGrade: facts.grade ?? null, diagnosed: facts.diagnosed },
        usedThisYearFen: fen(facts.used) ?? 0,
        usedLifetimeFen: fen(facts.used) ?? 0,
      },
      { onError: (e) => showServerError(e, form, { rename, onMessage: setProblem }) },
    );
  };
  const result: PayoutView | undefined = preview.data;
  return (
    <Card size="small" title={t('给付试算')} data-testid="ma-editor-preview">
      <Space wrap align="end">
        <label>
          <div>{t('住院天数')}</div>
          <InputNumber min={0} max={3650} precision={0} value={facts.days} onChange={(v) => setFacts({ ...facts, days: v })} aria-label={t('试算住院天数')} />
        </label>
        <label>
          <div>{t('自付医疗费用（元）')}</div>
          <InputNumber
            min={0}
            precision={2}
            value={facts.outOfPocket}
            onChange={(v) => setFacts({ ...facts, outOfPocket: v })}
            aria-label={t('试算自付医疗费用')}
          />
        </label>
        <label>
          <div>{t('伤残等级')}</div>
          <Select
            allowClear
            style={{ width: 110 }}
            value={facts.grade ?? undefined}
            onChange={(v) => setFacts({ ...facts, grade: v ?? null })}
            options={DISABILITY_GRADES.map((g) => ({ value: g, label: t('{n} 级', { n: g }) }))}
            aria-label={t('试算伤残等级')}
          />
        </label>
        <label>
          <div>{t('本保障期已给付（元）')}</div>
          <InputNumber min={0} precision={2} value={facts.used} onChange={(v) => setFacts({ ...facts, used: v })} aria-label={t('试算已给付')} />
        </label>
        <Checkbox checked={facts.diagnosed} onChange={(e) => setFacts({ ...facts, diagnosed: e.target.checked })}>
          {t('已确诊')}
        </Checkbox>
        <Button onClick={run} loading={preview.isPending} data-testid="ma-editor-preview-run">
          {t('试算')}
        </Button>
      </Space>
      {problem && <Alert type="error" showIcon style={{ marginTop: 12 }} title={tx(problem)} />}
      {result && !problem && (
        <div style={{ marginTop: 12 }} data-testid="ma-editor-preview-result">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('可给付 ¥{a}', { a: yuan(result.payableFen) })}
          </Typography.Title>
          {result.lines.map((l) => (
            <div key={l}>{payoutText(i18n, l)}</div>
          ))}
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {payoutText(i18n, result.explanation)}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}

export function PlanFormModal({ open, plan, onClose, onSaved }: { open: boolean; plan: PlanView | null; onClose: () => void; onSaved: (p: PlanView) => void }) {
  const { t, tx } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const { check, showServerError } = useFormErrors();
  const create = useCreatePlan();
  const update = useUpdatePlan(plan?.id ?? 0);
  const ownOrg = useMe().data?.org.id;
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(valuesOf(plan, ownOrg));
    setProblem(null);
    // Only on opening: the account's union arriving later must not wipe what was typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, plan, form]);
  useEffect(() => {
    if (open && !plan && ownOrg && form.getFieldValue('orgId') === undefined) form.setFieldValue('orgId', ownOrg);
  }, [open, plan, ownOrg, form]);

  const submit = async () => {
    setProblem(null);
    const v = form.getFieldsValue(true) as FormValues;
    const body = check(PlanInput, bodyOf(v), form, { rename, onMessage: setProblem });
    if (!body) return;
    try {
      const saved = plan ? await update.mutateAsync(bodyOf(v)) : await create.mutateAsync(bodyOf(v));
      onSaved(saved);
    } catch (err) {
      showServerError(err, form, { rename, onMessage: setProblem });
    }
  };

  return (
    <Modal
      open={open}
      width={960}
      title={plan ? t('修改保障计划') : t('新建保障计划')}
      okText={plan ? t('保存') : t('保存为草稿')}
      onOk={() => void submit()}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'ma-plan-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" data-testid="ma-plan-form">
        {problem && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={tx(problem)} data-testid="ma-plan-problem" />}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('计划名称')} rules={[{ required: true, message: t('请填写计划名称') }]}>
              <Input maxLength={60} placeholder={t('如：2027 年度在职职工住院互助保障')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('保障类型')} rules={[{ required: true, message: t('请选择保障类型') }]}>
              <Select options={PLAN_KINDS.map((k) => ({ value: k, label: t(PLAN_KIND_LABELS[k]) }))} data-testid="ma-plan-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="orgId" label={t('主办工会')} rules={[{ required: true, message: t('请选择主办工会') }]}>
              <OrgTreeSelect style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="term" label={t('保障期')} rules={[{ required: true, message: t('请选择保障期') }]} tooltip={t('最长一年')}>
              <DatePicker.RangePicker style={{ width: '100%' }} aria-label={t('保障期')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="contributionYuan" label={t('每人缴费')} rules={[{ required: true, message: t('请填写每人缴费') }]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('元')} aria-label={t('每人缴费')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="waitingDays" label={t('等待期')} tooltip={t('参保后满这些天起保障生效；0 为即时生效')}>
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} suffix={t('天')} aria-label={t('等待期')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="claimDeadlineDays" label={t('申请时限')} tooltip={t('出院（或出险）后多少天内可申请')}>
              <InputNumber min={1} max={1095} precision={0} style={{ width: '100%' }} suffix={t('天')} aria-label={t('申请时限')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="selfEnrol" label={t('职工自行参保')} valuePropName="checked">
              <Switch checkedChildren={t('允许')} unCheckedChildren={t('不允许')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="requiredDocuments" label={t('申请材料')} tooltip={t('受理时逐项核对，缺一项不予受理')}>
              <Checkbox.Group options={DOCUMENT_KINDS.map((d) => ({ value: d, label: t(DOCUMENT_KIND_LABELS[d]) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="exclusions" label={t('责任免除')}>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('如：既往病史、美容整形、酒后驾驶等')} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('参保对象')}</Divider>
        <RuleBuilder name={['audience']} />

        <Divider titlePlacement="start">{t('给付公式')}</Divider>
        <Typography.Paragraph type="secondary">{t('一次申请的互助金为各项给付之和，再按单次、年度和终身限额封顶。')}</Typography.Paragraph>
        <Form.List name="parts">
          {(parts, { add, remove }) => (
            <>
              {parts.map((part, i) => (
                <Card
                  key={part.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  data-testid={`ma-part-${i}`}
                  title={
                    <Form.Item name={[part.name, 'type']} noStyle>
                      <Select
                        style={{ width: 300 }}
                        aria-label={t('给付方式')}
                        options={PART_TYPES.map((p) => ({ value: p, label: t(PART_LABELS[p]) }))}
                        onChange={(v: PartType) => form.setFieldValue(['parts', part.name], NEW_PART[v])}
                      />
                    </Form.Item>
                  }
                  extra={
                    <Button type="link" danger onClick={() => remove(part.name)} disabled={parts.length <= 1}>
                      {t('删除此项')}
                    </Button>
                  }
                >
                  <PartFields index={part.name} />
                </Card>
              ))}
              <Button onClick={() => add(NEW_PART.share)} disabled={parts.length >= 4} data-testid="ma-part-add">
                {t('添加给付方式')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={16} style={{ marginTop: 16 }}>
          {(
            [
              ['perClaimCapYuan', '单次限额'],
              ['yearlyCapYuan', '年度限额'],
              ['lifetimeCapYuan', '终身限额'],
            ] as const
          ).map(([name, label]) => (
            <Col xs={24} md={8} key={name}>
              <Form.Item name={name} label={t(label)} tooltip={t('不填为不限')}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix={t('元')} aria-label={t(label)} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <EditorPreview form={form} />
      </Form>
    </Modal>
  );
}
