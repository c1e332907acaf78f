/**
 * 劳模名册: the model workers of the account's subtree — filter by name, honour level, status and
 * union; export what is listed; record a new model worker or import an honour list; go on to the
 * priority list and the allowance runs.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Flex, Input, Select, Table, Tag, type TableProps } from 'antd';
import { AlertOutlined, DownloadOutlined, ImportOutlined, PayCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../../web/http.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { HONOUR_LEVELS, HONOUR_LEVEL_LABELS, ListModelWorkersQuery, MW_STATUSES, MW_STATUS_LABELS, type ModelWorkerRow } from '../modelworkers.contract.ts';
import { exportRegister, useModelWorkers } from './modelworkers.api.ts';
import { AddModelWorkerModal } from './HonourModals.tsx';
import { ImportHonoursModal } from './ImportHonoursModal.tsx';
import { LEVEL_COLORS, STATUS_COLORS } from './labels.ts';
import { useI18n } from './i18n.ts';

export function RegisterPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { has } = usePermissions();
  const { query, filters, setFilters, reset, paging } = useUrlQuery(ListModelWorkersQuery);
  const list = useModelWorkers(query);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      await exportRegister(filters);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<ModelWorkerRow>['columns'] = [
    {
      title: t('姓名'),
      dataIndex: 'name',
      key: 'name',
      width: 100,
      fixed: 'start',
      render: (v: string, r) => <Link to={`/modelworkers/${r.id}`}>{tx(v)}</Link>,
    },
    { title: t('性别'), dataIndex: 'sex', key: 'sex', width: 60, render: (v: ModelWorkerRow['sex']) => t(v === 'male' ? '男' : '女') },
    { title: t('年龄'), dataIndex: 'age', key: 'age', width: 70, align: 'right' },
    { title: t('证件号码'), dataIndex: 'idMasked', key: 'idMasked', width: 180, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    { title: t('所属工会'), key: 'org', width: 200, ellipsis: { showTitle: true }, render: (_, r) => tx(r.org.name) },
    {
      title: t('荣誉'),
      key: 'honours',
      render: (_, r) => (
        <Flex gap={4} wrap>
          {r.honours.map((h) => (
            <Tag key={`${h.level}-${h.year}`} color={LEVEL_COLORS[h.level]}>
              {t('{level}（{year}年）', { level: t(HONOUR_LEVEL_LABELS[h.level]), year: h.year })}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('享受待遇'), dataIndex: 'withBenefits', key: 'withBenefits', width: 90, render: (v: boolean) => t(v ? '是' : '否') },
    {
      title: t('状态'),
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (v: ModelWorkerRow['status']) => <Tag color={STATUS_COLORS[v]}>{t(MW_STATUS_LABELS[v])}</Tag>,
    },
  ];

  return (
    <Page
      title={t('劳模名册')}
      subTitle={t('本级及下级工会登记了荣誉的劳动模范和先进工作者')}
      extra={
        <>
          <Button icon={<AlertOutlined />} onClick={() => navigate('/modelworkers/priority')} data-testid="mw-priority">
            {t('重点关爱')}
          </Button>
          <Button icon={<PayCircleOutlined />} onClick={() => navigate('/modelworkers/runs')} data-testid="mw-runs">
            {t('津贴发放')}
          </Button>
          {has('modelworkers:manage') ? (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="mw-import">
              {t('导入荣誉名单')}
            </Button>
          ) : null}
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="mw-export">
            {t('导出名册')}
          </Button>
          {has('modelworkers:manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="mw-add">
              {t('登记劳模')}
            </Button>
          ) : null}
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            defaultValue={query.q}
            key={query.q ?? ''}
            placeholder={t('姓名、拼音或证件号末四位')}
            onSearch={(q) => setFilters({ q: q.trim() || undefined })}
            style={{ width: 240 }}
            enterButton
            data-testid="mw-search"
          />
          <Select
            allowClear
            placeholder={t('荣誉等级')}
            aria-label={t('荣誉等级')}
            value={query.level}
            onChange={(level) => setFilters({ level })}
            options={HONOUR_LEVELS.map((l) => ({ value: l, label: t(HONOUR_LEVEL_LABELS[l]) }))}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('状态')}
            aria-label={t('状态')}
            value={query.status}
            onChange={(status) => setFilters({ status })}
            options={MW_STATUSES.map((s) => ({ value: s, label: t(MW_STATUS_LABELS[s]) }))}
            style={{ width: 110 }}
          />
          <OrgTreeSelect value={query.orgId} onChange={(orgId) => setFilters({ orgId })} placeholder={t('单位（含下级）')} allowClear style={{ width: 220 }} />
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('重置')}
          </Button>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<ModelWorkerRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1100 }}
          data-testid="mw-table"
          locale={{ emptyText: t('暂无劳模') }}
          {...paging(list.data?.total ?? 0, t)}
        />
      </Card>
      <AddModelWorkerModal open={adding} onClose={() => setAdding(false)} />
      <ImportHonoursModal open={importing} onClose={() => setImporting(false)} />
    </Page>
  );
}
