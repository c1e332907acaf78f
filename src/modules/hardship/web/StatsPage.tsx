/**
 * 困难帮扶统计: cases by category and by main cause, assistance amounts by month and type, and
 * the child orgs' cases and amounts, for one year.
 */
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Col, Empty, Row, Select, Table } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { ASSISTANCE_LABELS, ASSISTANCE_TYPES, CATEGORY_LABELS, CAUSE_LABELS } from '../hardship.contract.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { EChart } from '../../../web/components/EChart.tsx';
import { useStats, type StatsView } from './hardship.api.ts';
import { money } from '../../../web/components/money.ts';

// The shared chart host bundles bar and pie; the monthly trend needs lines too.
echarts.use([LineChart]);

const THIS_YEAR = new Date().getFullYear();

export function StatsPage() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const [year, setYear] = useState(THIS_YEAR);
  const stats = useStats(year);
  const s = stats.data;

  const charts = useMemo(() => {
    if (!s) return null;
    const byCategory = {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: s.byCategory.map((r) => t(CATEGORY_LABELS[r.category])) },
      yAxis: { type: 'value', minInterval: 1, name: t('户') },
      series: [{ type: 'bar', name: t('档案数'), data: s.byCategory.map((r) => r.cases), barMaxWidth: 48, itemStyle: { color: '#c62f2f' } }],
    };
    const byCause = {
      tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['35%', '50%'],
          label: { show: false },
          data: s.byCause.map((r) => ({ name: t(CAUSE_LABELS[r.cause]), value: r.cases })),
        },
      ],
    };
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const types = ASSISTANCE_TYPES.filter((ty) => s.byMonth.some((r) => r.type === ty));
    const byMonth = {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(Math.round(v * 100)) },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: months.map((m) => t('{m}月', { m: Number(m.slice(5)) })) },
      yAxis: { type: 'value', name: t('元') },
      series: types.map((ty) => ({
        type: 'line',
        name: t(ASSISTANCE_LABELS[ty]),
        smooth: true,
        data: months.map((m) => (s.byMonth.find((r) => r.type === ty && r.month.slice(0, 7) === m)?.amountFen ?? 0) / 100),
      })),
    };
    return { byCategory, byCause, byMonth, hasMonth: types.length > 0 };
  }, [s, t, year]);

  const years = Array.from({ length: 6 }, (_, i) => THIS_YEAR - i);

  return (
    <Page
      title={t('困难帮扶统计')}
      subTitle={t('本级及下级工会的困难职工档案和帮扶金额')}
      extra={
        <>
          <Select
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: t('{y}年', { y }) }))}
            style={{ width: 110 }}
            aria-label={t('年度')}
          />
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hardship')}>
            {t('返回台账')}
          </Button>
        </>
      }
    >
      {stats.error ? <LoadError error={stats.error} onRetry={() => stats.refetch()} /> : null}
      {!s || !charts ? (
        stats.error ? null : (
          <Loading />
        )
      ) : (
        <Row gutter={[16, 16]} data-testid="hardship-stats">
          <Col xs={24} lg={12}>
            <Card variant="borderless" title={t('按困难类别')}>
              {s.byCategory.length ? <EChart option={charts.byCategory} /> : <Empty description={t('暂无数据')} />}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card variant="borderless" title={t('按主要致困原因')}>
              {s.byCause.length ? <EChart option={charts.byCause} /> : <Empty description={t('暂无数据')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card variant="borderless" title={t('各月帮扶金额（按帮扶类型）')}>
              {charts.hasMonth ? <EChart option={charts.byMonth} /> : <Empty description={t('本年度暂无帮扶记录')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card variant="borderless" title={t('下级单位')}>
              <Table<StatsView['byOrg'][number]>
                rowKey="orgId"
                size="small"
                pagination={false}
                dataSource={s.byOrg}
                data-testid="stats-by-org"
                locale={{ emptyText: t('暂无数据') }}
                columns={[
                  { title: t('单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
                  { title: t('档案数'), dataIndex: 'cases', align: 'right', sorter: (a, b) => a.cases - b.cases, render: (v: number) => t('{n} 户', { n: v }) },
                  {
                    title: t('帮扶金额'),
                    dataIndex: 'amountFen',
                    align: 'right',
                    sorter: (a, b) => a.amountFen - b.amountFen,
                    defaultSortOrder: 'descend',
                    render: (v: number) => money(v),
                  },
                ]}
                summary={(rows) =>
                  rows.length ? (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>{t('合计')}</Table.Summary.Cell>
                      <Table.Summary.Cell index={1} align="right">
                        {t('{n} 户', { n: rows.reduce((n, r) => n + r.cases, 0) })}
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={2} align="right">
                        {money(rows.reduce((n, r) => n + r.amountFen, 0))}
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  ) : null
                }
              />
            </Card>
          </Col>
        </Row>
      )}
    </Page>
  );
}
