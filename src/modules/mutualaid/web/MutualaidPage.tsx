/**
 * 互助保障 for staff: plans (the payout formula and a payout preview), enrolment batches (by rule,
 * union-gifted, from an employer's list), claim intake with the plan's document checklist and the
 * review steps, payment batches (bank file out, results in), and statistics with ECharts.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { EChart } from '../../../web/components/EChart.tsx';
import { ImportSheetModal } from '../../../web/components/ImportSheetModal.tsx';
import { ApiError } from '../../../web/http.ts';
import { yuan } from '../../../shared/numbers.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import {
  CLAIM_STATUSES,
  CLAIM_STATUS_LABELS,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  PAYMENT_STATUS_LABELS,
  PLAN_KIND_LABELS,
  PLAN_STATUS_LABELS,
  type ClaimStatus,
  type DocumentKind,
  type PlanView,
  type EnrolmentPage,
} from '../mutualaid.contract.ts';
import type { z } from '../../../shared/contract.ts';
import {
  downloadBankFile,
  downloadEnrolErrors,
  downloadEnrolTemplate,
  useBatches,
  useClaim,
  useClaimStats,
  useClaimStep,
  useClaims,
  useCreateClaim,
  useCreatePayment,
  useEnrol,
  useEnrolments,
  useEnrolmentPage,
  certificateUrl,
  useMarkBatchPaid,
  useEnrolmentStats,
  useImportEnrolment,
  useImportResults,
  usePayments,
  usePlanStatus,
  usePlans,
  usePreview,
} from './mutualaid.api.ts';
import { useI18n } from './i18n.ts';
import { payoutText } from './payout-en.ts';
import { PlanFormModal } from './PlanEditor.tsx';

const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${yuan(fen)}`);
const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
const STATUS_COLORS: Record<ClaimStatus, string> = {
  received: 'blue',
  reviewed: 'cyan',
  rechecked: 'geekblue',
  approved: 'gold',
  paid: 'green',
  rejected: 'red',
};

export function MutualaidPage() {
  const i18n = useI18n();
  const { t } = i18n;
  // The tab (and an open claim) are in the address, so the inbox and the person page link to them.
  const [params, setParams] = useSearchParams();
  return (
    <Card title={t('互助保障')}>
      <Tabs
        activeKey={params.get('tab') ?? 'plans'}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'plans', label: t('保障计划'), children: <PlansTab /> },
          { key: 'enrol', label: t('参保批次'), children: <EnrolTab /> },
          { key: 'claims', label: t('互助金申请'), children: <ClaimsTab /> },
          { key: 'payments', label: t('支付批次'), children: <PaymentsTab /> },
          { key: 'stats', label: t('统计'), children: <StatsTab /> },
        ]}
      />
    </Card>
  );
}

function PlansTab() {
  const i18n = useI18n();
  const { t, tx, date } = i18n;
  const plans = usePlans();
  const status = usePlanStatus();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<PlanView | null>(null);
  const { has } = usePermissions();
  const [editing, setEditing] = useState<{ plan: PlanView | null } | null>(null);
  return (
    <>
      {has('mutualaid:manage') && (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setEditing({ plan: null })} data-testid="ma-plan-new">
            {t('新建保障计划')}
          </Button>
        </Flex>
      )}
      <Table<PlanView>
        rowKey="id"
        loading={plans.isLoading}
        dataSource={plans.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (g) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('给付公式')}>
                {g.formulaText.map((l) => (
                  <div key={l}>{payoutText(i18n, l)}</div>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('等待期')}>{t('{n} 天', { n: g.waitingDays })}</Descriptions.Item>
              <Descriptions.Item label={t('责任免除')}>{tx(g.exclusions) || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('申请材料')}>{g.requiredDocuments.map((d) => t(DOCUMENT_KIND_LABELS[d])).join('、') || '—'}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('计划名称'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('保障类型'), dataIndex: 'kind', render: (v: PlanView['kind']) => t(PLAN_KIND_LABELS[v]) },
          { title: t('主办工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
          { title: t('保障期'), key: 'term', render: (_: unknown, g) => `${date(g.termStart)} – ${date(g.termEnd)}` },
          { title: t('每人缴费'), dataIndex: 'contributionFen', align: 'right', render: money },
          { title: t('参保人数'), dataIndex: 'enrolled', align: 'right' },
          { title: t('申请件数'), dataIndex: 'claims', align: 'right' },
          { title: t('计划状态'), dataIndex: 'status', render: (v: PlanView['status']) => <Tag>{t(PLAN_STATUS_LABELS[v])}</Tag> },
          {
            title: t('操作'),
            key: 'act',
            render: (_: unknown, g) => (
              <Space>
                <Button size="small" onClick={() => setPreview(g)}>
                  {t('给付试算')}
                </Button>
                {g.can.edit && (
                  <Button size="small" onClick={() => setEditing({ plan: g })} data-testid={`ma-plan-edit-${g.id}`}>
                    {t('修改')}
                  </Button>
                )}
                {g.can.open && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => status.mutate({ id: g.id, status: 'open' }, { onError: (e) => void message.error(errorText(e)) })}
                  >
                    {t('开放参保')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <PreviewDrawer plan={preview} onClose={() => setPreview(null)} />
      <PlanFormModal
        open={!!editing}
        plan={editing?.plan ?? null}
        onClose={() => setEditing(null)}
        onSaved={(p) => {
          setEditing(null);
          void message.success(t('已保存「{name}」', { name: tx(p.name) }));
        }}
      />
    </>
  );
}

function PreviewDrawer({ plan, onClose }: { plan: PlanView | null; onClose: () => void }) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const preview = usePreview();
  const [form] = Form.useForm<{ hospitalDays?: number; outOfPocket?: number; disabilityGrade?: number; diagnosed?: boolean; used?: number }>();
  const run = (v: { hospitalDays?: number; outOfPocket?: number; disabilityGrade?: number; diagnosed?: boolean; used?: number }) =>
    plan &&
    preview.mutate({
      formula: plan.formula,
      facts: {
        hospitalDays: v.hospitalDays ?? null,
        outOfPocketFen: v.outOfPocket === undefined || v.outOfPocket === null ? null : Math.round(v.outOfPocket * 100),
        disabilityGrade: v.disabilityGrade ?? null,
        diagnosed: !!v.diagnosed,
      },
      usedThisYearFen: Math.round((v.used ?? 0) * 100),
      usedLifetimeFen: Math.round((v.used ?? 0) * 100),
    });
  return (
    <Drawer open={!!plan} onClose={onClose} width={560} title={plan ? `${t('给付试算')}：${tx(plan.name)}` : ''} destroyOnHidden>
      {plan && (
        <>
          <Alert type="info" message={plan.formulaText.map((l) => payoutText(i18n, l)).join(i18n.locale === 'en' ? '; ' : '；')} style={{ marginBottom: 16 }} />
          <Form form={form} layout="vertical" onFinish={run}>
            <Form.Item name="hospitalDays" label={t('住院天数')}>
              <InputNumber min={0} max={3650} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="outOfPocket" label={t('自付医疗费用（元）')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="disabilityGrade" label={t('伤残等级')}>
              <InputNumber min={1} max={10} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="diagnosed" valuePropName="checked">
              <Checkbox>{t('已确诊')}</Checkbox>
            </Form.Item>
            <Form.Item name="used" label={t('本保障期已给付（元）')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={preview.isPending} data-testid="ma-preview">
              {t('计算')}
            </Button>
          </Form>
          {preview.data && (
            <Card size="small" style={{ marginTop: 16 }} data-testid="ma-preview-result">
              <Statistic title={t('应给付')} value={money(preview.data.payableFen)} />
              <Typography.Paragraph style={{ marginTop: 8 }}>{payoutText(i18n, preview.data.explanation)}</Typography.Paragraph>
            </Card>
          )}
        </>
      )}
    </Drawer>
  );
}

function PlanSelect({ value, onChange, open }: { value?: number; onChange: (v: number) => void; open?: boolean }) {
  const { t, tx } = useI18n();
  const plans = usePlans();
  return (
    <div data-testid="ma-plan" style={{ display: 'inline-block' }}>
      <Select
        aria-label={t('保障计划')}
        placeholder={t('选择保障计划')}
        style={{ minWidth: 320 }}
        value={value}
        onChange={onChange}
        options={(plans.data?.items ?? []).filter((g) => !open || g.status === 'open').map((g) => ({ value: g.id, label: tx(g.name) }))}
      />
    </div>
  );
}

/** 登记缴费 of a worker's own enrolment: the day it was paid at the desk, today unless said otherwise, once. */
function MarkPaid({ batchId, enrolledOn }: { batchId: number; enrolledOn: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mark = useMarkBatchPaid();
  const [open, setOpen] = useState(false);
  const [day, setDay] = useState(dayjs());
  const [problem, setProblem] = useState<string | null>(null);
  const save = () =>
    mark.mutate(
      { id: batchId, paidOn: day.format('YYYY-MM-DD') },
      {
        onSuccess: () => {
          setOpen(false);
          void message.success(t('已登记缴费'));
        },
        onError: (e) => setProblem(e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e)),
      },
    );
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)} data-testid="ma-mark-paid">
        {t('登记缴费')}
      </Button>
      <Modal
        open={open}
        title={t('登记职工缴费')}
        okText={t('登记')}
        onOk={save}
        confirmLoading={mark.isPending}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'ma-mark-paid-ok' } as ButtonProps}
      >
        <Form layout="vertical">
          <Form.Item label={t('缴费日期')} validateStatus={problem ? 'error' : undefined} help={problem ?? t('职工在工会窗口或转账缴纳保费的日期')}>
            <DatePicker
              value={day}
              onChange={(d) => {
                setProblem(null);
                if (d) setDay(d);
              }}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(enrolledOn), 'day')}
              aria-label={t('缴费日期')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function EnrolTab() {
  const { t, tx, date } = useI18n();
  const { me, has } = usePermissions();
  const { message } = App.useApp();
  const [planId, setPlanId] = useState<number>();
  const [importing, setImporting] = useState(false);
  const batches = useBatches(planId);
  const orgId = me?.org.id ?? 0;
  const paidOn = dayjs().format('YYYY-MM-DD');
  const enrol = useEnrol(planId ?? 0);
  const importer = useImportEnrolment(planId ?? 0, orgId, paidOn);
  const go = (gifted: boolean) =>
    enrol.mutate(
      { orgId, gifted, paidOn },
      {
        onSuccess: (r) => void message.success(t('已参保 {n} 人，缴费 {m}', { n: r.persons, m: money(r.amountFen) })),
        onError: (e) => void message.error(errorText(e)),
      },
    );
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <PlanSelect value={planId} onChange={setPlanId} open />
        {has('mutualaid:manage') && planId && (
          <>
            <Button onClick={() => go(false)} loading={enrol.isPending}>
              {t('按条件从职工档案参保')}
            </Button>
            <Button onClick={() => go(true)} loading={enrol.isPending}>
              {t('工会赠送保障')}
            </Button>
            <Button type="primary" onClick={() => setImporting(true)} data-testid="ma-import">
              {t('导入用人单位名单')}
            </Button>
          </>
        )}
      </Flex>
      <Table
        rowKey="id"
        dataSource={batches.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t('参保方式'),
            dataIndex: 'source',
            render: (v: 'rule' | 'sheet' | 'gift' | 'self') => t({ rule: '按条件参保', sheet: '名单导入', gift: '工会赠送', self: '职工自行参保' }[v]),
          },
          { title: t('参保工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
          { title: t('用人单位'), dataIndex: 'employer', render: (v: string | null) => tx(v) || '—' },
          { title: t('参保人数'), dataIndex: 'persons', align: 'right' },
          { title: t('缴费金额'), dataIndex: 'amountFen', align: 'right', render: money },
          {
            title: t('缴费日期'),
            dataIndex: 'paidOn',
            render: (v: string | null, b: { id: number; payer: string; createdAt: string }) =>
              v ? (
                date(v)
              ) : b.payer === 'self' ? (
                <Space size={4}>
                  <Tag color="orange">{t('待缴')}</Tag>
                  {has('mutualaid:manage') && <MarkPaid batchId={b.id} enrolledOn={dayjs(b.createdAt).format('YYYY-MM-DD')} />}
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {planId && <EnrolmentList planId={planId} />}
      {planId && (
        <ImportSheetModal
          open={importing}
          onClose={() => setImporting(false)}
          tx={tx}
          importer={importer}
          downloadTemplate={downloadEnrolTemplate}
          downloadErrors={downloadEnrolErrors(planId, orgId, paidOn)}
          toCreate={(r) => r.created}
          testId="ma-enrol"
          words={{
            title: t('导入用人单位参保名单'),
            hint: t('每行一人；职工须已在职工档案中登记，姓名与身份证号一致，并符合计划的参保条件。'),
            skippedLabel: t('已参保未变动'),
            ready: (n) => t('检查通过，可以参保 {n} 人', { n }),
            nothing: t('文件中没有需要参保的人员'),
            imported: (n) => t('已参保 {n} 人', { n }),
            done: (r) => t('参保 {a} 人，{b} 人已参保未变动', { a: r.created, b: r.skipped }),
          }}
        />
      )}
    </>
  );
}

type EnrolmentRowView = z.infer<typeof EnrolmentPage>['items'][number];

/** 参保名单 of the chosen plan within the account's reach, with each person's certificate to print. */
function EnrolmentList({ planId }: { planId: number }) {
  const { t, tx, date } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useEnrolmentPage(planId, { q, page });
  return (
    <Card size="small" title={t('参保名单')} style={{ marginTop: 16 }} data-testid="ma-enrolments">
      <Input.Search
        allowClear
        placeholder={t('姓名或拼音')}
        style={{ width: 240, marginBottom: 12 }}
        onSearch={(v) => (setQ(v.trim()), setPage(1))}
        aria-label={t('查找参保人')}
      />
      <Table<EnrolmentRowView>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('参保人'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('证件号码'), dataIndex: 'idMasked' },
          { title: t('所在单位'), dataIndex: 'org', render: (v: string) => tx(v) },
          { title: t('保障期'), key: 'cover', render: (_: unknown, e) => `${date(e.coverFrom)} – ${date(e.coverTo)}` },
          { title: t('保障凭证号'), dataIndex: 'certificateNo' },
          {
            title: t('操作'),
            key: 'act',
            render: (_: unknown, e) => (
              <a href={certificateUrl(e.id)} target="_blank" rel="noreferrer" data-testid={`ma-certificate-${e.id}`}>
                {t('打印凭证')}
              </a>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ClaimsTab() {
  const { t, tx, date } = useI18n();
  const [status, setStatus] = useState<ClaimStatus>();
  const [page, setPage] = useState(1);
  const [params, setParams] = useSearchParams();
  const open = Number(params.get('claim')) || undefined;
  const setOpen = (id: number | undefined) => setParams(id ? { tab: 'claims', claim: String(id) } : { tab: 'claims' }, { replace: true });
  const [intake, setIntake] = useState(false);
  const { has } = usePermissions();
  const claims = useClaims({ status, page });
  return (
    <>
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('办理状态')}
          style={{ width: 160 }}
          value={status}
          onChange={(v) => (setStatus(v), setPage(1))}
          options={CLAIM_STATUSES.map((s) => ({ value: s, label: t(CLAIM_STATUS_LABELS[s]) }))}
        />
        {has('mutualaid:claim') && (
          <Button type="primary" onClick={() => setIntake(true)} data-testid="ma-intake">
            {t('受理申请')}
          </Button>
        )}
      </Flex>
      <Table
        rowKey="id"
        loading={claims.isLoading}
        dataSource={claims.data?.items ?? []}
        pagination={{ current: page, total: claims.data?.total ?? 0, pageSize: 20, onChange: setPage, showSizeChanger: false }}
        onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('申请编号'), dataIndex: 'claimNo' },
          { title: t('姓名'), dataIndex: 'name', render: (v: string) => tx(v) },
          { title: t('证件号码'), dataIndex: 'idMasked' },
          { title: t('保障计划'), dataIndex: ['plan', 'name'], render: (v: string) => tx(v) },
          { title: t('出险日期'), dataIndex: 'eventDate', render: (v: string) => date(v) },
          { title: t('申请金额'), dataIndex: 'claimedFen', align: 'right', render: money },
          { title: t('核定金额'), dataIndex: 'approvedFen', align: 'right', render: money },
          {
            title: t('办理状态'),
            dataIndex: 'status',
            render: (v: ClaimStatus, c) => (
              <Space>
                <Tag color={STATUS_COLORS[v]}>{t(CLAIM_STATUS_LABELS[v])}</Tag>
                {c.source === 'worker' && <Tag color="blue">{t('职工申请')}</Tag>}
                {c.flags.length > 0 && <Tag color="red">{t('有疑点')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <ClaimDrawer id={open} onClose={() => setOpen(undefined)} />
      <IntakeDrawer open={intake} onClose={() => setIntake(false)} />
    </>
  );
}

function IntakeDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const plans = usePlans();
  const [planId, setPlanId] = useState<number>();
  const enrolments = useEnrolments(planId);
  const plan = plans.data?.items.find((g) => g.id === planId);
  const create = useCreateClaim();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const submit = (v: Record<string, unknown>) => {
    setError(undefined);
    const d = (x: unknown) => (x ? dayjs(x as string).format('YYYY-MM-DD') : null);
    create.mutate(
      {
        enrolmentId: v.enrolmentId,
        eventDate: d(v.eventDate),
        admittedOn: d(v.admittedOn),
        dischargedOn: d(v.dischargedOn),
        facts: {
          hospitalDays: v.hospitalDays ?? null,
          outOfPocketFen: v.outOfPocket === undefined || v.outOfPocket === null ? null : Math.round(Number(v.outOfPocket) * 100),
          disabilityGrade: v.disabilityGrade ?? null,
        },
        claimedFen: Math.round(Number(v.claimed ?? 0) * 100),
        invoiceNos: String(v.invoices ?? '')
          .split(/[\s,，、]+/)
          .filter(Boolean),
        documents: v.documents ?? [],
        bankName: v.bankName || null,
        bankAccount: v.bankAccount || null,
      },
      {
        onSuccess: (c) => {
          void message.success(t('已受理，申请编号 {no}', { no: c.claimNo }));
          form.resetFields();
          onClose();
        },
        onError: (e) => setError(errorText(e)),
      },
    );
  };
  return (
    <Drawer open={open} onClose={onClose} width={620} title={t('受理互助金申请')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t('保障计划')} required>
          <PlanSelect value={planId} onChange={setPlanId} />
        </Form.Item>
        <Form.Item name="enrolmentId" label={t('参保人')} rules={[{ required: true, message: t('请选择参保人') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(enrolments.data?.items ?? []).map((e) => ({ value: e.id, label: `${tx(e.name)} ${e.idMasked} · ${tx(e.org)}` }))}
          />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="eventDate" label={t('出险日期')} rules={[{ required: true, message: t('请选择出险日期') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="admittedOn" label={t('入院日期')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="dischargedOn" label={t('出院日期')}>
            <DatePicker />
          </Form.Item>
        </Flex>
        <Flex gap={8}>
          <Form.Item name="hospitalDays" label={t('住院天数')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="outOfPocket" label={t('自付医疗费用（元）')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="disabilityGrade" label={t('伤残等级')}>
            <InputNumber min={1} max={10} />
          </Form.Item>
          <Form.Item name="claimed" label={t('申请金额（元）')}>
            <InputNumber min={0} />
          </Form.Item>
        </Flex>
        <Form.Item name="invoices" label={t('发票号码（多张用逗号分隔）')}>
          <Input data-testid="ma-invoices" />
        </Form.Item>
        <Form.Item name="documents" label={t('已收材料（按计划要求核对）')}>
          <Checkbox.Group
            options={DOCUMENT_KINDS.map((k: DocumentKind) => ({
              value: k,
              label: `${t(DOCUMENT_KIND_LABELS[k])}${plan?.requiredDocuments.includes(k) ? t('（必备）') : ''}`,
            }))}
          />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="bankName" label={t('开户银行')}>
            <Input />
          </Form.Item>
          <Form.Item name="bankAccount" label={t('银行账号')}>
            <Input />
          </Form.Item>
        </Flex>
        {error && <Alert type="error" message={tx(error)} style={{ marginBottom: 16 }} data-testid="ma-intake-error" />}
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="ma-intake-submit">
          {t('受理')}
        </Button>
      </Form>
    </Drawer>
  );
}

function ClaimDrawer({ id, onClose }: { id?: number; onClose: () => void }) {
  const i18n = useI18n();
  const { t, tx, date, dateTime } = i18n;
  const { message } = App.useApp();
  const claim = useClaim(id);
  const step = useClaimStep();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState<number | null>(null);
  const c = claim.data;
  const act = (s: 'review' | 'recheck' | 'approve' | 'reject' | 'appeal', body: unknown) =>
    id && step.mutate({ id, step: s, body }, { onSuccess: () => void message.success(t('已办理')), onError: (e) => void message.error(tx(errorText(e))) });
  return (
    <Drawer open={!!id} onClose={onClose} width={640} title={c ? `${c.claimNo} · ${tx(c.name)}` : ''}>
      {c && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('办理状态')}>
              <Tag color={STATUS_COLORS[c.status]}>{t(CLAIM_STATUS_LABELS[c.status])}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('保障计划')}>{tx(c.plan.name)}</Descriptions.Item>
            <Descriptions.Item label={t('出险日期')}>{date(c.eventDate)}</Descriptions.Item>
            <Descriptions.Item label={t('住院')}>{c.admittedOn ? `${date(c.admittedOn)} – ${date(c.dischargedOn)}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('申请金额')}>{money(c.claimedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('核定金额')}>{money(c.approvedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('发票号码')}>{c.invoiceNos.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('银行账号')}>{c.bankAccountMasked ?? '—'}</Descriptions.Item>
          </Descriptions>
          {c.flags.map((f) => (
            <Alert key={f.message} type="warning" showIcon message={tx(f.message)} style={{ marginTop: 12 }} data-testid="ma-flag" />
          ))}
          <Card size="small" title={t('给付说明')} style={{ marginTop: 12 }}>
            <Typography.Paragraph data-testid="ma-explanation">{payoutText(i18n, c.explanation)}</Typography.Paragraph>
          </Card>
          <Card size="small" title={t('材料清单')} style={{ marginTop: 12 }}>
            {c.documents.map((d) => (
              <Tag key={d.kind} color={d.received ? 'green' : 'red'}>
                {t(DOCUMENT_KIND_LABELS[d.kind])}
                {d.required ? t('（必备）') : ''} {d.received ? '✓' : '✗'}
              </Tag>
            ))}
          </Card>
          {c.rejectReason && <Alert type="error" message={`${t('驳回理由')}：${tx(c.rejectReason)}`} style={{ marginTop: 12 }} />}
          <Card size="small" title={t('办理记录')} style={{ marginTop: 12 }}>
            <Timeline
              items={c.steps.map((s) => ({ children: `${t(s.action)} · ${tx(s.by) || t('系统')} · ${dateTime(s.at)}${s.note ? ` · ${tx(s.note)}` : ''}` }))}
            />
          </Card>
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            {c.can.review && (
              <Button type="primary" onClick={() => act('review', {})} data-testid="ma-review">
                {t('审核通过')}
              </Button>
            )}
            {c.can.recheck && (
              <Button type="primary" onClick={() => act('recheck', {})} data-testid="ma-recheck">
                {t('复核通过')}
              </Button>
            )}
            {c.can.approve && (
              <>
                <InputNumber placeholder={t('核定金额（元）')} value={amount} onChange={(v) => setAmount(v)} data-testid="ma-amount" />
                <Button
                  type="primary"
                  onClick={() => act('approve', { approvedFen: amount === null ? null : Math.round(amount * 100) })}
                  data-testid="ma-approve"
                >
                  {t('审批')}
                </Button>
              </>
            )}
            {(c.can.reject || c.can.appeal) && (
              <Input placeholder={t('理由')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 200 }} />
            )}
            {c.can.reject && (
              <Button danger onClick={() => act('reject', { reason })}>
                {t('驳回')}
              </Button>
            )}
            {c.can.appeal && <Button onClick={() => act('appeal', { reason })}>{t('申诉')}</Button>}
          </Flex>
        </>
      )}
    </Drawer>
  );
}

function PaymentsTab() {
  const { t, tx, dateTime } = useI18n();
  const { me, has } = usePermissions();
  const { message } = App.useApp();
  const payments = usePayments();
  const create = useCreatePayment();
  const results = useImportResults();
  return (
    <>
      {has('mutualaid:pay') && (
        <Button
          type="primary"
          style={{ marginBottom: 16 }}
          loading={create.isPending}
          data-testid="ma-payment"
          onClick={() => me && create.mutate(me.org.id, { onError: (e) => void message.error(tx(errorText(e))) })}
        >
          {t('生成支付批次')}
        </Button>
      )}
      <Table
        rowKey="id"
        dataSource={payments.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('批次'), dataIndex: 'id', render: (v: number) => `#${v}` },
          { title: t('支付工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
          { title: t('笔数'), dataIndex: 'claims', align: 'right' },
          { title: t('金额'), dataIndex: 'amountFen', align: 'right', render: money },
          { title: t('成功'), dataIndex: 'paid', align: 'right' },
          { title: t('失败'), dataIndex: 'failed', align: 'right' },
          { title: t('回盘状态'), dataIndex: 'status', render: (v: 'exported' | 'settled') => <Tag>{t(PAYMENT_STATUS_LABELS[v])}</Tag> },
          { title: t('生成时间'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
          {
            title: t('操作'),
            key: 'act',
            render: (_: unknown, b: { id: number; status: string }) => (
              <Space>
                <Button size="small" onClick={() => void downloadBankFile(b.id, 'xlsx')}>
                  {t('银行文件')} .xlsx
                </Button>
                <Button size="small" onClick={() => void downloadBankFile(b.id, 'csv')}>
                  .csv
                </Button>
                {b.status === 'exported' && (
                  <Upload
                    showUploadList={false}
                    accept=".xlsx,.csv"
                    beforeUpload={(file) => {
                      results.mutate(
                        { id: b.id, file },
                        {
                          onSuccess: (r) =>
                            r.errors.length
                              ? void message.error(r.errors.map((e) => `${t('第 {n} 行', { n: e.row })} ${tx(e.column)}：${tx(e.message)}`).join('；'))
                              : void message.success(t('支付成功 {a} 笔，失败 {b} 笔', { a: r.paid, b: r.failed })),
                          onError: (e) => void message.error(tx(errorText(e))),
                        },
                      );
                      return false;
                    }}
                  >
                    <Button size="small">{t('导入支付结果')}</Button>
                  </Upload>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

function StatsTab() {
  const { t, tx } = useI18n();
  const [planId, setPlanId] = useState<number>();
  const enrol = useEnrolmentStats(planId);
  const claims = useClaimStats();
  const e = enrol.data;
  const c = claims.data;
  return (
    <>
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <PlanSelect value={planId} onChange={setPlanId} />
      </Flex>
      {e && (
        <Flex gap={32} style={{ marginBottom: 16 }}>
          <Statistic title={t('参保人数')} value={e.total} />
          <Statistic title={t('工会赠送')} value={e.gifted} />
          {c && <Statistic title={t('申请金额')} value={money(c.total.claimedFen)} />}
          {c && <Statistic title={t('核定金额')} value={money(c.total.approvedFen)} />}
          {c && <Statistic title={t('实付金额')} value={money(c.total.paidFen)} />}
        </Flex>
      )}
      <Flex gap={16} wrap>
        {e && (
          <Card size="small" title={t('按职业')} style={{ flex: 1, minWidth: 360 }}>
            <EChart
              option={{
                tooltip: {},
                xAxis: { type: 'category', data: e.byOccupation.map((o) => t(o.label)), axisLabel: { interval: 0, rotate: 20 } },
                yAxis: { type: 'value' },
                series: [{ type: 'bar', name: t('参保人数'), data: e.byOccupation.map((o) => o.persons) }],
              }}
            />
          </Card>
        )}
        {e && (
          <Card size="small" title={t('按下级工会')} style={{ flex: 1, minWidth: 360 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={e.byUnion}
              columns={[
                { title: t('工会'), dataIndex: 'name', render: (v: string) => tx(v) },
                { title: t('参保人数'), dataIndex: 'persons', align: 'right' },
              ]}
            />
          </Card>
        )}
        {c && (
          <Card size="small" title={t('申请、核定与实付')} style={{ flex: 1, minWidth: 360 }}>
            <EChart
              option={{
                tooltip: {},
                legend: {},
                xAxis: { type: 'category', data: c.byStatus.map((s) => t(CLAIM_STATUS_LABELS[s.status])) },
                yAxis: { type: 'value' },
                series: [
                  { type: 'bar', name: t('申请金额'), data: c.byStatus.map((s) => s.claimedFen / 100) },
                  { type: 'bar', name: t('核定金额'), data: c.byStatus.map((s) => s.approvedFen / 100) },
                  { type: 'bar', name: t('实付金额'), data: c.byStatus.map((s) => s.paidFen / 100) },
                ],
              }}
            />
          </Card>
        )}
      </Flex>
    </>
  );
}
