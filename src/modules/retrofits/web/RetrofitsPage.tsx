/**
 * 适老化改造 for union staff: the board of plans by stage (a kanban with each household's progress),
 * the programmes with their budget use, and the statistics by region and by item.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Modal, Progress, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { EChart } from '../../../web/components/EChart.tsx';
import { money } from '../../../web/components/money.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import {
  FUND_SOURCES,
  FUND_SOURCE_LABELS,
  ITEM_KIND_LABELS,
  OPEN_STAGES,
  ProgrammeInput,
  STAGE_LABELS,
  STAGES,
  type PlanSummary,
  type ProgrammeView,
  type Stage,
} from '../retrofits.contract.ts';
import { useI18n } from './i18n.ts';
import { useCreateProgramme, usePlans, useProgrammes, useRetrofitStats } from './retrofits.api.ts';

export const STAGE_COLORS: Record<Stage, string> = {
  survey: 'default',
  design: 'processing',
  review: 'warning',
  approved: 'cyan',
  building: 'blue',
  accepted: 'green',
  settled: 'success',
  cancelled: 'default',
};

/** How much of a programme's budget is committed, as a bar. */
export function BudgetBar({ p }: { p: Pick<ProgrammeView, 'budgetFen' | 'committedFen' | 'spentFen'> }) {
  const { t } = useI18n();
  const pct = p.budgetFen ? Math.round((p.committedFen / p.budgetFen) * 100) : 0;
  return (
    <div>
      <Progress percent={pct} success={{ percent: p.budgetFen ? Math.round((p.spentFen / p.budgetFen) * 100) : 0 }} size="small" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('已安排 {c} / 预算 {b}，剩余 {l}', { c: money(p.committedFen), b: money(p.budgetFen), l: money(p.budgetFen - p.committedFen) })}
      </Typography.Text>
    </div>
  );
}

function PlanCard({ p }: { p: PlanSummary }) {
  const { t, tx } = useI18n();
  return (
    <Link to={`/retrofits/plans/${p.id}`} data-testid={`plan-card-${p.id}`}>
      <Card size="small" hoverable style={{ marginBottom: 8 }}>
        <Flex justify="space-between" align="baseline">
          <Typography.Text strong>{tx(p.person.name)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.items ? t('{n} 项', { n: p.items }) : null}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
          {tx(p.org.name)}
        </Typography.Text>
        {p.stage === 'building' || p.stage === 'accepted' || p.stage === 'settled' ? <Progress percent={p.progress} size="small" /> : null}
        <Typography.Text style={{ fontSize: 12 }}>
          {p.approvedFen ? t('预算 {b}', { b: money(p.approvedFen) }) : p.budgetFen ? t('方案 {b}', { b: money(p.budgetFen) }) : ''}
          {p.actualFen ? ` · ${t('实际 {a}', { a: money(p.actualFen) })}` : ''}
        </Typography.Text>
      </Card>
    </Link>
  );
}

