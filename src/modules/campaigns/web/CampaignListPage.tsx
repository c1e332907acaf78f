/**
 * 慰问活动: the campaigns the account's org runs, its children run, or its parents run with it
 * taking part — filter by name, status, kind and year; budget, spent, 人数 and 人次 per campaign.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { CAMPAIGN_KINDS, CAMPAIGN_STATUSES, ListCampaignsQuery } from '../campaigns.contract.ts';
import { useI18n } from './i18n.ts';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { useCampaigns, type CampaignRow } from './campaigns.api.ts';
import { kindLabel, STATUS_COLORS, statusLabel } from './labels.ts';
import { count, moneyTotal } from '../../../web/components/money.ts';

const THIS_YEAR = new Date().getFullYear();

export function CampaignListPage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const { has } = usePermissions();
  const { query, setFilters, reset, paging } = useUrlQuery(ListCampaignsQuery);
  const list = useCampaigns(query);

  /** 2025年1月10日 – 2月10日: the year once when both dates share it. */
  const period = (from: string, to: string) =>
    from.slice(0, 4) === to.slice(0, 4) && !/^[A-Za-z]/.test(date(to)) ? `${date(from)} – ${date(to).replace(/^\d+年/, '')}` : `${date(from)} – ${date(to)}`;

  const columns: TableProps<CampaignRow>['columns'] = [
    {
      title: t('活动名称'),
      dataIndex: 'name',
      key: 'name',
      width: 200,
      fixed: 'start',
      render: (v: string, c) => (
        <Flex vertical>
          <Link to={`/campaigns/${c.id}`} style={{ fontWeight: 500 }}>
            {tx(v)}
          </Link>
          {c.theme ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {tx(c.theme)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('类型'), dataIndex: 'kind', key: 'kind', width: 96, render: (v: CampaignRow['kind']) => t(kindLabel(v)) },
    { title: t('主办单位'), dataIndex: 'orgName', key: 'orgName', width: 150, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    {
      title: t('活动期间'),
      key: 'period',
      width: 180,
      render: (_: unknown, c) => <span style={{ whiteSpace: 'nowrap' }}>{period(c.startsOn, c.endsOn)}</span>,
    },
    {
      title: t('状态'),
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (v: CampaignRow['status']) => <Tag color={STATUS_COLORS[v]}>{t(statusLabel(v))}</Tag>,
    },
    { title: t('预算'), dataIndex: 'budgetFen', key: 'budget', width: 100, align: 'right', render: (v: number) => moneyTotal(v) },
    { title: t('已发放'), dataIndex: 'spentFen', key: 'spent', width: 100, align: 'right', render: (v: number) => moneyTotal(v) },
    { title: t('名单人数'), dataIndex: 'beneficiaries', key: 'beneficiaries', width: 90, align: 'right', render: (v: number) => `${count(v)}${t('人')}` },
    {
      title: t('已慰问 人数 / 人次'),
      key: 'persons',
      width: 132,
      align: 'right',
      render: (_: unknown, c) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {count(c.persons)}
          {t('人')} / {count(c.personTimes)}
          {t('人次')}
        </span>
      ),
    },
  ];
  const width = columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 120), 0);
  const years = Array.from({ length: 6 }, (_, i) => THIS_YEAR + 1 - i);
  const data = list.data;

  return (
    <Page
      title={t('慰问活动')}
      subTitle={t('本级及下级工会主办的慰问活动，以及上级主办、本单位参与的活动')}
      extra={
        has('campaign:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')}>
            {t('新建活动')}
          </Button>
        )
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            defaultValue={query.q}
            key={query.q ?? ''}
            placeholder={t('活动名称')}
            onSearch={(q) => setFilters({ q: q.trim() || undefined })}
            style={{ width: 280 }}
            enterButton
            data-testid="campaign-search"
          />
          <Select
            allowClear
            placeholder={t('状态')}
            value={query.status}
            onChange={(status) => setFilters({ status })}
            options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(statusLabel(s)) }))}
            style={{ width: 120 }}
            aria-label={t('状态')}
          />
          <Select
            allowClear
            placeholder={t('类型')}
            value={query.kind}
            onChange={(kind) => setFilters({ kind })}
            options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))}
            style={{ width: 160 }}
            aria-label={t('类型')}
          />
          <Select
            allowClear
            placeholder={t('年度')}
            value={query.year}
            onChange={(year) => setFilters({ year })}
            options={years.map((y) => ({ value: y, label: t('{y}年', { y }) }))}
            style={{ width: 110 }}
            aria-label={t('年度')}
          />
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('重置')}
          </Button>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<CampaignRow>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: width }}
          size="middle"
          data-testid="campaign-table"
          locale={{ emptyText: t('暂无慰问活动') }}
          {...paging(data?.total ?? 0, t)}
        />
      </Card>
    </Page>
  );
}
