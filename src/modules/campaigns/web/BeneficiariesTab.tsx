/**
 * 名单: while a draft, computed live from the rule; after approval, the frozen list (冻结时间
 * shown). 添加人员 and 排除 need a reason (audited); 与当前条件比对 re-runs the rule and lists who
 * would now be added or dropped.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Badge, Button, Drawer, Flex, Form, Input, Segmented, Select, Table, Tag, Typography, type TableProps } from 'antd';
import { DiffOutlined, UserAddOutlined } from '@ant-design/icons';
import { AdjustmentInput, type BeneficiaryRow } from '../campaigns.contract.ts';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { PersonPicker } from '../../people/web/PersonPicker.tsx';
import { ReasonModal } from '../../people/web/ReasonModal.tsx';
import { useAdjust, useBeneficiaries, useSnapshotDiff, type CampaignView, type SnapshotDiffView } from './campaigns.api.ts';
import { money } from '../../../web/components/money.ts';

type State = 'all' | 'pending' | 'received' | 'excluded';
const STATES: State[] = ['all', 'pending', 'received', 'excluded'];
const STATE_LABELS: Record<State, string> = { all: '全部', pending: '待领取', received: '已领取', excluded: '已排除' };

function useColumns(): NonNullable<TableProps<BeneficiaryRow>['columns']> {
  const { t, tx, dateTime } = useI18n();
  return [
    {
      title: t('姓名'),
      dataIndex: 'name',
      key: 'name',
      width: 100,
      fixed: 'start',
      render: (v: string, b) => <Link to={`/people/${b.personId}`}>{tx(v)}</Link>,
    },
    {
      title: t('证件号码'),
      dataIndex: 'idMasked',
      key: 'id',
      width: 180,
      render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span>,
    },
    { title: t('所属工会'), dataIndex: 'orgName', key: 'org', width: 220, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    { title: t('职业'), dataIndex: 'occupation', key: 'occupation', width: 100, render: (v: string | null) => (v ? tx(v) : '—') },
    { title: t('档次'), dataIndex: 'packageName', key: 'package', width: 120, render: (v: string | null) => (v ? tx(v) : '—') },
    { title: t('金额'), dataIndex: 'amountFen', key: 'amount', width: 110, align: 'right', render: (v: number) => money(v) },
    {
      title: t('来源'),
      dataIndex: 'source',
      key: 'source',
      width: 90,
      render: (v: BeneficiaryRow['source'], b) =>
        v === 'manual' ? (
          <Tag color="purple" title={b.reason ? tx(b.reason) : undefined}>
            {t('手动添加')}
          </Tag>
        ) : (
          <Tag bordered={false}>{t('按条件')}</Tag>
        ),
    },
    {
      title: t('状态'),
      key: 'state',
      width: 190,
      render: (_: unknown, b) =>
        b.excluded ? (
          <Typography.Text type="danger" title={b.reason ? tx(b.reason) : undefined}>
            {t('已排除')}
            {b.reason ? `：${tx(b.reason)}` : ''}
          </Typography.Text>
        ) : b.received > 0 ? (
          <Typography.Text type="success">
            {t('已领取 {n} 次', { n: b.received })}
            {b.lastReceivedAt ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {dateTime(b.lastReceivedAt)}
              </Typography.Text>
            ) : null}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('待领取')}</Typography.Text>
        ),
    },
    { title: t('重复慰问'), dataIndex: 'overlap', key: 'overlap', width: 160, render: (v: string | null) => (v ? <Tag color="orange">{tx(v)}</Tag> : '—') },
  ];
}

function DiffDrawer({ campaignId, open, onClose }: { campaignId: number; open: boolean; onClose: () => void }) {
  const { t, dateTime } = useI18n();
  const diff = useSnapshotDiff(campaignId, open);
  const columns = useColumns().filter((c) => ['name', 'id', 'org', 'package', 'amount'].includes(String(c.key)));
  const d: SnapshotDiffView | undefined = diff.data;
  return (
    <Drawer open={open} onClose={onClose} size={900} title={t('与当前条件比对')} data-testid="snapshot-diff">
      {diff.error ? <LoadError error={diff.error} onRetry={() => diff.refetch()} /> : null}
      {d && (
        <Flex vertical gap={16}>
          <Alert
            type={d.addedTotal + d.removedTotal > 0 ? 'warning' : 'success'}
            showIcon
            title={
              d.addedTotal + d.removedTotal > 0
                ? t('名单于 {at} 冻结。按当前条件重新计算：新增 {a} 人，减少 {r} 人。名单不会自动改变，如需调整请逐人添加或排除。', {
                    at: dateTime(d.frozenAt),
                    a: d.addedTotal,
                    r: d.removedTotal,
                  })
                : t('名单于 {at} 冻结，按当前条件重新计算结果一致。', { at: dateTime(d.frozenAt) })
            }
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('现符合条件、不在名单中（{n} 人）', { n: d.addedTotal })}
          </Typography.Title>
          <Table<BeneficiaryRow> size="small" rowKey="personId" dataSource={d.added} columns={columns} pagination={{ pageSize: 10 }} scroll={{ x: 700 }} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('在名单中、已不符合条件（{n} 人）', { n: d.removedTotal })}
          </Typography.Title>
          <Table<BeneficiaryRow> size="small" rowKey="personId" dataSource={d.removed} columns={columns} pagination={{ pageSize: 10 }} scroll={{ x: 700 }} />
        </Flex>
      )}
    </Drawer>
  );
}

export function BeneficiariesTab({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const { has } = usePermissions();
  const [state, setState] = useState<State>('all');
  const [q, setQ] = useState<string | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useBeneficiaries(c.id, { state, q, ...paging });
  const adjust = useAdjust();
  const [excluding, setExcluding] = useState<BeneficiaryRow | null>(null);
  const [adding, setAdding] = useState(false);
  const [diffOpen, setDiffOpen] = useState(false);
  const canAdjust = has('campaign:write') && c.status !== 'ended' && c.status !== 'archived';
  const data = list.data;

  const columns: NonNullable<TableProps<BeneficiaryRow>['columns']> = [
    ...useColumns(),
    ...(canAdjust
      ? [
          {
            title: t('操作'),
            key: 'op',
            width: 80,
            fixed: 'end' as const,
            render: (_: unknown, b: BeneficiaryRow) =>
              !b.excluded && b.received === 0 ? (
                <Button size="small" type="link" danger onClick={() => setExcluding(b)} data-testid={`exclude-${b.personId}`}>
                  {t('排除')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div data-testid="beneficiaries">
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Flex gap={12} wrap align="center">
          <Segmented<State>
            value={state}
            onChange={(s) => {
              setState(s);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={STATES.map((s) => ({ value: s, label: t(STATE_LABELS[s]) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('姓名、拼音或证件号末四位')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            style={{ width: 260 }}
          />
          {c.frozenAt ? (
            <Badge status="processing" text={t('名单已于 {at} 冻结', { at: dateTime(c.frozenAt) })} data-testid="frozen-badge" />
          ) : (
            <Badge status="default" text={t('草稿：名单按条件实时计算，审批后冻结')} />
          )}
        </Flex>
        <Flex gap={8}>
          {c.frozenAt && (
            <Button icon={<DiffOutlined />} onClick={() => setDiffOpen(true)}>
              {t('与当前条件比对')}
            </Button>
          )}
          {canAdjust && (
            <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
              {t('添加人员')}
            </Button>
          )}
        </Flex>
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
      <Table<BeneficiaryRow>
        rowKey={(b) => `${b.id ?? 'p'}-${b.personId}`}
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 1400 }}
        locale={{ emptyText: t('没有符合条件的慰问对象') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('共 {n} 人', { n: formatCount(n) }),
        }}
        onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        data-testid="beneficiary-table"
      />
      <ReasonModal<{ reason: string }>
        name="exclude"
        open={excluding !== null}
        title={t('排除 · {name}', { name: excluding ? tx(excluding.name) : '' })}
        okText={t('确认排除')}
        danger
        reasonLabel="排除原因"
        reasonSchema={AdjustmentInput.shape.reason}
        presets={['已调离本单位', '本期已享受其他慰问', '本人放弃', '信息有误']}
        onClose={() => setExcluding(null)}
        onSubmit={async (v) => {
          await adjust.mutateAsync({ id: c.id, personId: excluding!.personId, kind: 'exclude', reason: v.reason });
          message.success(t('已排除'));
        }}
      />
      <ReasonModal<{ reason: string; personId: number; packageId?: number }>
        name="add"
        open={adding}
        title={t('添加慰问对象')}
        okText={t('确认添加')}
        reasonLabel="添加原因"
        reasonSchema={AdjustmentInput.shape.reason}
        presets={['符合条件但档案信息未更新', '经单位申报核实', '补录遗漏人员']}
        intro={t('添加不符合条件、但经核实应当慰问的职工；须说明原因，记入审计日志。')}
        onClose={() => setAdding(false)}
        onSubmit={async (v) => {
          await adjust.mutateAsync({ id: c.id, personId: v.personId, kind: 'add', packageId: v.packageId ?? null, reason: v.reason });
          message.success(t('已添加'));
        }}
      >
        <Form.Item name="personId" label={t('职工')} rules={[{ required: true, message: t('请选择职工') }]}>
          <PersonPicker />
        </Form.Item>
        <Form.Item name="packageId" label={t('慰问档次')} tooltip={t('不选则归入最后一档')}>
          <Select allowClear options={c.packages.map((p) => ({ value: p.id, label: `${tx(p.name)}（${money(p.valueFen)}）` }))} placeholder={t('最后一档')} />
        </Form.Item>
      </ReasonModal>
      <DiffDrawer campaignId={c.id} open={diffOpen} onClose={() => setDiffOpen(false)} />
    </div>
  );
}
