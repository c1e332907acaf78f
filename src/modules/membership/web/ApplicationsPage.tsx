/** 入会审批: the queue of join and transfer applications of the subtree, filtered, with single and bulk decisions. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { BarChartOutlined, CheckOutlined, QrcodeOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { useOccupations } from '../../people/web/people.api.ts';
import {
  APPLICATION_KIND_LABELS,
  APPLICATION_STATUSES,
  APPLICATION_STATUS_LABELS,
  CHANNELS,
  CHANNEL_LABELS,
  ListApplicationsQuery,
  ROUTE_LABELS,
  type ApplicationStatus,
} from '../membership.contract.ts';
import { useApplications, useApprove, useBulkApprove, useRefuse, useReview, type ApplicationView, type BulkResultView } from './membership.api.ts';
import { useI18n } from './i18n.ts';

const STATUS_COLORS: Record<ApplicationStatus, string> = { submitted: 'blue', reviewing: 'gold', approved: 'green', refused: 'red' };

export function ApplicationsPage() {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const list = useUrlQuery(ListApplicationsQuery);
  const q = list.query;
  const data = useApplications(q);
  const occupations = useOccupations();
  const canApprove = usePermissions().has('membership:approve');
  const [selected, setSelected] = useState<number[]>([]);
  const [refusing, setRefusing] = useState<ApplicationView | null>(null);
  const [reason, setReason] = useState('');
  const [bulk, setBulk] = useState<BulkResultView | null>(null);
  const review = useReview();
  const approve = useApprove();
  const refuse = useRefuse();
  const bulkApprove = useBulkApprove();
  const open = (a: ApplicationView) => a.status === 'submitted' || a.status === 'reviewing';

  const fail = (e: unknown) => void message.error(tx(e instanceof Error ? e.message : String(e)));

  return (
    <Page
      title={t('入会审批')}
      subTitle={t('职工端和扫码海报提交的入会、转会申请，送达受理工会审批')}
      extra={
        <Space>
          <Link to="/membership/stats">
            <Button icon={<BarChartOutlined />}>{t('入会统计')}</Button>
          </Link>
          <Link to="/membership/posters">
            <Button icon={<QrcodeOutlined />}>{t('入会二维码海报')}</Button>
          </Link>
        </Space>
      }
    >
      <Card variant="borderless">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('状态')}
            value={q.status}
            data-testid="filter-status"
            onChange={(v) => list.setFilters({ status: v })}
            options={[{ value: 'open', label: t('待审批') }, ...APPLICATION_STATUSES.map((s) => ({ value: s, label: t(APPLICATION_STATUS_LABELS[s]) }))]}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('渠道')}
            value={q.channel}
            onChange={(v) => list.setFilters({ channel: v })}
            options={CHANNELS.map((c) => ({ value: c, label: t(CHANNEL_LABELS[c]) }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 150 }}
            placeholder={t('职业')}
            value={q.occupation}
            onChange={(v) => list.setFilters({ occupation: v })}
            options={(occupations.data ?? []).map((o) => ({ value: o.code, label: tx(o.label) }))}
          />
          <DatePicker.RangePicker
            value={q.from && q.to ? [dayjs(q.from), dayjs(q.to)] : null}
            onChange={(r) => list.setFilters({ from: r?.[0]?.format('YYYY-MM-DD') ?? undefined, to: r?.[1]?.format('YYYY-MM-DD') ?? undefined })}
          />
          <OrgTreeSelect
            allowClear
            style={{ width: 240 }}
            placeholder={t('受理工会（含下级）')}
            value={q.orgId}
            onChange={(v) => list.setFilters({ orgId: v })}
          />
          {list.active ? <Button onClick={list.reset}>{t('清除筛选')}</Button> : null}
        </Flex>
        {canApprove ? (
          <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={!selected.length}
              loading={bulkApprove.isPending}
              data-testid="bulk-approve"
              onClick={() =>
                bulkApprove.mutate(selected, {
                  onSuccess: (r) => {
                    setBulk(r);
                    setSelected([]);
                  },
                  onError: fail,
                })
              }
            >
              {t('批量通过（{n} 条）', { n: selected.length })}
            </Button>
            <Typography.Text type="secondary">{t('逐条审批：不能通过的申请会逐条说明原因，其余照常通过')}</Typography.Text>
          </Flex>
        ) : null}
        {bulk ? (
          <Alert
            closable
            onClose={() => setBulk(null)}
            style={{ marginBottom: 12 }}
            type={bulk.failed ? 'warning' : 'success'}
            data-testid="bulk-result"
            message={t('已通过 {a} 条，未通过 {f} 条', { a: bulk.approved, f: bulk.failed })}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {bulk.rows.map((r) => (
                  <li key={r.id}>
                    {tx(r.name)}：{r.ok ? t('已通过，会员编号 {no}', { no: r.memberNo ?? '' }) : tx(r.message)}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        {data.error ? <LoadError error={data.error} onRetry={() => data.refetch()} /> : null}
        <Table<ApplicationView>
          rowKey="id"
          size="middle"
          loading={data.isFetching}
          dataSource={data.data?.items ?? []}
          data-testid="applications-table"
          locale={{ emptyText: t('暂无入会申请') }}
          rowSelection={
            canApprove
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (a) => ({ disabled: !open(a) }) }
              : undefined
          }
          {...list.paging(data.data?.total ?? 0, t)}
          columns={[
            {
              title: t('申请人'),
              dataIndex: 'name',
              render: (v: string, a) => (
                <Space direction="vertical" size={0}>
                  <span>
                    {tx(v)} <Tag>{t(APPLICATION_KIND_LABELS[a.kind])}</Tag>
                  </span>
                  <Typography.Text type="secondary">{[a.idMasked, a.phoneMasked].filter(Boolean).join(' · ')}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('工作单位 / 职业'),
              render: (_: unknown, a) => (
                <Space direction="vertical" size={0}>
                  <span>{tx(a.employerName ?? a.employerCreditCode ?? '—')}</span>
                  <Typography.Text type="secondary">{tx(a.occupationLabel ?? '')}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('受理工会'),
              render: (_: unknown, a) => (
                <Space direction="vertical" size={0}>
                  <span>{tx(a.orgName)}</span>
                  <Typography.Text type="secondary">
                    {a.fromOrgName ? t('转出：{org}', { org: tx(a.fromOrgName) }) : `${t(CHANNEL_LABELS[a.channel])} · ${t(ROUTE_LABELS[a.via])}`}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('提交时间'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
            {
              title: t('状态'),
              dataIndex: 'status',
              render: (s: ApplicationStatus, a) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLORS[s]}>{t(APPLICATION_STATUS_LABELS[s])}</Tag>
                  {a.memberNo ? <Typography.Text copyable>{a.memberNo}</Typography.Text> : null}
                  {a.status === 'refused' ? <Typography.Text type="secondary">{tx(a.reason)}</Typography.Text> : null}
                </Space>
              ),
            },
            {
              title: t('操作'),
              render: (_: unknown, a) =>
                canApprove && open(a) ? (
                  <Space>
                    {a.status === 'submitted' ? (
                      <Button size="small" onClick={() => review.mutate(a.id, { onError: fail })}>
                        {t('开始审核')}
                      </Button>
                    ) : null}
                    <Button
                      size="small"
                      type="primary"
                      data-testid={`approve-${a.id}`}
                      onClick={() =>
                        approve.mutate(a.id, {
                          onSuccess: (r) => void message.success(t('已通过，会员编号 {no}', { no: r.memberNo })),
                          onError: fail,
                        })
                      }
                    >
                      {t('通过')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        setReason('');
                        setRefusing(a);
                      }}
                    >
                      {t('不通过')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={!!refusing}
        title={t('不通过：{name}', { name: tx(refusing?.name) })}
        okText={t('确定不通过')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: refuse.isPending }}
        onCancel={() => setRefusing(null)}
        onOk={() => refuse.mutate({ id: refusing!.id, reason: reason.trim() }, { onSuccess: () => setRefusing(null), onError: fail })}
      >
        <Typography.Paragraph>{t('原因将告知申请人（短信和职工端消息）')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('不通过原因')} />
      </Modal>
    </Page>
  );
}
