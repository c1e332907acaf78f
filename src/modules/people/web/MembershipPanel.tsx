/**
 * 会籍 tab: 入会 when the person has never joined (one membership for life, the number kept);
 * otherwise its state and the changes that state allows — 退会、除名、恢复会籍、转出 — each with a
 * reason. A 转出 waits as 转出中 until the receiving union accepts it.
 */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import { SwapOutlined, UserAddOutlined, UserDeleteOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { JoinInput, MembershipChangeInput, type PersonView } from '../people.contract.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { useI18n } from './i18n.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { TransferTargetSelect } from '../../orgs/web/TransferTargetSelect.tsx';
import { ReasonModal } from './ReasonModal.tsx';
import { MEMBERSHIP_COLORS, membershipLabel } from './personLabels.ts';
import { useChangeMembership, useJoinUnion } from './people.api.ts';

type ChangeAction = 'withdraw' | 'expel' | 'rejoin' | 'transfer_out';

const ACTIONS: Record<ChangeAction, { title: string; ok: string; intro: string; presets: string[]; done: string; danger?: boolean }> = {
  withdraw: {
    title: '退会',
    ok: '确认退会',
    intro: '退会后保留会员编号，日后可恢复会籍。',
    presets: ['本人申请退会', '离开本单位'],
    done: '已办理退会',
    danger: true,
  },
  expel: {
    title: '除名',
    ok: '确认除名',
    intro: '除名须经工会委员会讨论决定；日后可恢复会籍。',
    presets: ['连续六个月不交会费、不参加组织生活', '严重违法犯罪'],
    done: '已除名',
    danger: true,
  },
  rejoin: { title: '恢复会籍', ok: '确认恢复', intro: '恢复后沿用原会员编号。', presets: ['本人申请恢复会籍', '重新就业'], done: '已恢复会籍' },
  transfer_out: {
    title: '会籍转出',
    ok: '确认转出',
    intro: '转出后会籍状态为“转出中”，待转入工会接收后完成；对方拒收则恢复为会员。',
    presets: ['工作调动', '单位变更', '居住地变更'],
    done: '已转出，等待对方接收',
  },
};

const toApiDate = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v);
const notFuture = (d: Dayjs) => d.isAfter(dayjs(chinaToday()), 'day');

function JoinForm({ person }: { person: PersonView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ joinedOn: Dayjs; memberNo?: string }>();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const join = useJoinUnion();

  const submit = () => {
    const v = form.getFieldsValue();
    const input = check(JoinInput, { joinedOn: toApiDate(v.joinedOn), memberNo: v.memberNo?.trim() || null }, form);
    if (!input) return;
    join.mutate(
      { id: person.id, ...input },
      {
        onSuccess: (p) => {
          message.success(t('{name} 已入会，会员编号 {no}', { name: tx(p.name), no: p.membership?.memberNo ?? '' }));
        },
        onError: (err) => showServerError(err, form),
      },
    );
  };

  return (
    <Card size="small" title={t('办理入会')} style={{ maxWidth: 640 }} data-testid="join-form">
      <Form form={form} name="join" layout="vertical" initialValues={{ joinedOn: dayjs(chinaToday()) }}>
        <Flex gap={16} wrap>
          <Form.Item name="joinedOn" label={t('入会日期')} required rules={[rule(JoinInput.shape.joinedOn, toApiDate)]} style={{ width: 200 }}>
            <DatePicker style={{ width: '100%' }} disabledDate={notFuture} allowClear={false} />
          </Form.Item>
          <Form.Item
            name="memberNo"
            label={t('会员编号')}
            rules={[rule(JoinInput.shape.memberNo)]}
            extra={t('留空则自动编号：所在地区划代码 + 入会年份 + 顺序号')}
            style={{ flex: 1, minWidth: 260 }}
          >
            <Input maxLength={30} placeholder={t('选填')} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Flex>
        <Button type="primary" icon={<UserAddOutlined />} loading={join.isPending} onClick={submit}>
          {t('确认入会')}
        </Button>
      </Form>
    </Card>
  );
}

