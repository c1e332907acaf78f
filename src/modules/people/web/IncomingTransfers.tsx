/**
 * 待接收转入: members another union transferred to a union of ours. 接收 moves the person and the
 * membership here; 拒收 leaves them a member where they were. Both need a reason.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Badge, Button, Drawer, Empty, Space, Table, Typography } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { MembershipChangeInput } from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { ReasonModal } from './ReasonModal.tsx';
import { useChangeMembership, useIncomingTransfers, type IncomingTransfer } from './people.api.ts';
import { sexLabel } from './personLabels.ts';

export function IncomingTransfersButton({ canSettle }: { canSettle: boolean }) {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const list = useIncomingTransfers();
  const change = useChangeMembership();
  // The inbox links here with ?incoming=1: the list opens at once.
  const [search] = useSearchParams();
  const [open, setOpen] = useState(search.get('incoming') === '1');
  const [settling, setSettling] = useState<{ row: IncomingTransfer; action: 'accept_transfer' | 'reject_transfer' } | null>(null);
  const count = list.data?.length ?? 0;
  const accept = settling?.action === 'accept_transfer';

  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button icon={<InboxOutlined />} onClick={() => setOpen(true)} data-testid="incoming-transfers">
          {t('待接收转入')}
        </Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} size={980} title={t('待接收的会籍转入')}>
        <Typography.Paragraph type="secondary">
          {t('其他工会转入本级或下级工会的会员。接收后档案与会籍转入；拒收则对方恢复为原工会会员。')}
        </Typography.Paragraph>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<IncomingTransfer>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          locale={{ emptyText: <Empty description={t('没有待接收的转入')} /> }}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (n) => t('共 {n} 人', { n }) }}
          columns={[
            {
              title: t('姓名'),
              dataIndex: 'name',
              width: 120,
              render: (v: string, r) => (
                <Space size={4}>
                  <Link to={`/people/${r.id}`}>{tx(v)}</Link>
                  <Typography.Text type="secondary">{t(sexLabel(r.sex))}</Typography.Text>
                </Space>
              ),
            },
            { title: t('证件号码'), dataIndex: 'idMasked', width: 180, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
            { title: t('出生日期'), dataIndex: 'birthDate', width: 136, render: (v: string) => date(v) },
            { title: t('转出工会'), dataIndex: 'orgName', ellipsis: true, render: (v: string) => tx(v) },
            { title: t('转入工会'), dataIndex: 'pendingOrgName', ellipsis: true, render: (v: string | null) => (v ? tx(v) : '—') },
            {
              title: t('操作'),
              key: 'actions',
              width: 130,
              render: (_: unknown, r) =>
                canSettle ? (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => setSettling({ row: r, action: 'accept_transfer' })}>
                      {t('接收')}
                    </Button>
                    <Button type="link" size="small" danger onClick={() => setSettling({ row: r, action: 'reject_transfer' })}>
                      {t('拒收')}
                    </Button>
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
        {/* Inside the drawer, so the dialog stacks above it. */}
        <ReasonModal<{ reason: string }>
          name="settleTransfer"
          open={Boolean(settling)}
          title={settling ? `${accept ? t('接收转入') : t('拒收转入')} · ${tx(settling.row.name)}` : ''}
          okText={accept ? t('确认接收') : t('确认拒收')}
          danger={!accept}
          reasonSchema={MembershipChangeInput.shape.reason}
          presets={accept ? ['已核实，同意接收'] : ['本会无此职工', '信息有误，请核实后重新转出']}
          intro={
            settling
              ? accept
                ? t('{name} 的档案与会籍将从 {from} 转入 {to}。', {
                    name: tx(settling.row.name),
                    from: tx(settling.row.orgName),
                    to: tx(settling.row.pendingOrgName ?? ''),
                  })
                : t('拒收后 {name} 仍为 {from} 的会员。', { name: tx(settling.row.name), from: tx(settling.row.orgName) })
              : undefined
          }
          onClose={() => setSettling(null)}
          onSubmit={async ({ reason }) => {
            if (!settling) return;
            await change.mutateAsync({ id: settling.row.id, action: settling.action, reason });
            message.success(accept ? t('已接收 {name} 的会籍转入', { name: tx(settling.row.name) }) : t('已拒收'));
          }}
        />
      </Drawer>
    </>
  );
}
