/**
 * 困难职工台账: the case files of the account's subtree — filter by name, status, category, cause,
 * 增量/存量/返困, 城镇困难职工/困难农民工 and org; export the (masked) ledger as .xlsx.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Input, Select, Table, Tag, type TableProps } from 'antd';
import {
  AimOutlined,
  BarChartOutlined,
  DownloadOutlined,
  ImportOutlined,
  NotificationOutlined,
  PlusOutlined,
  ReloadOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import {
  CASE_SOURCE_LABELS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  CATEGORIES,
  CATEGORY_LABELS,
  CAUSES,
  CAUSE_LABELS,
  ListCasesQuery,
} from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { exportLedger, useCases, type CaseRowView } from './hardship.api.ts';
import { categoryLabel, CATEGORY_COLORS, kindLabel, MIGRANT_LABELS, STATUS_COLORS, STOCK_LABELS } from './labels.ts';
import { money } from '../../../web/components/money.ts';

export function CaseListPage() {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { has } = usePermissions();
  const { query, filters, setFilters, reset, paging } = useUrlQuery(ListCasesQuery);
  const list = useCases(query);
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      await exportLedger(filters);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('导出失败，请稍后重试'));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<CaseRowView>['columns'] = [
    {
      title: t('档案号'),
      dataIndex: 'caseNo',
      key: 'caseNo',
      width: 130,
      fixed: 'start',
      render: (v: string, c) => (
        <Link to={`/hardship/${c.id}`} style={{ fontFamily: 'monospace' }}>
          {v}
        </Link>
      ),
    },
    { title: t('姓名'), dataIndex: 'name', key: 'name', width: 90, render: (v: string, c) => <Link to={`/hardship/${c.id}`}>{tx(v)}</Link> },
    { title: t('身份证号'), dataIndex: 'idMasked', key: 'idMasked', width: 180, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    { title: t('单位'), dataIndex: 'orgName', key: 'orgName', width: 180, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    {
      title: t('类别'),
      dataIndex: 'category',
      key: 'category',
      width: 150,
      render: (v: CaseRowView['category'], c) => (
        <Flex gap={4} wrap>
          <Tag color={CATEGORY_COLORS[v]}>{t(categoryLabel(v))}</Tag>
          {c.kind === 'temporary' ? <Tag>{t(kindLabel(c.kind))}</Tag> : null}
          {c.source === 'worker' ? <Tag data-testid="case-source-worker">{t(CASE_SOURCE_LABELS.worker)}</Tag> : null}
          {c.relapsed ? <Tag color="volcano">{t('返困')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('主要原因'),
      dataIndex: 'mainCause',
      key: 'mainCause',
      width: 150,
      ellipsis: { showTitle: true },
      render: (v: CaseRowView['mainCause']) => t(CAUSE_LABELS[v]),
    },
    { title: t('家庭人口'), dataIndex: 'householdSize', key: 'householdSize', width: 90, align: 'right', render: (v: number) => t('{n} 人', { n: v }) },
    {
      title: t('状态'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (v: CaseRowView['status']) => <Tag color={STATUS_COLORS[v]}>{t(CASE_STATUS_LABELS[v])}</Tag>,
    },
    { title: t('建档日期'), dataIndex: 'filedOn', key: 'filedOn', width: 130, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span> },
    { title: t('累计帮扶'), dataIndex: 'assistanceFen', key: 'assistanceFen', width: 120, align: 'right', render: (v: number) => money(v) },
  ];
  const width = columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 120), 0);
  const data = list.data;

  return (
    <Page
      title={t('困难职工台账')}
      subTitle={t('一户一档：本级及下级工会的困难职工档案')}
      extra={
        <>
          <Button icon={<ScheduleOutlined />} onClick={() => navigate('/hardship/tasks')} data-testid="hardship-tasks">
            {t('待办')}
          </Button>
          <Button icon={<AimOutlined />} onClick={() => navigate('/hardship/discovery')} data-testid="hardship-discovery">
            {t('主动发现')}
          </Button>
          <Button icon={<NotificationOutlined />} onClick={() => navigate('/hardship/notice')}>
            {t('公示名单')}
          </Button>
          <Button icon={<BarChartOutlined />} onClick={() => navigate('/hardship/stats')}>
            {t('统计')}
          </Button>
          {has('hardship:write') && (
            <Button icon={<ImportOutlined />} onClick={() => navigate('/hardship/import')} data-testid="hardship-import">
              {t('台账导入')}
            </Button>
          )}
          {has('hardship:export') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={onExport} data-testid="hardship-export">
              {t('导出台账')}
            </Button>
          )}
          {has('hardship:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/hardship/new')}>
              {t('建档申请')}
            </Button>
          )}
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            defaultValue={query.q}
            key={query.q ?? ''}
            placeholder={t('姓名、档案号或证件号末四位')}
            onSearch={(q) => setFilters({ q: q.trim() || undefined })}
            style={{ width: 260 }}
            enterButton
            data-testid="hardship-search"
          />
          <Select
            allowClear
            placeholder={t('状态')}
            value={query.status}
            onChange={(status) => setFilters({ status })}
            options={CASE_STATUSES.map((s) => ({ value: s, label: t(CASE_STATUS_LABELS[s]) }))}
            style={{ width: 120 }}
            aria-label={t('状态')}
          />
          <Select
            allowClear
            placeholder={t('类别')}
            value={query.category}
            onChange={(category) => setFilters({ category })}
            options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_LABELS[c]) }))}
            style={{ width: 120 }}
            aria-label={t('类别')}
          />
          <Select
            allowClear
            placeholder={t('致困原因')}
            value={query.cause}
            onChange={(cause) => setFilters({ cause })}
            options={CAUSES.map((c) => ({ value: c, label: t(CAUSE_LABELS[c]) }))}
            style={{ width: 170 }}
            aria-label={t('致困原因')}
          />
          <Select
            allowClear
            placeholder={t('增量/存量/返困')}
            value={query.stock}
            onChange={(stock) => setFilters({ stock })}
            options={(['new', 'existing', 'relapsed'] as const).map((s) => ({ value: s, label: t(STOCK_LABELS[s]) }))}
            style={{ width: 140 }}
            aria-label={t('增量/存量/返困')}
          />
          <Select
            allowClear
            placeholder={t('职工类型')}
            value={query.migrant}
            onChange={(migrant) => setFilters({ migrant })}
            options={(['0', '1'] as const).map((s) => ({ value: s, label: t(MIGRANT_LABELS[s]) }))}
            style={{ width: 140 }}
            aria-label={t('职工类型')}
          />
          <OrgTreeSelect value={query.orgId} onChange={(orgId) => setFilters({ orgId })} placeholder={t('单位（含下级）')} allowClear style={{ width: 220 }} />
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('重置')}
          </Button>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<CaseRowView>
          rowKey="id"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: width }}
          size="middle"
          data-testid="hardship-table"
          locale={{ emptyText: t('暂无困难职工档案') }}
          {...paging(data?.total ?? 0, t)}
        />
      </Card>
    </Page>
  );
}