function Board() {
  const { t, tx } = useI18n();
  const programmes = useProgrammes();
  const [programmeId, setProgrammeId] = useState<number | undefined>();
  const [showClosed, setShowClosed] = useState(false);
  const plans = usePlans({ programmeId, pageSize: 200, page: 1 });
  const columns: readonly Stage[] = showClosed ? STAGES : [...OPEN_STAGES, 'settled'];
  const byStage = useMemo(() => {
    const m = new Map<Stage, PlanSummary[]>();
    for (const p of plans.data?.items ?? []) m.set(p.stage, [...(m.get(p.stage) ?? []), p]);
    return m;
  }, [plans.data]);
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          placeholder={t('全部改造项目')}
          style={{ width: 280 }}
          value={programmeId}
          onChange={setProgrammeId}
          aria-label={t('改造项目')}
          options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.year} ${tx(p.name)}` }))}
        />
        <Button onClick={() => setShowClosed(!showClosed)}>{showClosed ? t('隐藏已取消') : t('显示已取消')}</Button>
      </Space>
      {plans.error ? <LoadError error={plans.error} onRetry={() => plans.refetch()} /> : null}
      <div style={{ overflowX: 'auto' }}>
        <Flex gap={12} style={{ minWidth: columns.length * 200 }} data-testid="retrofit-board">
          {columns.map((s) => (
            <div key={s} style={{ flex: '1 0 190px', background: '#fafafa', borderRadius: 8, padding: 8 }} data-testid={`stage-${s}`}>
              <Flex justify="space-between" style={{ marginBottom: 8 }}>
                <Tag color={STAGE_COLORS[s]}>{t(STAGE_LABELS[s])}</Tag>
                <Typography.Text type="secondary">{byStage.get(s)?.length ?? 0}</Typography.Text>
              </Flex>
              {(byStage.get(s) ?? []).map((p) => (
                <PlanCard key={p.id} p={p} />
              ))}
            </div>
          ))}
        </Flex>
      </div>
    </>
  );
}

function NewProgramme({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const create = useCreateProgramme();
  const { check, showServerError } = useFormErrors();
  const navigate = useNavigate();
  const submit = async () => {
    const v = form.getFieldsValue() as Record<string, unknown>;
    const yuanToFen = (x: unknown) => (typeof x === 'number' ? Math.round(x * 100) : x);
    const funds = FUND_SOURCES.filter((s) => typeof v[`fund_${s}`] === 'number' && (v[`fund_${s}`] as number) > 0).map((s) => ({
      source: s,
      amountFen: yuanToFen(v[`fund_${s}`]),
    }));
    const body = check(ProgrammeInput, { name: v.name, year: v.year, orgId: v.orgId, budgetFen: yuanToFen(v.budgetYuan), funds }, form, {
      rename: { budgetFen: 'budgetYuan', funds: 'fund_upper' },
    });
    if (!body) return;
    try {
      const p = await create.mutateAsync(body);
      form.resetFields();
      onClose();
      void navigate(`/retrofits/programmes/${p.id}`);
    } catch (err) {
      showServerError(err, form, { rename: { budgetFen: 'budgetYuan', funds: 'fund_upper' } });
    }
  };
  return (
    <Modal title={t('新建改造项目')} open={open} onCancel={onClose} onOk={() => void submit()} okText={t('新建')} confirmLoading={create.isPending}>
      <Form form={form} layout="vertical" initialValues={{ year: new Date().getFullYear() }}>
        <Form.Item name="name" label={t('项目名称')} required>
          <Input maxLength={60} placeholder={t('如：2026年劳模适老化改造（一户一策）')} />
        </Form.Item>
        <Form.Item name="year" label={t('年度')} required>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="orgId" label={t('实施工会')} required>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="budgetYuan" label={t('项目预算（元）')} required>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text type="secondary">{t('资金来源（可不填；填写时合计须等于预算）')}</Typography.Text>
        <Row gutter={8}>
          {FUND_SOURCES.map((s) => (
            <Col span={8} key={s}>
              <Form.Item name={`fund_${s}`} label={t(FUND_SOURCE_LABELS[s])}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}

function Programmes() {
  const { t, tx } = useI18n();
  const { has } = usePermissions();
  const list = useProgrammes();
  const [open, setOpen] = useState(false);
  return (
    <>
      {has('retrofits:manage') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
          {t('新建改造项目')}
        </Button>
      ) : null}
      {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<ProgrammeView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('还没有改造项目') }}
        columns={[
          { title: t('年度'), dataIndex: 'year', width: 70 },
          { title: t('项目名称'), dataIndex: 'name', render: (v: string, p) => <Link to={`/retrofits/programmes/${p.id}`}>{tx(v)}</Link> },
          { title: t('实施工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
          { title: t('改造户数'), dataIndex: 'plans', align: 'right' },
          { title: t('预算使用'), key: 'budget', width: 320, render: (_, p) => <BudgetBar p={p} /> },
        ]}
      />
      <NewProgramme open={open} onClose={() => setOpen(false)} />
    </>
  );
}

function Stats() {
  const { t, tx } = useI18n();
  const programmes = useProgrammes();
  const [programmeId, setProgrammeId] = useState<number | undefined>();
  const stats = useRetrofitStats(programmeId);
  const s = stats.data;
  const charts = useMemo(() => {
    if (!s) return null;
    const regions = s.byRegion;
    const byRegion = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: regions.map((r) => tx(r.org.name)), axisLabel: { rotate: 20 } },
      yAxis: { type: 'value', minInterval: 1, name: t('户') },
      series: [
        { type: 'bar', name: t('改造方案'), data: regions.map((r) => r.plans), barMaxWidth: 36, itemStyle: { color: '#d4a017' } },
        { type: 'bar', name: t('已完成'), data: regions.map((r) => r.done), barMaxWidth: 36, itemStyle: { color: '#c62f2f' } },
      ],
    };
    const items = s.byItem.filter((r) => r.count > 0);
    const byItem = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: items.map((r) => t(ITEM_KIND_LABELS[r.kind])) },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('项') },
        { type: 'value', name: t('元') },
      ],
      series: [
        { type: 'bar', name: t('改造项数'), data: items.map((r) => r.count), barMaxWidth: 36, itemStyle: { color: '#c62f2f' } },
        { type: 'bar', name: t('预算金额'), yAxisIndex: 1, data: items.map((r) => r.budgetFen / 100), barMaxWidth: 36, itemStyle: { color: '#d4a017' } },
      ],
    };
    const byStage = {
      tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['35%', '50%'],
          label: { show: false },
          data: s.byStage.filter((r) => r.count > 0).map((r) => ({ name: t(STAGE_LABELS[r.stage]), value: r.count })),
        },
      ],
    };
    return { byRegion, byItem, byStage, hasItems: items.length > 0 };
  }, [s, t, tx]);
  return (
    <>
      <Select
        allowClear
        placeholder={t('全部改造项目')}
        style={{ width: 280, marginBottom: 12 }}
        value={programmeId}
        onChange={setProgrammeId}
        aria-label={t('改造项目')}
        options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.year} ${tx(p.name)}` }))}
      />
      {stats.error ? <LoadError error={stats.error} onRetry={() => stats.refetch()} /> : null}
      {!s || !charts ? (
        stats.error ? null : (
          <Loading />
        )
      ) : (
        <Row gutter={[16, 16]} data-testid="retrofit-stats">
          <Col xs={24} md={8}>
            <Card variant="borderless">
              <Statistic title={t('改造方案')} value={s.totals.plans} suffix={t('户')} />
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card variant="borderless">
              <Statistic title={t('已完成改造的劳模家庭')} value={s.totals.households} suffix={t('户')} />
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card variant="borderless">
              <Statistic title={t('已结算支出')} value={money(s.totals.spentFen)} />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card variant="borderless" title={t('按地区（下级工会汇总）')}>
              {s.byRegion.length ? <EChart option={charts.byRegion} /> : <Empty description={t('暂无数据')} />}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card variant="borderless" title={t('按阶段')}>
              {s.totals.plans ? <EChart option={charts.byStage} /> : <Empty description={t('暂无数据')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card variant="borderless" title={t('按改造项')}>
              {charts.hasItems ? <EChart option={charts.byItem} /> : <Empty description={t('暂无数据')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card variant="borderless" title={t('各地区明细')}>
              <Table
                rowKey={(r) => r.org.id}
                size="small"
                pagination={false}
                dataSource={s.byRegion}
                data-testid="retrofit-stats-by-region"
                columns={[
                  { title: t('单位'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
                  { title: t('改造方案'), dataIndex: 'plans', align: 'right' },
                  { title: t('已完成'), dataIndex: 'done', align: 'right' },
                  { title: t('已安排资金'), dataIndex: 'approvedFen', align: 'right', render: (v: number) => money(v) },
                  { title: t('已结算支出'), dataIndex: 'spentFen', align: 'right', render: (v: number) => money(v) },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}

export function RetrofitsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'board';
  return (
    <Page title={t('适老化改造')} subTitle={t('劳模家庭适老化改造，一户一策：入户评估、方案设计、审批、施工、验收、审计结算')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'board', label: t('改造看板'), children: <Board /> },
          { key: 'programmes', label: t('改造项目'), children: <Programmes /> },
          { key: 'stats', label: t('统计'), children: <Stats /> },
        ]}
      />
    </Page>
  );
}