export function MembershipPanel({ person }: { person: PersonView }) {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const change = useChangeMembership();
  const [action, setAction] = useState<ChangeAction | null>(null);
  const m = person.membership;
  const canEdit = person.can.edit;

  if (!m) {
    return (
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('该职工尚未入会')} description={t('一人只入会一次，会员编号终身不变；退会或除名后可恢复会籍。')} />
        {canEdit ? <JoinForm person={person} /> : <Empty description={t('尚未入会')} />}
      </Flex>
    );
  }

  const spec = action ? ACTIONS[action] : null;
  const buttons: { key: ChangeAction; icon: React.ReactNode; danger?: boolean }[] =
    m.state === 'member'
      ? [
          { key: 'transfer_out', icon: <SwapOutlined /> },
          { key: 'withdraw', icon: <UserDeleteOutlined /> },
          { key: 'expel', icon: <StopOutlined />, danger: true },
        ]
      : m.state === 'withdrawn' || m.state === 'expelled'
        ? [{ key: 'rejoin', icon: <UndoOutlined /> }]
        : [];

  return (
    <Flex vertical gap={16} data-testid="membership-panel">
      {m.state === 'transferring' && (
        <Alert
          type="warning"
          showIcon
          title={t('会籍转出中：等待 {org} 接收', { org: tx(m.pendingOrgName ?? '') })}
          description={t('对方接收后，该职工的档案与会籍转入对方工会；对方拒收则恢复为本会会员。')}
        />
      )}
      <Descriptions bordered size="middle" column={{ xs: 1, md: 3 }} styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('会籍状态')}>
          <Tag color={MEMBERSHIP_COLORS[m.state]} data-testid="membership-state">
            {t(membershipLabel(m.state))}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('会员编号')}>
          <Typography.Text copyable style={{ fontFamily: 'monospace' }} data-testid="member-no">
            {m.memberNo}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('入会日期')}>{date(m.joinedOn)}</Descriptions.Item>
        {m.pendingOrgName && <Descriptions.Item label={t('转入工会')}>{tx(m.pendingOrgName)}</Descriptions.Item>}
      </Descriptions>
      {canEdit && buttons.length > 0 && (
        <Space wrap>
          {buttons.map((b) => (
            <Button key={b.key} icon={b.icon} danger={b.danger} onClick={() => setAction(b.key)}>
              {t(ACTIONS[b.key].title)}
            </Button>
          ))}
        </Space>
      )}
      <ReasonModal<{ reason: string; toOrgId?: number; on?: Dayjs }>
        name="membershipChange"
        open={Boolean(action)}
        title={spec ? `${t(spec.title)} · ${tx(person.name)}` : ''}
        okText={spec ? t(spec.ok) : ''}
        danger={spec?.danger}
        reasonSchema={MembershipChangeInput.shape.reason}
        presets={spec?.presets}
        intro={spec ? t(spec.intro) : undefined}
        initialValues={{ on: dayjs(chinaToday()) }}
        onClose={() => setAction(null)}
        onSubmit={async (v) => {
          if (!action || !spec) return;
          await change.mutateAsync({ id: person.id, action, reason: v.reason, toOrgId: v.toOrgId, on: toApiDate(v.on) as string | undefined });
          message.success(t(spec.done));
        }}
      >
        {action === 'transfer_out' && (
          <Form.Item name="toOrgId" label={t('转入工会')} required rules={[{ required: true, message: t('请选择转入工会') }]}>
            <TransferTargetSelect currentOrgId={person.orgId} />
          </Form.Item>
        )}
        <Form.Item name="on" label={t('办理日期')}>
          <DatePicker disabledDate={notFuture} style={{ width: 200 }} />
        </Form.Item>
      </ReasonModal>
    </Flex>
  );
}
