/**
 * One event: what it is and how far it has got (places taken, waiting, attended, ratings), the
 * holiday warnings of its sessions, the lifecycle steps the server allows this account now, the
 * union's calendar feed, and tabs for sessions, places down the tree and sign-ups.
 */
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Space, Statistic, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CalendarOutlined, EditOutlined, ScanOutlined } from '@ant-design/icons';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { Page } from '../../../web/components/Page.tsx';
import { EVENT_KIND_LABELS, EVENT_STATUS_LABELS, EVENT_TRANSITION_LABELS, HOLIDAY_WARNING_LABELS, type EventTransition } from '../events.contract.ts';
import { MEMBERSHIP_FILTER_LABELS } from '../../people/eligibility.contract.ts';
import { calendarUrl, useEvent, useTransition, type EventView } from './events.api.ts';
import { EventFormModal } from './EventForm.tsx';
import { EVENT_STATUS_COLORS } from './EventsPage.tsx';
import { SessionsPanel } from './SessionsPanel.tsx';
import { QuotasPanel } from './QuotasPanel.tsx';
import { SignupsPanel } from './SignupsPanel.tsx';
import { useI18n } from './i18n.ts';

export function EventPage() {
  const { t } = useI18n();
  const id = useRouteId();
  const event = useEvent(id);
  return (
    <DetailLoader id={id} query={event} notFound={{ title: t('没有找到该活动'), back: { to: '/events', label: t('返回活动列表') } }}>
      {(e) => <EventDetail event={e} />}
    </DetailLoader>
  );
}

const DONE: Record<EventTransition, string> = { open: '已开放报名', close: '已截止报名', finish: '活动已结束', cancel: '活动已取消' };

