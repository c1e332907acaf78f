/**
 * 进度: rolled up the tree from the pre-aggregated counters — the child orgs' persons against their
 * quota (bar), hand-outs by day (line), every node's quota, 人数, 人次, amount and budget, and the
 * stock of every point.
 */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { Card, Col, Empty, Progress, Row, Table, Typography, type TableProps } from 'antd';
import type { ProgressNode } from '../campaigns.contract.ts';
import { useI18n } from './i18n.ts';
import { EChart } from '../../../web/components/EChart.tsx';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { useProgress, type CampaignView, type ProgressView } from './campaigns.api.ts';
import { count, money, moneyTotal } from '../../../web/components/money.ts';

// The shared host registers bar and pie charts; the daily line is this page's own.
echarts.use([LineChart]);

type Row = ProgressNode & { children?: Row[] };

function treeOf(nodes: ProgressNode[]): Row[] {
  const byId = new Map<number, Row>(nodes.map((n) => [n.orgId, { ...n }]));
  const roots: Row[] = [];
  for (const n of byId.values()) {
    const parent = n.parentOrgId !== null ? byId.get(n.parentOrgId) : undefined;
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

export function ProgressTab({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx, date } = useI18n();
  const progress = useProgress(c.id);
  const p: ProgressView | undefined = progress.data;
  const rows = useMemo(() => (p ? treeOf(p.nodes) : []), [p]);

  const bar = useMemo(() => {
    const kids = p ? p.nodes.filter((n) => n.parentOrgId === p.total.orgId) : [];
    const names = kids.map((n) => tx(n.orgName));
    // 呼和浩特市新城区总工会 → 新城区总工会 under the bar (the parent's city name repeats under every one); the full name stays the category.
    const short = (name: string) => name.replace(/^.{2,6}?市(?=.+[区县旗])/, '');
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('已慰问人数'), t('名额'), t('名单人数')] },
      grid: { left: 48, right: 16, top: 48, bottom: names.length > 4 ? 96 : 40 },
      xAxis: {
        type: 'category',
        data: names,
        axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0, width: 110, overflow: 'truncate', formatter: short },
      },
      yAxis: { type: 'value', name: t('人'), minInterval: 1 },
      series: [
        { name: t('已慰问人数'), type: 'bar', data: kids.map((n) => n.persons), itemStyle: { color: '#d9363e' } },
        { name: t('名额'), type: 'bar', data: kids.map((n) => n.quota ?? 0), itemStyle: { color: '#91caff' } },
        { name: t('名单人数'), type: 'bar', data: kids.map((n) => n.beneficiaries), itemStyle: { color: '#d9d9d9' } },
      ],
    };
  }, [p, t, tx]);

  const line = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('人数'), t('人次')] },
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: (p?.byDay ?? []).map((d) => date(d.day)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('人数'), type: 'line', smooth: true, data: (p?.byDay ?? []).map((d) => d.persons), itemStyle: { color: '#d9363e' } },
        { name: t('人次'), type: 'line', smooth: true, data: (p?.byDay ?? []).map((d) => d.personTimes), itemStyle: { color: '#1668dc' } },
      ],
    }),
    [p, t, date],
  );

  if (progress.error) return <LoadError error={progress.error} onRetry={() => progress.refetch()} />;
  if (!p) return <Loading />;

  const columns: TableProps<Row>['columns'] = [
    { title: t('单位'), dataIndex: 'orgName', key: 'org', width: 300, render: (v: string) => tx(v) },
    {
      title: t('名额'),
      dataIndex: 'quota',
      key: 'quota',
      width: 80,
      align: 'right',
      render: (v: number | null) => (v == null ? '—' : `${count(v)}${t('人')}`),
    },
    { title: t('名单人数'), dataIndex: 'beneficiaries', key: 'list', width: 90, align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
    { title: t('已慰问人数'), dataIndex: 'persons', key: 'persons', width: 96, align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
    { title: t('发放人次'), dataIndex: 'personTimes', key: 'times', width: 96, align: 'right', render: (v: number) => `${count(v)}${t('人次')}` },
    {
      title: t('完成率'),
      key: 'rate',
      width: 140,
      render: (_: unknown, n) => <Progress size="small" percent={n.beneficiaries ? Math.round((n.persons / n.beneficiaries) * 1000) / 10 : 0} />,
    },
    { title: t('金额'), dataIndex: 'amountFen', key: 'amount', width: 110, align: 'right', render: (v: number) => money(v) },
    { title: t('预算'), dataIndex: 'budgetFen', key: 'budget', width: 120, align: 'right', render: (v: number | null) => (v == null ? '—' : money(v)) },
  ];

  return (
    <div data-testid="progress">
      <Typography.Paragraph>
        {t('已慰问 {p} 人、{n} 人次，金额 {a}；名单 {b} 人。', {
          p: count(p.total.persons),
          n: count(p.total.personTimes),
          a: moneyTotal(p.total.amountFen),
          b: count(p.total.beneficiaries),
        })}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('下级单位完成情况')}>
            {bar.xAxis.data.length ? <EChart option={bar} height={320} /> : <Empty description={t('尚无下级单位数据')} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('每日发放')}>
            {p.byDay.length ? <EChart option={line} height={320} /> : <Empty description={t('尚未发放')} />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('逐级汇总')} style={{ marginTop: 16 }}>
        <Table<Row>
          rowKey="orgId"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          key={rows.length}
          scroll={{ x: 1030 }}
          data-testid="progress-table"
        />
      </Card>
      <Card size="small" title={t('发放点库存')} style={{ marginTop: 16 }}>
        <Table
          rowKey={(s) => `${s.pointId}-${s.packageName}`}
          size="small"
          pagination={false}
          dataSource={p.stock}
          locale={{ emptyText: t('未登记库存') }}
          columns={[
            { title: t('发放点'), dataIndex: 'pointName', render: (v: string) => tx(v) },
            { title: t('档次'), dataIndex: 'packageName', render: (v: string) => tx(v) },
            { title: t('备货'), dataIndex: 'quantity', align: 'right' },
            { title: t('已发'), dataIndex: 'issued', align: 'right' },
            {
              title: t('剩余'),
              key: 'left',
              align: 'right',
              render: (_: unknown, s) => <Typography.Text type={s.quantity - s.issued <= 0 ? 'danger' : undefined}>{s.quantity - s.issued}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </div>
  );
}
