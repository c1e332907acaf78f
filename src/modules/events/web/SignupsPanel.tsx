/**
 * 报名: who signed up, who waits (with their place in line) and who was offered a freed place
 * (until when); signing a person up on their behalf, cancelling, marking attendance and the
 * certificate of one who attended — each button only where the server's `can` allows it.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Flex, Input, Modal, Rate, Select, Space, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { CheckOutlined, CloseOutlined, FilePdfOutlined, UserAddOutlined } from '@ant-design/icons';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { SIGNUP_SOURCE_LABELS, SIGNUP_STATUSES, SIGNUP_STATUS_LABELS, type SignupStatus } from '../events.contract.ts';
import {
  downloadCertificate,
  useAttendance,
  useCancelSignup,
  useSignUp,
  useSignups,
  type EventView,
  type SignupFilters,
  type SignupRow,
} from './events.api.ts';
import { useI18n } from './i18n.ts';

const STATUS_COLORS: Record<SignupStatus, string> = {
  confirmed: 'green',
  waiting: 'gold',
  offered: 'blue',
  cancelled: 'default',
  declined: 'default',
  expired: 'default',
};

function SignUpForm({ event }: { event: EventView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const signUp = useSignUp(event.id);
  const [personId, setPersonId] = useState<number | undefined>();
  const [wait, setWait] = useState(true);
  const submit = () =>
    signUp.mutate(
      { personId: personId!, waitIfFull: wait },
      {
        onSuccess: (r) => {
          setPersonId(undefined);
          void message.success(
            r.status === 'waiting'
              ? t('名额已满，{name} 已进入候补，排第 {n} 位', { name: tx(r.name), n: r.position ?? 0 })
              : t('{name} 报名成功', { name: tx(r.name) }),
          );
        },
        onError: (err) => void message.error(tx(err.message)),
      },
    );
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="signup-form">
      <PersonPicker value={personId} onChange={(v) => setPersonId(v)} style={{ width: 360 }} placeholder={t('代职工报名：输入姓名、拼音或证件号末四位')} />
      <Checkbox checked={wait} onChange={(e) => setWait(e.target.checked)}>
        {t('满员时进入候补')}
      </Checkbox>
      <Button type="primary" icon={<UserAddOutlined />} disabled={!personId} loading={signUp.isPending} onClick={submit} data-testid="signup-submit">
        {t('代职工报名')}
      </Button>
    </Flex>
  );
}

function StatusCell({ s }: { s: SignupRow }) {
  const { t, dateTime } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <Tag color={STATUS_COLORS[s.status]} data-testid="signup-status">
        {t(SIGNUP_STATUS_LABELS[s.status])}
      </Tag>
      {s.status === 'waiting' && s.position !== null ? <Typography.Text type="secondary">{t('候补第 {n} 位', { n: s.position })}</Typography.Text> : null}
      {s.status === 'offered' && s.offeredUntil ? (
        <Typography.Text type="secondary">{t('请在 {time} 前确认', { time: dateTime(s.offeredUntil) })}</Typography.Text>
      ) : null}
    </Space>
  );
}

export function SignupsPanel({ event }: { event: EventView }) {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<SignupFilters>({ status: 'live' });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const data = useSignups(event.id, { ...filters, ...paging });
  const cancel = useCancelSignup(event.id);
  const attendance = useAttendance(event.id);
  const [cancelling, setCancelling] = useState<SignupRow | null>(null);
  const [reason, setReason] = useState('');
  const fail = (err: Error) => void message.error(tx(err.message));
  const filter = (patch: SignupFilters) => {
    setFilters({ ...filters, ...patch });
    setPaging({ ...paging, page: 1 });
  };
  const c = event.counts;
  return (
    <>
      {event.can.signUp ? <SignUpForm event={event} /> : null}
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 170 }}
          value={filters.status ?? 'all'}
          data-testid="signup-filter-status"
          onChange={(v: SignupFilters['status'] | 'all') => filter({ status: v === 'all' ? undefined : v })}
          options={[
            { value: 'live', label: t('有效报名（{n}）', { n: c.confirmed + c.offered + c.waiting }) },
            ...SIGNUP_STATUSES.map((s) => ({ value: s, label: `${t(SIGNUP_STATUS_LABELS[s])}（${c[s]}）` })),
            { value: 'all', label: t('全部') },
          ]}
        />
        <Input.Search allowClear style={{ width: 180 }} placeholder={t('姓名')} onSearch={(v) => filter({ q: v || undefined })} />
        <OrgTreeSelect allowClear style={{ width: 240 }} placeholder={t('所在工会（含下级）')} value={filters.orgId} onChange={(v) => filter({ orgId: v })} />
      </Flex>
      <Table<SignupRow>
        rowKey="id"
        size="middle"
        loading={data.isFetching}
        dataSource={data.data?.items ?? []}
        data-testid="signups-table"
        locale={{ emptyText: t('暂无报名') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('共 {n} 条', { n }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        columns={[
          {
            title: t('姓名'),
            render: (_: unknown, s) => (
              <Space direction="vertical" size={0}>
                <span>{tx(s.name)}</span>
                <Typography.Text type="secondary">{s.idMasked}</Typography.Text>
              </Space>
            ),
          },
          { title: t('所在工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('状态'), render: (_: unknown, s) => <StatusCell s={s} /> },
          {
            title: t('报名方式'),
            render: (_: unknown, s) => (
              <Space direction="vertical" size={0}>
                <span>{t(SIGNUP_SOURCE_LABELS[s.source])}</span>
                <Typography.Text type="secondary">{dateTime(s.createdAt)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('到场与评价'),
            render: (_: unknown, s) =>
              s.attendedAt ? (
                <Space direction="vertical" size={0}>
                  <span>{t('到场 {time}', { time: dateTime(s.attendedAt) })}</span>
                  {s.rating !== null ? <Rate disabled value={s.rating} style={{ fontSize: 14 }} /> : null}
                  {s.feedback ? <Typography.Text type="secondary">{tx(s.feedback)}</Typography.Text> : null}
                </Space>
              ) : s.cancelReason ? (
                <Typography.Text type="secondary">{t('取消原因：{reason}', { reason: tx(s.cancelReason) })}</Typography.Text>
              ) : (
                '—'
              ),
          },
          {
            title: t('操作'),
            render: (_: unknown, s) => (
              <Space wrap>
                {s.can.attend ? (
                  <Button
                    size="small"
                    icon={<CheckOutlined />}
                    data-testid={`attend-${s.id}`}
                    loading={attendance.isPending && attendance.variables?.signupId === s.id}
                    onClick={() => attendance.mutate({ signupId: s.id, attended: true }, { onError: fail })}
                  >
                    {t('标记到场')}
                  </Button>
                ) : null}
                {s.can.unattend ? (
                  <Button size="small" onClick={() => attendance.mutate({ signupId: s.id, attended: false }, { onError: fail })}>
                    {t('撤销到场')}
                  </Button>
                ) : null}
                {s.can.certificate ? (
                  <Button size="small" icon={<FilePdfOutlined />} onClick={() => void downloadCertificate(event.id, s.id).catch(fail)}>
                    {t('证书')}
                  </Button>
                ) : null}
                {s.can.cancel ? (
                  <Button
                    size="small"
                    danger
                    icon={<CloseOutlined />}
                    data-testid={`cancel-${s.id}`}
                    onClick={() => {
                      setReason('');
                      setCancelling(s);
                    }}
                  >
                    {t('取消报名')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={cancelling !== null}
        title={t('取消 {name} 的报名', { name: tx(cancelling?.name ?? '') })}
        okText={t('确认取消报名')}
        okButtonProps={{ danger: true, 'data-testid': 'cancel-confirm' } as ButtonProps}
        cancelText={t('返回')}
        confirmLoading={cancel.isPending}
        onCancel={() => setCancelling(null)}
        onOk={() =>
          cancel.mutate(
            { signupId: cancelling!.id, reason: reason.trim() || undefined },
            {
              onSuccess: () => {
                setCancelling(null);
                void message.success(t('已取消报名；如有候补，名额已递补给排在最前的职工'));
              },
              onError: fail,
            },
          )
        }
      >
        <Typography.Paragraph>{t('取消后名额会递补给候补第一人，由其在确认时限内确认。')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('取消原因')}
          placeholder={t('取消原因（选填）')}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
