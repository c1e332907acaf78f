/**
 * 新建/编辑慰问活动 in six steps: 基本信息 → 资金来源 → 慰问对象 → 慰问档次 → 名额分配 → 审核提交.
 * Leaving 慰问档次 saves the draft (POST, then PUT with its version); 名额分配 works on the saved
 * draft; 审核提交 shows the list by tier against the budget. Approval is someone else's job.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Steps,
  Table,
  Typography,
} from 'antd';
import { CAMPAIGN_KINDS, CampaignInput, OVERLAP_POLICIES, OVERLAP_POLICY_LABELS, FUND_SOURCE_LABELS } from '../campaigns.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useZodRule } from '../../../web/components/forms.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { useCampaign, useCreateCampaign, useEligibility, useRuleNames, useUpdateCampaign, type CampaignView } from './campaigns.api.ts';
import { RuleBuilder } from '../../people/web/RuleBuilder.tsx';
import { FundsEditor, LivePreview, PackagesEditor } from './WizardParts.tsx';
import { AllocationEditor } from './AllocationEditor.tsx';
import { kindLabel, MODE_LABELS, packageKindLabel, ruleText } from './labels.ts';
import { count, money, moneyTotal, toFen } from '../../../web/components/money.ts';
import { formPath, fromView, initialValues, stepOf, toInput, type WizardValues } from './wizardForm.ts';

const STEPS = ['基本信息', '资金来源', '慰问对象', '慰问档次', '名额分配', '审核提交'] as const;

export function CampaignWizardPage() {
  const { t } = useI18n();
  const editing = useParams().id !== undefined;
  const id = useRouteId();
  const campaign = useCampaign(id);
  if (!editing) return <Wizard key="new" />;
  return (
    <DetailLoader id={id} query={campaign} notFound={{ title: t('没有找到该慰问活动'), back: { to: '/campaigns', label: t('返回慰问活动') } }}>
      {(c) =>
        c.status !== 'draft' || !c.can.edit ? (
          <Result
            status="warning"
            title={t('只有草稿可以修改')}
            subTitle={t('活动已审批或您没有修改权限；如需修改，请先在活动详情中退回草稿。')}
            extra={<Link to={`/campaigns/${c.id}`}>{t('查看活动')}</Link>}
          />
        ) : (
          <Wizard key={c.id} saved={c} />
        )
      }
    </DetailLoader>
  );
}

function Wizard({ saved }: { saved?: CampaignView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const { me } = usePermissions();
  const [form] = Form.useForm<WizardValues>();
  const rule = useZodRule();
  const [step, setStep] = useState(() => Math.min(Math.max(Number(search.get('step') ?? 0) || 0, 0), saved ? 5 : 3));
  const [version, setVersion] = useState(saved?.version);
  const [error, setError] = useState<string | null>(null);
  const create = useCreateCampaign();
  const update = useUpdateCampaign();
  const live = useCampaign(saved?.id ?? null);
  const view = live.data ?? saved;
  const values = Form.useWatch([], { form, preserve: true }) as WizardValues | undefined;
  const budgetFen = (values?.funds ?? []).reduce((s, f) => s + (toFen(f?.amountYuan) ?? 0), 0);

  useEffect(() => {
    if (live.data) setVersion(live.data.version);
  }, [live.data]);

  /** Validates the whole draft with the contract; puts its messages on the fields and goes to the first. */
  const checkAll = (): CampaignInput | null => {
    const all = form.getFieldsValue(true) as WizardValues;
    const r = CampaignInput.safeParse(toInput(all));
    if (r.success) return r.data;
    const fields = r.error.issues.map((i) => ({ name: formPath(i.path), errors: [tx(i.message)] }));
    form.setFields(fields as never);
    const first = fields[0]!;
    setStep(stepOf(first.name));
    setError(tx(r.error.issues[0]!.message));
    return null;
  };

  const saveDraft = async (): Promise<boolean> => {
    const input = checkAll();
    if (!input) return false;
    try {
      if (!saved) {
        const c = await create.mutateAsync(input);
        message.success(t('草稿已保存'));
        void navigate(`/campaigns/${c.id}/edit?step=4`, { replace: true });
        return false;
      }
      const c = await update.mutateAsync({ id: saved.id, data: { ...input, version: version ?? saved.version } });
      setVersion(c.version);
      message.success(t('草稿已保存'));
      return true;
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.fields.length) {
          const fields = err.fields.map((f) => ({ name: formPath(f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))), errors: [tx(f.message)] }));
          form.setFields(fields as never);
          setStep(stepOf(fields[0]!.name));
        }
        setError(tx(err.message));
      } else setError(t('保存失败，请稍后重试'));
      return false;
    }
  };

  const next = async () => {
    setError(null);
    if (step <= 3) {
      try {
        await form.validateFields();
      } catch {
        return;
      }
    }
    if (step === 3) {
      if (await saveDraft()) setStep(4);
      return;
    }
    setStep(step + 1);
  };

  const busy = create.isPending || update.isPending;
  const title = saved ? t('编辑慰问活动') : t('新建慰问活动');

  return (
    <Page title={title} subTitle={saved ? tx(saved.name) : t('填写活动信息，保存为草稿后分配名额，再提交他人审批')}>
      <Card variant="borderless">
        <Steps
          current={step}
          onChange={(s) => s < step && setStep(s)}
          items={STEPS.map((s, i) => ({ title: t(s), disabled: i > step }))}
          style={{ marginBottom: 24 }}
          data-testid="wizard-steps"
        />
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} closable={{ onClose: () => setError(null) }} data-testid="wizard-error" />
        )}
        <Form<WizardValues>
          form={form}
          layout="vertical"
          name="campaign"
          initialValues={saved ? fromView(saved) : initialValues(me?.org.id)}
          scrollToFirstError
        >
          {step === 0 && (
            <Row gutter={24} style={{ maxWidth: 960 }}>
              <Col xs={24} md={12}>
                <Form.Item name="name" label={t('活动名称')} rules={[rule(CampaignInput.shape.name)]} required>
                  <Input maxLength={60} placeholder={t('如：2026年“两节”送温暖慰问活动')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="theme" label={t('活动主题')}>
                  <Input maxLength={60} placeholder={t('如：情暖职工 温暖同行')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="kind" label={t('活动类型')} rules={[{ required: true, message: t('请选择活动类型') }]}>
                  <Select options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="orgId" label={t('主办单位')} rules={[{ required: true, message: t('请选择主办单位') }]}>
                  <OrgTreeSelect disabled={Boolean(saved)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="period" label={t('活动期间')} rules={[{ required: true, message: t('请选择活动期间') }]}>
                  <DatePicker.RangePicker style={{ width: '100%' }} format="YYYY年M月D日" allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="mode" label={t('组织方式')} rules={[{ required: true }]}>
                  <Radio.Group optionType="button" options={(['cascade', 'single'] as const).map((m) => ({ value: m, label: t(MODE_LABELS[m]) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="maxPerPerson"
                  label={t('每人领取次数')}
                  tooltip={t('同一人在本活动中最多领取几次；通常为 1 次')}
                  rules={[{ required: true, message: t('请填写每人领取次数') }]}
                >
                  <InputNumber min={1} max={12} precision={0} suffix={t('次')} style={{ width: 160 }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="overlapPolicy" label={t('重复慰问检查')} tooltip={t('同期其他慰问活动已列入的职工如何处理')}>
                  <Radio.Group optionType="button" options={OVERLAP_POLICIES.map((p) => ({ value: p, label: t(OVERLAP_POLICY_LABELS[p]) }))} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="description" label={t('活动说明')}>
                  <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
                </Form.Item>
              </Col>
            </Row>
          )}
          {step === 1 && (
            <div style={{ maxWidth: 960 }}>
              <Typography.Paragraph type="secondary">{t('登记本活动的资金来源，合计即为活动总预算。金额以元为单位，精确到分。')}</Typography.Paragraph>
              <FundsEditor />
            </div>
          )}
          {step === 2 && (
            <Row gutter={24}>
              <Col xs={24} lg={16}>
                <Typography.Paragraph type="secondary">
                  {t('从职工档案中按条件选出慰问对象：所设条件须同时满足，同一条件中多选为“任一即可”。')}
                </Typography.Paragraph>
                <RuleBuilder name={['rule']} />
              </Col>
              <Col xs={24} lg={8}>
                <LivePreview values={values} showTiers={false} budgetFen={budgetFen} />
              </Col>
            </Row>
          )}
          {step === 3 && (
            <Row gutter={24}>
              <Col xs={24} lg={16}>
                <PackagesEditor />
              </Col>
              <Col xs={24} lg={8}>
                <LivePreview values={values} showTiers budgetFen={budgetFen} />
              </Col>
            </Row>
          )}
        </Form>
        {step === 4 && view && <AllocationEditor campaign={view} />}
        {step === 5 && view && <Review campaign={view} />}
        <Flex justify="space-between" style={{ marginTop: 24 }}>
          <Button onClick={() => (step === 0 ? navigate(saved ? `/campaigns/${saved.id}` : '/campaigns') : setStep(step - 1))} disabled={busy}>
            {step === 0 ? t('取消') : t('上一步')}
          </Button>
          <Flex gap={8}>
            {saved && step <= 3 && (
              <Button onClick={() => void saveDraft()} loading={busy}>
                {t('保存草稿')}
              </Button>
            )}
            {step < 5 ? (
              <Button type="primary" onClick={() => void next()} loading={busy} data-testid="wizard-next">
                {step === 3 ? t('保存并继续') : t('下一步')}
              </Button>
            ) : (
              <Button type="primary" onClick={() => navigate(`/campaigns/${saved!.id}`)} data-testid="wizard-done">
                {t('完成，查看活动')}
              </Button>
            )}
          </Flex>
        </Flex>
      </Card>
    </Page>
  );
}

function Review({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx, date } = useI18n();
  const eligibility = useEligibility(c.id);
  const names = useRuleNames([c.rule, ...c.packages.map((p) => p.rule)]);
  const e = eligibility.data;
  const over = e ? e.amountFen > c.budgetFen : false;
  return (
    <Flex vertical gap={16} data-testid="wizard-review">
      <Alert
        type="warning"
        showIcon
        title={t('提交后须由他人审批')}
        description={t('按“四眼原则”，活动须由创建人以外、有审批权限的人员在活动详情页审批；审批通过后名单冻结，方可开始发放。')}
      />
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          { key: 'name', label: t('活动名称'), children: tx(c.name) },
          { key: 'kind', label: t('活动类型'), children: t(kindLabel(c.kind)) },
          { key: 'org', label: t('主办单位'), children: tx(c.orgName) },
          { key: 'period', label: t('活动期间'), children: `${date(c.startsOn)} – ${date(c.endsOn)}` },
          { key: 'mode', label: t('组织方式'), children: t(MODE_LABELS[c.mode]) },
          { key: 'times', label: t('每人领取次数'), children: t('{n} 次', { n: c.maxPerPerson }) },
          {
            key: 'funds',
            label: t('资金来源'),
            span: 2,
            children: c.funds.map((f) => `${t(FUND_SOURCE_LABELS[f.source])} ${money(f.amountFen)}`).join('；') || '—',
          },
          { key: 'rule', label: t('慰问条件'), span: 2, children: ruleText(c.rule, t, names) },
        ]}
      />
      {eligibility.error ? <LoadError error={eligibility.error} onRetry={() => eligibility.refetch()} /> : null}
      <Table
        size="small"
        pagination={false}
        loading={eligibility.isFetching}
        rowKey={(r) => String(r.packageId ?? r.name)}
        dataSource={e?.byPackage ?? []}
        data-testid="review-tiers"
        columns={[
          { title: t('档次'), dataIndex: 'name', render: (v: string) => tx(v) },
          {
            title: t('慰问形式'),
            key: 'kind',
            render: (_: unknown, r) => {
              const p = c.packages.find((x) => x.id === r.packageId);
              return p ? t(packageKindLabel(p.kind)) : '—';
            },
          },
          {
            title: t('每份价值'),
            key: 'value',
            align: 'right',
            render: (_: unknown, r) => money(c.packages.find((x) => x.id === r.packageId)?.valueFen),
          },
          {
            title: t('条件'),
            key: 'rule',
            render: (_: unknown, r) => ruleText(c.packages.find((x) => x.id === r.packageId)?.rule ?? null, t, names),
          },
          { title: t('人数'), dataIndex: 'persons', align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
          { title: t('金额'), dataIndex: 'amountFen', align: 'right', render: (v: number) => money(v) },
        ]}
        summary={() =>
          e ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('合计')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong data-testid="review-total">
                  {count(e.total)}
                  {t('人')}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <Typography.Text strong>{moneyTotal(e.amountFen)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      {e && (
        <Alert
          type={over ? 'error' : 'success'}
          showIcon
          data-testid="review-budget"
          title={
            over
              ? t('所需金额 {a} 超出预算 {b}，请增加资金或调整档次', { a: moneyTotal(e.amountFen), b: moneyTotal(c.budgetFen) })
              : t('所需金额 {a}，预算 {b}，预算充足', { a: moneyTotal(e.amountFen), b: moneyTotal(c.budgetFen) })
          }
        />
      )}
    </Flex>
  );
}
