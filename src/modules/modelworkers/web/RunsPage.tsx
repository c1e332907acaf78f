/**
 * 津贴发放: the allowance runs of the account's subtree, and making one — a union, an allowance
 * (荣誉津贴 by the month, 生活补助 by the year) and a period — which lists everyone owed it for
 * confirmation by a second account (see RunPage).
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, DatePicker, Flex, Form, Modal, Select, Table, Tag, type TableProps } from 'antd';
import type { ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { useDialogForm } from '../../../web/components/forms.ts';
import { moneyTotal } from '../../../web/components/money.ts';
import { usePermissions, useMe } from '../../auth/web/auth.api.ts';
import { chinaToday } from '../../../shared/dates.ts';
import {
  ALLOWANCE_FREQUENCY,
  ALLOWANCE_KINDS,
  ALLOWANCE_KIND_LABELS,
  ListRunsQuery,
  RUN_STATUSES,
  RUN_STATUS_LABELS,
  RunInput,
  type AllowanceKind,
  type RunView,
} from '../modelworkers.contract.ts';
import { useCreateRun, useRuns } from './modelworkers.api.ts';
import { RUN_COLORS, periodText } from './labels.ts';
import { useI18n } from './i18n.ts';

export function RunsPage() {
  const { t, tx, dateTime } = useI18n();
  const { has } = usePermissions();
  const { query, setFilters, paging } = useUrlQuery(ListRunsQuery);
  const list = useRuns(query);
  const [creating, setCreating] = useState(false);

  const columns: TableProps<RunView>['columns'] = [
    {
      title: t('发放批次'),
      key: 'title',
      render: (_, r) => (
        <Link to={`/modelworkers/runs/${r.id}`}>
          {t('{org} {period} {kind}', { org: tx(r.org.name), period: periodText(r.period, t), kind: t(ALLOWANCE_KIND_LABELS[r.kind]) })}
        </Link>
      ),
    },
    { title: t('人数'), dataIndex: 'persons', key: 'persons', width: 80, align: 'right' },
    { title: t('金额'), dataIndex: 'amountFen', key: 'amountFen', width: 130, align: 'right', render: (v: number) => moneyTotal(v) },
    {
      title: t('状态'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: RunView['status']) => <Tag color={RUN_COLORS[v]}>{t(RUN_STATUS_LABELS[v])}</Tag>,
    },
    { title: t('生成人'), key: 'created', width: 220, render: (_, r) => `${tx(r.createdBy ?? t('系统'))} · ${dateTime(r.createdAt)}` },
    {
      title: t('确认人'),
      key: 'confirmed',
      width: 220,
      render: (_, r) => (r.confirmedAt ? `${tx(r.confirmedBy ?? t('系统'))} · ${dateTime(r.confirmedAt)}` : '—'),
    },
  ];

  return (
    <Page
      title={t('劳模津贴发放')}
      subTitle={t('荣誉津贴按月、生活补助按年，按荣誉等级和所在单位的标准发放；生成后须由另一位有发放权限的人员确认')}
      extra={
        has('modelworkers:pay') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="run-new">
            {t('生成发放批次')}
          </Button>
        ) : null
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder={t('状态')}
            aria-label={t('状态')}
            value={query.status}
            onChange={(status) => setFilters({ status })}
            options={RUN_STATUSES.map((s) => ({ value: s, label: t(RUN_STATUS_LABELS[s]) }))}
            style={{ width: 120 }}
          />
          <Select
            allowClear
            placeholder={t('津贴类型')}
            aria-label={t('津贴类型')}
            value={query.kind}
            onChange={(kind) => setFilters({ kind })}
            options={ALLOWANCE_KINDS.map((k) => ({ value: k, label: t(ALLOWANCE_KIND_LABELS[k]) }))}
            style={{ width: 140 }}
          />
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<RunView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          data-testid="runs-table"
          locale={{ emptyText: t('暂无发放批次') }}
          {...paging(list.data?.total ?? 0, t)}
        />
      </Card>
      <CreateRunModal open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

function CreateRunModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMe();
  const create = useCreateRun();
  const { form, submit, saving } = useDialogForm({
    open,
    initial: () => ({ orgId: me.data?.org.id, kind: 'honorary', period: dayjs(chinaToday()) }),
    schema: RunInput,
    save: { isPending: create.isPending, mutateAsync: async (body: RunInput) => navigate(`/modelworkers/runs/${(await create.mutateAsync(body)).id}`) },
    onClose,
    toBody: (v) => ({ ...v, period: (v.period as Dayjs | undefined)?.format(ALLOWANCE_FREQUENCY[v.kind as AllowanceKind] === 'yearly' ? 'YYYY' : 'YYYY-MM') }),
  });
  const kind = (Form.useWatch('kind', form) as AllowanceKind | undefined) ?? 'honorary';
  return (
    <Modal
      open={open}
      title={t('生成发放批次')}
      okText={t('生成并预览')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'run-create' } as ButtonProps}
    >
      <Form form={form} name="mw_run" layout="vertical">
        <Form.Item name="orgId" label={t('发放单位')} rules={[{ required: true, message: t('请选择发放单位') }]} tooltip={t('列入该单位及下级工会的劳模')}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="kind" label={t('津贴类型')}>
          <Select options={ALLOWANCE_KINDS.map((k) => ({ value: k, label: t(ALLOWANCE_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('发放期间')} rules={[{ required: true, message: t('请选择发放期间') }]}>
          <DatePicker picker={ALLOWANCE_FREQUENCY[kind] === 'yearly' ? 'year' : 'month'} maxDate={dayjs(chinaToday())} data-testid="run-period" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
