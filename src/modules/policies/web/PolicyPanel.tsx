/**
 * The policy sheet of one org on one day, grouped as the contract groups it: the value in force,
 * where it comes from (本级 or inherited), and the org's own history with pending values to withdraw.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import type { PolicyItem } from '../policies.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { formatPolicyValue } from './policyValues.ts';
import { usePolicySheet, useWithdrawPolicy } from './policies.api.ts';
import { SetPolicyModal } from './SetPolicyModal.tsx';

type OwnRow = PolicyItem['own'][number];

export function PolicyPanel({ orgId, date, bordered = false }: { orgId?: number; date?: string; bordered?: boolean }) {
  const { t, tx, date: fmtDate, dateTime } = useI18n();
  const { message } = App.useApp();
  const sheet = usePolicySheet(orgId, date);
  const withdraw = useWithdrawPolicy();
  const [editing, setEditing] = useState<PolicyItem | null>(null);
  const [keyword, setKeyword] = useState('');
  const [ownOnly, setOwnOnly] = useState(false);

  const groups = useMemo(() => {
    const map = new Map<string, PolicyItem[]>();
    for (const item of sheet.data?.items ?? []) {
      const k = keyword.trim();
      if (k && !item.label.includes(k) && !tx(item.label).includes(k) && !t(item.label).toLowerCase().includes(k.toLowerCase())) continue;
      if (ownOnly && item.effective?.inherited !== false) continue;
      map.set(item.group, [...(map.get(item.group) ?? []), item]);
    }
    return [...map];
  }, [sheet.data, keyword, ownOnly, t, tx]);

  if (sheet.isLoading) return <Loading />;
  if (sheet.error) return <LoadError error={sheet.error} onRetry={() => sheet.refetch()} />;
  const data = sheet.data!;

  const ownColumns = [
    { title: t('值'), key: 'value', render: (_: unknown, r: OwnRow & { item: PolicyItem }) => formatPolicyValue(r.item.kind, r.value, t(r.item.unit)) },
    { title: t('生效日期'), dataIndex: 'effectiveFrom', render: (v: string) => fmtDate(v) },
    { title: t('依据或说明'), dataIndex: 'note', render: (v: string | null) => (v ? tx(v) : '—') },
    { title: t('录入人'), dataIndex: 'createdByName', render: (v: string | null) => (v ? tx(v) : t('系统')) },
    { title: t('录入时间'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
    {
      title: t('状态'),
      key: 'state',
      render: (_: unknown, r: OwnRow & { item: PolicyItem }) =>
        r.pending ? (
          <Tag color="gold">{t('待生效')}</Tag>
        ) : r.item.effective && !r.item.effective.inherited && r.item.effective.effectiveFrom === r.effectiveFrom ? (
          <Tag color="green">{t('现行')}</Tag>
        ) : (
          <Tag>{t('已被替代')}</Tag>
        ),
    },
    {
      title: t('操作'),
      key: 'actions',
      render: (_: unknown, r: OwnRow & { item: PolicyItem }) =>
        r.pending && data.canEdit ? (
          <Popconfirm
            title={t('撤回该值？')}
            description={t('撤回后，{d} 起将继续沿用原来的值', { d: fmtDate(r.effectiveFrom) })}
            okText={t('撤回')}
            cancelText={t('取消')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              withdraw.mutateAsync(r.id).then(
                () => message.success(t('已撤回')),
                (err: unknown) => message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试')),
              )
            }
          >
            <Button type="link" size="small" danger>
              {t('撤回')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <div>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('查找参数')} style={{ width: 220 }} onSearch={setKeyword} onChange={(e) => !e.target.value && setKeyword('')} />
        <Space>
          <Switch size="small" checked={ownOnly} onChange={setOwnOnly} />
          <Typography.Text>{t('只看本级设置')}</Typography.Text>
        </Space>
        <Typography.Text type="secondary">{t('{org} · {d} 适用的参数', { org: tx(data.org.name), d: fmtDate(data.date) })}</Typography.Text>
      </Flex>
      {groups.length === 0 && <Empty description={t('没有符合条件的参数')} />}
      {groups.map(([group, items]) => (
        <Card
          key={group}
          size="small"
          title={t(group)}
          variant={bordered ? 'outlined' : 'borderless'}
          style={{ marginBottom: 16 }}
          styles={{ body: { padding: 0 } }}
        >
          <Table<PolicyItem>
            rowKey="key"
            size="middle"
            pagination={false}
            dataSource={items}
            scroll={{ x: 1000 }}
            expandable={{
              rowExpandable: (r) => r.own.length > 0,
              expandedRowRender: (r) => (
                <div style={{ padding: '4px 0' }}>
                  <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
                    {t('本级设置记录')}
                  </Typography.Text>
                  <Table size="small" rowKey="id" pagination={false} columns={ownColumns} dataSource={r.own.map((o) => ({ ...o, item: r }))} />
                </div>
              ),
            }}
            columns={[
              {
                title: t('参数'),
                dataIndex: 'label',
                width: 260,
                render: (label: string, r) => (
                  <Space size={4}>
                    <Typography.Text strong>{t(label)}</Typography.Text>
                    <Tooltip title={t(r.description)}>
                      <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,.35)' }} />
                    </Tooltip>
                  </Space>
                ),
              },
              {
                title: t('当前值'),
                key: 'value',
                width: 190,
                render: (_: unknown, r) =>
                  r.effective ? (
                    <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {formatPolicyValue(r.kind, r.effective.value, t(r.unit))}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{t('未设置')}</Typography.Text>
                  ),
              },
              {
                title: t('来源'),
                key: 'source',
                width: 220,
                filters: [
                  { text: t('本级设置'), value: 'own' },
                  { text: t('继承'), value: 'inherited' },
                ],
                onFilter: (v, r) => (v === 'own' ? r.effective?.inherited === false : r.effective?.inherited === true),
                render: (_: unknown, r) =>
                  !r.effective ? (
                    '—'
                  ) : r.effective.inherited ? (
                    <Typography.Text type="secondary">{t('继承自 {org}', { org: tx(r.effective.orgName) })}</Typography.Text>
                  ) : (
                    <Tag color="blue">{t('本级设置')}</Tag>
                  ),
              },
              {
                title: t('生效日期'),
                key: 'effectiveFrom',
                width: 150,
                sorter: (a, b) => (a.effective?.effectiveFrom ?? '').localeCompare(b.effective?.effectiveFrom ?? ''),
                render: (_: unknown, r) => (r.effective ? fmtDate(r.effective.effectiveFrom) : '—'),
              },
              {
                title: t('待生效'),
                key: 'pending',
                width: 120,
                render: (_: unknown, r) => {
                  const p = r.own.filter((o) => o.pending);
                  return p.length ? <Tag color="gold">{t('{n} 条待生效', { n: p.length })}</Tag> : null;
                },
              },
              ...(data.canEdit
                ? [
                    {
                      title: t('操作'),
                      key: 'actions',
                      width: 120,
                      render: (_: unknown, r: PolicyItem) => (
                        <Button type="link" size="small" onClick={() => setEditing(r)}>
                          {t('设置本级值')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      ))}
      <SetPolicyModal item={editing} org={data.org} onClose={() => setEditing(null)} />
    </div>
  );
}
