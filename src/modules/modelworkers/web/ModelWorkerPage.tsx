/**
 * 劳模档案: one model worker — who they are and why they need care, then tabs: 荣誉 (record,
 * correct, revoke), 状态变更 (the history), 关爱 (the care profile and the timeline, campaign
 * hand-outs included), 津贴台账 (every allowance, paid or waiting), and 适老化改造 (the retrofits
 * module's plans: see RetrofitTab.tsx).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Page } from '../../../web/components/Page.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { money } from '../../../web/components/money.ts';
import {
  ALLOWANCE_KIND_LABELS,
  CARE_VIEW_LABELS,
  DISABILITY_LABELS,
  HONOUR_LEVEL_LABELS,
  MW_STATUS_LABELS,
  RUN_STATUS_LABELS,
  type AllowanceLineView,
  type HonourView,
  type ModelWorkerView,
} from '../modelworkers.contract.ts';
import { useModelWorker } from './modelworkers.api.ts';
import { HonourModal, RevokeHonourModal } from './HonourModals.tsx';
import { CareModal, ProfileModal, StatusModal } from './CareModals.tsx';
import { RetrofitTab } from './RetrofitTab.tsx';
import { LEVEL_COLORS, RUN_COLORS, STATUS_COLORS, periodText, reasonText } from './labels.ts';
import { useI18n } from './i18n.ts';

export function ModelWorkerPage() {
  const { t } = useI18n();
  const id = useRouteId();
  const mw = useModelWorker(id);
  return (
    <DetailLoader
      id={id}
      query={mw}
      notFound={{ title: t('没有找到该劳模'), subTitle: t('职工不存在，或不在您的管辖范围内。'), back: { to: '/modelworkers', label: t('返回劳模名册') } }}
    >
      {(m) => <ModelWorkerDetail mw={m} />}
    </DetailLoader>
  );
}

function ModelWorkerDetail({ mw }: { mw: ModelWorkerView }) {
  const { t, tx, date } = useI18n();
  const [tab, setTab] = useState('honours');
  const inForce = mw.honours.filter((h) => !h.revokedOn);
  return (
    <Page
      title={
        <Space data-testid="mw-title">
          <span>{tx(mw.name)}</span>
          <Tag color={STATUS_COLORS[mw.status.status]}>{t(MW_STATUS_LABELS[mw.status.status])}</Tag>
        </Space>
      }
      subTitle={tx(mw.org.name)}
      extra={
        <>
          <Link to={`/people/${mw.id}`}>{t('职工档案页')}</Link>
          <Link to="/modelworkers">{t('返回劳模名册')}</Link>
        </>
      }
    >
      {!inForce.length ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('该职工尚未登记荣誉；登记后即列入劳模名册，并自动标注“劳模”。')} />
      ) : null}
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('性别')}>{t(mw.sex === 'male' ? '男' : '女')}</Descriptions.Item>
          <Descriptions.Item label={t('出生日期')}>
            {date(mw.birthDate)}（{t('{n} 周岁', { n: mw.age })}）
          </Descriptions.Item>
          <Descriptions.Item label={t('证件号码')}>
            <span style={{ fontFamily: 'monospace' }}>{mw.idMasked}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('状态')}>
            {t(MW_STATUS_LABELS[mw.status.status])}
            {mw.status.since ? t('（自 {d}）', { d: date(mw.status.since) }) : mw.status.fromRegistry ? t('（按职工档案的工作状态）') : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('手机号')}>{mw.phoneMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('上次走访')}>{mw.lastVisitOn ? date(mw.lastVisitOn) : t('未走访')}</Descriptions.Item>
          <Descriptions.Item label={t('标签')} span={3}>
            <Flex gap={4} wrap data-testid="mw-tags">
              {mw.tags.map((g) => (
                <Tag key={g} bordered={false}>
                  {tx(g)}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          {mw.reasons.length ? (
            <Descriptions.Item label={t('重点关爱')} span={3}>
              <Flex gap={4} wrap data-testid="mw-reasons">
                {mw.reasons.map((r) => (
                  <Tag key={r.code} color="volcano">
                    {reasonText(r, t, tx, date)}
                  </Tag>
                ))}
              </Flex>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'honours', label: t('荣誉'), children: <Honours mw={mw} /> },
          { key: 'status', label: t('状态变更'), children: <Statuses mw={mw} /> },
          { key: 'care', label: t('关爱'), children: <Care mw={mw} /> },
          { key: 'allowances', label: t('津贴台账'), children: <Allowances lines={mw.allowances} /> },
          { key: 'retrofit', label: t('适老化改造'), children: <RetrofitTab mw={mw} /> },
        ]}
      />
    </Page>
  );
}

function Honours({ mw }: { mw: ModelWorkerView }) {
  const { t, tx, date } = useI18n();
  const [editing, setEditing] = useState<HonourView | null | 'new'>(null);
  const [revoking, setRevoking] = useState<HonourView | null>(null);
  return (
    <Card
      variant="borderless"
      extra={
        mw.can.manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="honour-add">
            {t('登记荣誉')}
          </Button>
        ) : null
      }
    >
      <Table<HonourView>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={mw.honours}
        data-testid="honours-table"
        locale={{ emptyText: t('尚未登记荣誉') }}
        rowClassName={(h) => (h.revokedOn ? 'nj-row-reversal' : '')}
        columns={[
          {
            title: t('荣誉等级'),
            key: 'level',
            render: (_, h) => <Tag color={h.revokedOn ? 'default' : LEVEL_COLORS[h.level]}>{t(HONOUR_LEVEL_LABELS[h.level])}</Tag>,
          },
          { title: t('授予年份'), dataIndex: 'year', key: 'year', width: 100 },
          { title: t('授予机关'), dataIndex: 'awardingBody', key: 'awardingBody', render: (v: string) => tx(v) },
          { title: t('证书编号'), dataIndex: 'certificateNo', key: 'certificateNo', render: (v: string | null) => v ?? '—' },
          { title: t('享受待遇'), dataIndex: 'withBenefits', key: 'withBenefits', width: 90, render: (v: boolean) => t(v ? '是' : '否') },
          {
            title: t('状态'),
            key: 'state',
            render: (_, h) =>
              h.revokedOn ? (
                <Typography.Text type="secondary">{t('{d} 撤销：{reason}', { d: date(h.revokedOn), reason: tx(h.revokeReason) })}</Typography.Text>
              ) : (
                t('有效')
              ),
          },
          ...(mw.can.manage
            ? [
                {
                  title: t('操作'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, h: HonourView) =>
                    h.revokedOn ? null : (
                      <Space>
                        <Button size="small" onClick={() => setEditing(h)}>
                          {t('更正')}
                        </Button>
                        <Button size="small" danger onClick={() => setRevoking(h)}>
                          {t('撤销荣誉称号')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <HonourModal personId={mw.id} honour={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <RevokeHonourModal personId={mw.id} honour={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function Statuses({ mw }: { mw: ModelWorkerView }) {
  const { t, tx, date, dateTime } = useI18n();
  const [open, setOpen] = useState(false);
  const dead = mw.status.status === 'deceased';
  return (
    <Card
      variant="borderless"
      extra={
        mw.can.manage && !dead ? (
          <Button type="primary" onClick={() => setOpen(true)} data-testid="status-add">
            {t('登记状态变更')}
          </Button>
        ) : null
      }
    >
      {mw.statuses.length ? (
        <Timeline
          data-testid="status-history"
          items={mw.statuses.map((s) => ({
            color: s.status === 'deceased' ? 'gray' : s.status === 'retired' ? 'blue' : 'green',
            children: (
              <Flex vertical>
                <Typography.Text strong>
                  {date(s.since)} {t(MW_STATUS_LABELS[s.status])}
                </Typography.Text>
                {s.note ? <Typography.Text>{tx(s.note)}</Typography.Text> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('{by} 于 {at} 登记', { by: tx(s.by ?? t('系统')), at: dateTime(s.at) })}
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('尚未登记状态变更，按职工档案的工作状态显示')} />
      )}
      <StatusModal mw={mw} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

function Care({ mw }: { mw: ModelWorkerView }) {
  const { t, tx, date } = useI18n();
  const [profile, setProfile] = useState(false);
  const [adding, setAdding] = useState(false);
  const p = mw.profile;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Card
          variant="borderless"
          title={t('关爱档案')}
          extra={
            mw.can.manage ? (
              <Button size="small" onClick={() => setProfile(true)} data-testid="profile-edit">
                {t('编辑')}
              </Button>
            ) : null
          }
          style={{ marginBottom: 16 }}
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('独居')}>{t(p.livingAlone ? '是' : '否')}</Descriptions.Item>
            <Descriptions.Item label={t('残疾或失能情况')}>{t(DISABILITY_LABELS[p.disability])}</Descriptions.Item>
            <Descriptions.Item label={t('患病情况')}>{p.illness ? tx(p.illness) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('照护说明')}>{p.note ? tx(p.note) : '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card
          variant="borderless"
          title={t('关爱记录')}
          extra={
            mw.can.manage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="care-add">
                {t('登记关爱记录')}
              </Button>
            ) : null
          }
        >
          <Table
            rowKey={(c) => `${c.kind}-${c.id}`}
            size="small"
            dataSource={mw.care}
            data-testid="care-table"
            pagination={mw.care.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: t('暂无关爱记录') }}
            columns={[
              { title: t('日期'), dataIndex: 'on', key: 'on', width: 130, render: (v: string) => date(v) },
              {
                title: t('关爱类型'),
                dataIndex: 'kind',
                key: 'kind',
                width: 110,
                render: (v: ModelWorkerView['care'][number]['kind']) => t(CARE_VIEW_LABELS[v]),
              },
              {
                title: t('内容'),
                key: 'what',
                render: (_, c) => (
                  <Flex vertical>
                    {c.campaign ? <Link to={`/campaigns/${c.campaign.id}`}>{tx(c.campaign.name)}</Link> : null}
                    {c.hardshipCase ? <Link to={`/hardship/${c.hardshipCase.id}`}>{t('困难职工档案 {no}', { no: c.hardshipCase.caseNo })}</Link> : null}
                    {c.place ? <Typography.Text type="secondary">{tx(c.place)}</Typography.Text> : null}
                    {c.detail ? <span>{tx(c.detail)}</span> : null}
                  </Flex>
                ),
              },
              {
                title: t('金额'),
                dataIndex: 'amountFen',
                key: 'amountFen',
                width: 110,
                align: 'right',
                render: (v: number | null) => (v === null ? '—' : money(v)),
              },
              { title: t('慰问单位'), dataIndex: 'org', key: 'org', width: 180, render: (v: string) => tx(v) },
            ]}
          />
        </Card>
      </Col>
      <ProfileModal mw={mw} open={profile} onClose={() => setProfile(false)} />
      <CareModal mw={mw} personId={mw.id} open={adding} onClose={() => setAdding(false)} />
    </Row>
  );
}

function Allowances({ lines }: { lines: AllowanceLineView[] }) {
  const { t, tx, date } = useI18n();
  const paid = lines.filter((l) => l.state === 'paid').reduce((s, l) => s + l.amountFen, 0);
  return (
    <Card variant="borderless" extra={<Typography.Text>{t('已发放合计 {amount}', { amount: money(paid) })}</Typography.Text>}>
      <Table<AllowanceLineView>
        rowKey="id"
        size="small"
        dataSource={lines}
        data-testid="allowance-table"
        pagination={lines.length > 12 ? { pageSize: 12 } : false}
        locale={{ emptyText: t('暂无津贴发放记录') }}
        columns={[
          {
            title: t('发放期间'),
            dataIndex: 'period',
            key: 'period',
            width: 120,
            render: (v: string, l) => <Link to={`/modelworkers/runs/${l.runId}`}>{periodText(v, t)}</Link>,
          },
          { title: t('津贴类型'), dataIndex: 'kind', key: 'kind', width: 110, render: (v: AllowanceLineView['kind']) => t(ALLOWANCE_KIND_LABELS[v]) },
          { title: t('按荣誉等级'), dataIndex: 'level', key: 'level', render: (v: AllowanceLineView['level']) => t(HONOUR_LEVEL_LABELS[v]) },
          { title: t('金额'), dataIndex: 'amountFen', key: 'amountFen', width: 110, align: 'right', render: (v: number) => money(v) },
          { title: t('发放单位'), dataIndex: 'org', key: 'org', render: (v: string) => tx(v) },
          {
            title: t('状态'),
            key: 'state',
            width: 160,
            render: (_, l) => (
              <Space>
                <Tag color={RUN_COLORS[l.state]}>{t(RUN_STATUS_LABELS[l.state])}</Tag>
                {l.paidOn ? date(l.paidOn) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