/** The lifecycle buttons: only the steps the server said this account may take now; cancelling asks why. */
function Transitions({ event }: { event: EventView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const transition = useTransition(event.id);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const run = (action: EventTransition, why?: string) =>
    transition.mutate(
      { action, version: event.version, reason: why ?? null },
      {
        onSuccess: () => {
          setCancelling(false);
          void message.success(t(DONE[action]));
        },
        onError: (err) => void message.error(tx(err.message)),
      },
    );
  return (
    <>
      {event.can.actions.map((a) =>
        a === 'cancel' ? (
          <Button key={a} danger onClick={() => setCancelling(true)} data-testid="event-cancel">
            {t(EVENT_TRANSITION_LABELS[a])}
          </Button>
        ) : (
          <Button key={a} type={a === 'open' ? 'primary' : 'default'} loading={transition.isPending} onClick={() => run(a)} data-testid={`event-${a}`}>
            {t(EVENT_TRANSITION_LABELS[a])}
          </Button>
        ),
      )}
      <Modal
        open={cancelling}
        title={t('取消活动')}
        okText={t('确认取消活动')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText={t('返回')}
        confirmLoading={transition.isPending}
        onOk={() => run('cancel', reason.trim())}
        onCancel={() => setCancelling(false)}
      >
        <Typography.Paragraph>{t('取消后报名的职工会收到通知，活动不能再开放报名。')}</Typography.Paragraph>
        <Input.TextArea aria-label={t('取消原因')} placeholder={t('取消原因')} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}

function AudienceText({ event }: { event: EventView }) {
  const { t, tx } = useI18n();
  const a = event.audience;
  if (!a) return <>{t('主办单位下全部职工')}</>;
  const parts = [
    a.occupations.length ? t('职业 {n} 种', { n: a.occupations.length }) : null,
    a.employmentForms.length ? t('用工形式 {n} 种', { n: a.employmentForms.length }) : null,
    a.tagsAny.length ? a.tagsAny.map((g) => tx(g)).join('、') : null,
    a.orgIds.length ? t('{n} 个单位', { n: a.orgIds.length }) : null,
    a.membership !== 'any' ? t(MEMBERSHIP_FILTER_LABELS[a.membership]) : null,
    a.sex ? t(a.sex === 'male' ? '男' : '女') : null,
    a.ageMin !== null || a.ageMax !== null ? t('{a}–{b} 岁', { a: a.ageMin ?? 0, b: a.ageMax ?? 120 }) : null,
  ].filter(Boolean);
  return <>{parts.join(' · ')}</>;
}

function EventDetail({ event: e }: { event: EventView }) {
  const { t, tx, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const tab = params.get('tab') ?? 'signups';
  const places = e.capacity === null ? t('不限') : `${e.taken} / ${e.capacity}`;
  return (
    <Page
      title={
        <Space wrap>
          {tx(e.title)}
          <Tag>{t(EVENT_KIND_LABELS[e.kind])}</Tag>
          <Tag color={EVENT_STATUS_COLORS[e.status]} data-testid="event-status">
            {t(EVENT_STATUS_LABELS[e.status])}
          </Tag>
        </Space>
      }
      subTitle={`${tx(e.orgName)}${e.createdBy ? ` · ${t('{name} 创建', { name: tx(e.createdBy) })}` : ''}`}
      extra={
        <>
          <Tooltip title={t('本单位及下级单位全部活动的日历订阅地址，可导入手机或电脑日历')}>
            <Button icon={<CalendarOutlined />} href={calendarUrl(e.orgId)} data-testid="calendar-feed">
              {t('日历订阅')}
            </Button>
          </Tooltip>
          {e.status !== 'draft' && e.status !== 'cancelled' ? (
            <Button icon={<ScanOutlined />} onClick={() => navigate(`/events/${e.id}/checkin`)} data-testid="to-checkin">
              {t('现场签到')}
            </Button>
          ) : null}
          {e.can.edit ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('修改')}
            </Button>
          ) : null}
          <Transitions event={e} />
        </>
      }
    >
      {e.status === 'cancelled' && e.cancelReason ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('活动已取消：{reason}', { reason: tx(e.cancelReason) })} />
      ) : null}
      {e.warnings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="holiday-warnings"
          message={t('有场次安排在节假日或调休上班日')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {e.warnings.map((w) => (
                <li key={`${w.sessionId}-${w.day}`}>
                  {t(HOLIDAY_WARNING_LABELS[w.kind])}
                  {w.name ? `（${tx(w.name)}）` : ''}：{tx(w.message)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Flex gap={32} wrap style={{ marginBottom: 16 }}>
          <Statistic title={t('已占名额')} value={places} />
          <Statistic title={t('候补中')} value={e.waiting} suffix={t('人')} />
          <Statistic title={t('到场')} value={e.attended} suffix={t('人次')} />
          <Statistic
            title={t('平均评分')}
            value={e.averageRating === null ? '—' : e.averageRating.toFixed(1)}
            suffix={e.ratings ? t('（{n} 人评价）', { n: e.ratings }) : ''}
          />
          <Statistic title={t('符合报名条件')} value={e.audienceReach} suffix={t('人')} />
        </Flex>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('活动时间')}>{e.startsAt ? `${dateTime(e.startsAt)} – ${dateTime(e.endsAt)}` : t('尚未安排场次')}</Descriptions.Item>
          <Descriptions.Item label={t('报名时间')}>
            {e.signupOpensAt || e.signupClosesAt
              ? `${e.signupOpensAt ? dateTime(e.signupOpensAt) : t('开放即可报名')} – ${e.signupClosesAt ? dateTime(e.signupClosesAt) : t('截止报名前')}`
              : t('开放报名期间')}
          </Descriptions.Item>
          <Descriptions.Item label={t('职工自行报名')}>{e.workerSignup ? t('允许') : t('仅工会代报名')}</Descriptions.Item>
          <Descriptions.Item label={t('递补确认时限')}>{t('{n} 小时', { n: e.offerHours })}</Descriptions.Item>
          <Descriptions.Item label={t('报名对象')}>
            <AudienceText event={e} />
          </Descriptions.Item>
          {e.description ? <Descriptions.Item label={t('活动说明')}>{tx(e.description)}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'signups', label: t('报名（{n}）', { n: e.counts.confirmed + e.counts.offered + e.counts.waiting }), children: <SignupsPanel event={e} /> },
            { key: 'sessions', label: t('场次（{n}）', { n: e.sessionList.length }), children: <SessionsPanel event={e} /> },
            { key: 'quotas', label: t('名额分配'), children: <QuotasPanel event={e} /> },
          ]}
        />
      </Card>
      <EventFormModal open={editing} event={e} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </Page>
  );
}
