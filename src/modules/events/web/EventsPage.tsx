/** 活动: the events organised in the account's subtree, filtered by kind, status, organiser and date; a new event starts here. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, DatePicker, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import {
  EVENT_KINDS,
  EVENT_KIND_LABELS,
  EVENT_STATUSES,
  EVENT_STATUS_LABELS,
  ListEventsQuery,
  type EventStatus,
  type EventSummary,
} from '../events.contract.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { useEvents } from './events.api.ts';
import { EventFormModal } from './EventForm.tsx';
import { useI18n } from './i18n.ts';

export const EVENT_STATUS_COLORS: Record<EventStatus, string> = { draft: 'default', open: 'green', closed: 'gold', finished: 'blue', cancelled: 'red' };

export function EventsPage() {
  const { t, tx, dateTime } = useI18n();
  const list = useUrlQuery(ListEventsQuery);
  const q = list.query;
  const data = useEvents(q);
  const navigate = useNavigate();
  const canManage = usePermissions().has('events:manage');
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title={t('活动')}
      subTitle={t('宣讲、文艺演出、技能竞赛、读书、培训、夏令营和疗休养：场次、名额、报名与签到')}
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="event-new">
            {t('新建活动')}
          </Button>
        ) : null
      }
    >
      <Card variant="borderless">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            style={{ width: 200 }}
            placeholder={t('活动名称')}
            defaultValue={q.q}
            onSearch={(v) => list.setFilters({ q: v || undefined })}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('活动类型')}
            value={q.kind}
            data-testid="filter-kind"
            onChange={(v) => list.setFilters({ kind: v })}
            options={EVENT_KINDS.map((k) => ({ value: k, label: t(EVENT_KIND_LABELS[k]) }))}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('状态')}
            value={q.status}
            data-testid="filter-status"
            onChange={(v) => list.setFilters({ status: v })}
            options={EVENT_STATUSES.map((s) => ({ value: s, label: t(EVENT_STATUS_LABELS[s]) }))}
          />
          <OrgTreeSelect
            allowClear
            style={{ width: 240 }}
            placeholder={t('主办单位（含下级）')}
            value={q.orgId}
            onChange={(v) => list.setFilters({ orgId: v })}
          />
          <DatePicker.RangePicker
            value={q.from && q.to ? [dayjs(q.from), dayjs(q.to)] : null}
            onChange={(r) => list.setFilters({ from: r?.[0]?.format('YYYY-MM-DD') ?? undefined, to: r?.[1]?.format('YYYY-MM-DD') ?? undefined })}
          />
          {list.active ? <Button onClick={list.reset}>{t('清除筛选')}</Button> : null}
        </Flex>
        {data.error ? <LoadError error={data.error} onRetry={() => data.refetch()} /> : null}
        <Table<EventSummary>
          rowKey="id"
          size="middle"
          loading={data.isFetching}
          dataSource={data.data?.items ?? []}
          data-testid="events-table"
          locale={{ emptyText: t('暂无活动') }}
          {...list.paging(data.data?.total ?? 0, t)}
          columns={[
            { title: t('活动名称'), dataIndex: 'title', render: (v: string, e) => <Link to={`/events/${e.id}`}>{tx(v)}</Link> },
            { title: t('活动类型'), dataIndex: 'kind', width: 110, render: (k: EventSummary['kind']) => t(EVENT_KIND_LABELS[k]) },
            { title: t('主办单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
            {
              title: t('时间'),
              dataIndex: 'startsAt',
              render: (v: string | null, e) =>
                v ? (
                  <Space direction="vertical" size={0}>
                    <span>{dateTime(v)}</span>
                    {e.sessions > 1 ? <Typography.Text type="secondary">{t('共 {n} 场', { n: e.sessions })}</Typography.Text> : null}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('尚未安排场次')}</Typography.Text>
                ),
            },
            {
              title: t('名额'),
              render: (_: unknown, e) => (
                <Space direction="vertical" size={0}>
                  <span>{e.capacity === null ? t('已报 {n} 人（不限名额）', { n: e.taken }) : t('已报 {n} / {c} 人', { n: e.taken, c: e.capacity })}</span>
                  {e.waiting ? <Typography.Text type="secondary">{t('候补 {n} 人', { n: e.waiting })}</Typography.Text> : null}
                </Space>
              ),
            },
            {
              title: t('状态'),
              dataIndex: 'status',
              width: 110,
              render: (s: EventStatus) => <Tag color={EVENT_STATUS_COLORS[s]}>{t(EVENT_STATUS_LABELS[s])}</Tag>,
            },
          ]}
        />
      </Card>
      <EventFormModal open={creating} event={null} onClose={() => setCreating(false)} onSaved={(e) => navigate(`/events/${e.id}?tab=sessions`)} />
    </Page>
  );
}
