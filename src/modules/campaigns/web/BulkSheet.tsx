/**
 * 签领表录入 (staff with campaign:paper only): after a paper sign-off sheet, type its number, tick
 * who signed and the date; the sheet's number is each line's evidence. The batch is saved whole
 * or not at all, under one batch key (a retry after a network failure sends the same key, so
 * nobody is entered twice).
 */
import { useRef, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, DatePicker, Empty, Flex, Input, List, Typography } from 'antd';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { bulkConfirm, campaignKeys, newKey, usePointPending, type BulkResultView, type PointView } from './campaigns.api.ts';
import { money } from '../../../web/components/money.ts';

export function BulkSheet({ point }: { point: PointView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState<string | undefined>();
  const list = usePointPending(point.id, { q, page: 1, pageSize: 200 });
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [signedOn, setSignedOn] = useState<Dayjs>(dayjs());
  const [sheetRef, setSheetRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResultView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const batch = useRef<string>(newKey());
  const rows = (list.data?.items ?? []).filter((b) => b.id !== null);

  const toggle = (id: number, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const submit = async () => {
    if (!sheetRef.trim()) return setError(t('请填写签领表编号'));
    if (picked.size === 0) return setError(t('请勾选已签字的人员'));
    setBusy(true);
    setError(null);
    const body = { beneficiaryIds: [...picked], signedOn: signedOn.format('YYYY-MM-DD'), sheetRef: sheetRef.trim(), batchKey: batch.current };
    let last: unknown;
    for (const d of [0, 800, 2000]) {
      if (d) await new Promise((r) => setTimeout(r, d));
      try {
        const r = await bulkConfirm(point.id, body);
        setResult(r);
        setPicked(new Set());
        batch.current = newKey();
        message.success(t('已录入 {n} 人', { n: r.created }));
        void qc.invalidateQueries({ queryKey: campaignKeys.one(point.campaignId) });
        void qc.invalidateQueries({ queryKey: campaignKeys.point(point.id) });
        setBusy(false);
        return;
      } catch (err) {
        last = err;
        if (!(err instanceof ApiError) || (err.status !== 0 && err.status < 500)) break;
      }
    }
    setBusy(false);
    setError(last instanceof ApiError ? tx(last.message) : t('录入失败，请重试'));
  };

  if (list.error) {
    return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  }

  return (
    <Flex vertical gap={12} data-testid="bulk-sheet">
      <Typography.Text type="secondary">{t('按纸质签领表勾选已签字领取的人员，选择签领日期后提交；整批保存，已领取的人员自动跳过。')}</Typography.Text>
      <Input
        size="large"
        value={sheetRef}
        onChange={(e) => setSheetRef(e.target.value)}
        placeholder={t('签领表编号（纸质签领单上的编号）')}
        aria-label={t('签领表编号')}
        maxLength={40}
        data-testid="bulk-sheet-ref"
      />
      <Flex gap={8} wrap>
        <DatePicker
          size="large"
          value={signedOn}
          onChange={(d) => d && setSignedOn(d)}
          allowClear={false}
          format="YYYY年M月D日"
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          style={{ flex: 1, minWidth: 160 }}
          aria-label={t('签领日期')}
        />
        <Input.Search
          size="large"
          allowClear
          placeholder={t('姓名或证件号末四位')}
          onSearch={(v) => setQ(v.trim() || undefined)}
          style={{ flex: 2, minWidth: 180 }}
        />
      </Flex>
      <Flex justify="space-between" align="center">
        <Checkbox
          checked={rows.length > 0 && rows.every((b) => picked.has(b.id!))}
          indeterminate={rows.some((b) => picked.has(b.id!)) && !rows.every((b) => picked.has(b.id!))}
          onChange={(e) => setPicked(e.target.checked ? new Set(rows.map((b) => b.id!)) : new Set())}
        >
          {t('全选（{n} 人待领取）', { n: list.data?.total ?? 0 })}
        </Checkbox>
        <Typography.Text strong>{t('已勾选 {n} 人', { n: picked.size })}</Typography.Text>
      </Flex>
      <List
        bordered
        loading={list.isFetching}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('没有待领取的人员')} /> }}
        style={{ background: '#fff', maxHeight: 420, overflow: 'auto' }}
        renderItem={(b) => (
          <List.Item style={{ padding: '10px 12px', cursor: 'pointer' }} onClick={() => toggle(b.id!, !picked.has(b.id!))}>
            <Flex gap={12} align="center" style={{ width: '100%' }}>
              <Checkbox
                checked={picked.has(b.id!)}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => toggle(b.id!, e.target.checked)}
                style={{ transform: 'scale(1.3)' }}
              />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {tx(b.name)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 13 }}>
                  {b.idMasked}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }} ellipsis>
                  {tx(b.packageName ?? '')} {money(b.amountFen)} · {tx(b.orgName)}
                </Typography.Text>
              </div>
            </Flex>
          </List.Item>
        )}
      />
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <Alert
          type={result.refused.length ? 'warning' : 'success'}
          showIcon
          data-testid="bulk-result"
          title={t('录入 {c} 人；已领取跳过 {a} 人', { c: result.created, a: result.already })}
        />
      )}
      <Button
        type="primary"
        size="large"
        block
        loading={busy}
        disabled={picked.size === 0}
        onClick={() => void submit()}
        style={{ height: 56, fontSize: 18 }}
        data-testid="bulk-submit"
      >
        {t('提交签领表（{n} 人）', { n: picked.size })}
      </Button>
    </Flex>
  );
}
