/**
 * 台账: every hand-out line and every reversing line (冲正), append-only. 冲正 needs a reason;
 * 导出台账 gives the .xlsx in the layout finance files (序号 姓名 身份证号 … 签字); 打印领取卡 the A4
 * pick-up cards with QR codes. An account that may reveal ID numbers and phones is also offered the
 * ledger with them in full, after a confirmation that says the export is audited.
 */
import { useState } from 'react';
import { App, Button, Dropdown, Flex, Input, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { DownOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { EVIDENCE_LABELS, ReverseInput } from '../campaigns.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { ReasonModal } from '../../people/web/ReasonModal.tsx';
import { downloadCards, exportLedger, useLedger, useReverse, type CampaignView, type LedgerRowView } from './campaigns.api.ts';
import { money } from '../../../web/components/money.ts';

export function LedgerTab({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx, date, dateTime } = useI18n();
  const { message, modal } = App.useApp();
  const { has } = usePermissions();
  const [q, setQ] = useState<string | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const ledger = useLedger(c.id, { q, ...paging });
  const reverse = useReverse();
  const [reversing, setReversing] = useState<LedgerRowView | null>(null);
  const [busy, setBusy] = useState<'xlsx' | 'full' | 'cards' | null>(null);
  const canReverse = has('campaign:write') && c.status !== 'archived';

  const fetchFile = async (kind: 'xlsx' | 'full' | 'cards') => {
    setBusy(kind);
    try {
      const name = kind === 'cards' ? await downloadCards(c.id, c.name) : await exportLedger(c.id, c.name, kind === 'full');
      message.success(t('已下载：{name}', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('下载失败'));
    } finally {
      setBusy(null);
    }
  };

  const exportFull = () => {
    modal.confirm({
      title: t('导出含完整证件号和电话的台账？'),
      content: t('文件将包含完整的证件号码和手机号，导出操作记入审计日志。请妥善保管，用后及时删除，不得外传。'),
      okText: t('确认导出'),
      cancelText: t('取消'),
      onOk: () => fetchFile('full'),
    });
  };

  const columns: TableProps<LedgerRowView>['columns'] = [
    { title: t('记录号'), dataIndex: 'lineId', key: 'id', width: 80 },
    {
      title: t('类型'),
      dataIndex: 'kind',
      key: 'kind',
      width: 90,
      render: (v: LedgerRowView['kind'], l) =>
        v === 'reversal' ? <Tag color="red">{t('冲正')}</Tag> : l.reversed ? <Tag>{t('已冲正')}</Tag> : <Tag color="green">{t('发放')}</Tag>,
    },
    { title: t('姓名'), dataIndex: 'name', key: 'name', width: 90, render: (v: string) => tx(v) },
    {
      title: t('身份证号'),
      dataIndex: 'idMasked',
      key: 'idMasked',
      width: 180,
      render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span>,
    },
    { title: t('单位'), dataIndex: 'orgName', key: 'org', width: 200, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    { title: t('慰问品'), dataIndex: 'packageName', key: 'package', width: 120, render: (v: string) => tx(v) },
    {
      title: t('金额'),
      dataIndex: 'amountFen',
      key: 'amount',
      width: 110,
      align: 'right',
      render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : undefined}>{money(v)}</Typography.Text>,
    },
    { title: t('领取日期'), dataIndex: 'on', key: 'on', width: 130, render: (v: string) => date(v) },
    { title: t('记录时间'), dataIndex: 'at', key: 'at', width: 170, render: (v: string) => dateTime(v) },
    { title: t('发放点'), dataIndex: 'pointName', key: 'point', width: 160, ellipsis: true, render: (v: string | null) => (v ? tx(v) : t('签领表录入')) },
    { title: t('经办人'), dataIndex: 'handler', key: 'handler', width: 100, render: (v: string | null) => (v ? tx(v) : '—') },
    {
      title: t('发放凭据'),
      dataIndex: 'evidence',
      key: 'evidence',
      width: 200,
      render: (v: LedgerRowView['evidence'], l) =>
        v ? (
          <span data-testid={`evidence-${l.lineId}`}>
            <Tag>{t(EVIDENCE_LABELS[v])}</Tag>
            {v !== 'qr' && l.evidenceRef ? <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{l.evidenceRef}</span> : null}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('冲正原因'), dataIndex: 'reason', key: 'reason', width: 160, render: (v: string | null) => (v ? tx(v) : '—') },
    ...(canReverse
      ? [
          {
            title: t('操作'),
            key: 'op',
            width: 80,
            fixed: 'end' as const,
            render: (_: unknown, l: LedgerRowView) =>
              l.kind === 'issue' && !l.reversed ? (
                <Button size="small" type="link" danger onClick={() => setReversing(l)} data-testid={`reverse-${l.lineId}`}>
                  {t('冲正')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div data-testid="ledger">
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('姓名、拼音或证件号末四位')}
          onSearch={(v) => {
            setQ(v.trim() || undefined);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 280 }}
        />
        <Flex gap={8}>
          {has('campaign:export') && (
            <>
              <Button
                icon={<PrinterOutlined />}
                loading={busy === 'cards'}
                onClick={() => void fetchFile('cards')}
                disabled={c.status === 'draft'}
                data-testid="print-cards"
              >
                {t('打印领取卡')}
              </Button>
              <Space.Compact>
                <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void fetchFile('xlsx')} data-testid="export-ledger">
                  {t('导出台账')}
                </Button>
                {has('person:reveal') && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [{ key: 'full', label: <span data-testid="export-ledger-full">{t('导出（含完整证件号和电话）')}</span>, onClick: exportFull }],
                    }}
                  >
                    <Button icon={<DownOutlined />} loading={busy === 'full'} aria-label={t('更多导出方式')} data-testid="export-ledger-more" />
                  </Dropdown>
                )}
              </Space.Compact>
            </>
          )}
        </Flex>
      </Flex>
      {ledger.error ? <LoadError error={ledger.error} onRetry={() => ledger.refetch()} /> : null}
      <Table<LedgerRowView>
        rowKey="lineId"
        size="middle"
        columns={columns}
        dataSource={ledger.data?.items ?? []}
        loading={ledger.isFetching}
        scroll={{ x: 1900 }}
        locale={{ emptyText: t('暂无发放记录') }}
        rowClassName={(l) => (l.kind === 'reversal' ? 'nj-diff-changed' : '')}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: ledger.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('共 {n} 条', { n: formatCount(n) }),
        }}
        onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
        data-testid="ledger-table"
      />
      <ReasonModal<{ reason: string }>
        name="reverse"
        open={reversing !== null}
        title={t('冲正 · {name} {amount}', { name: reversing ? tx(reversing.name) : '', amount: reversing ? money(reversing.amountFen) : '' })}
        okText={t('确认冲正')}
        danger
        reasonLabel="冲正原因"
        reasonSchema={ReverseInput.shape.reason}
        presets={['误扫他人领取码', '重复登记', '慰问品退回']}
        intro={t('冲正不删除原记录，而是写一条金额相反的记录；此人可再次领取。')}
        onClose={() => setReversing(null)}
        onSubmit={async (v) => {
          await reverse.mutateAsync({ id: c.id, lineId: reversing!.lineId, reason: v.reason });
          message.success(t('已冲正'));
        }}
      />
    </div>
  );
}
