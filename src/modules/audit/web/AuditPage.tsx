/**
 * 审计日志: who did what, when — filtered and paged (the filters live in the address, so a
 * filtered log can be shared and the back button keeps it); each entry's before/after; the chain check.
 */
import { useMemo, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Card, DatePicker, Flex, Input, Modal, Result, Select, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, ListAuditQuery, type AuditEntryView, type AuditVerifyResult } from '../audit.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { useAuditEntries, useDownloadAnchors, useVerifyAudit } from './audit.api.ts';
import { AuditDiff } from './AuditDiff.tsx';

const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  update: 'blue',
  move: 'purple',
  status: 'orange',
  delete: 'red',
  import: 'cyan',
  login_failed: 'red',
  password_reset: 'gold',
  revoke_sessions: 'volcano',
  reveal: 'magenta',
};

/** 启用/停用 says which one it was when the entry carries the new status. */
function actionLabel(action: string, after: unknown): string {
  if (action === 'status' && typeof after === 'object' && after !== null && 'status' in after) {
    const status = (after as { status: unknown }).status;
    if (status === 'active') return '启用';
    if (status === 'inactive' || status === 'disabled') return '停用';
  }
  // An action a newer module writes before its label is added: never the bare code.
  return AUDIT_ACTION_LABELS[action] ?? '其他操作';
}

export function AuditPage() {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const { query, setFilters, reset, paging } = useUrlQuery(ListAuditQuery);
  const [verified, setVerified] = useState<AuditVerifyResult | { refused: string } | null>(null);
  const list = useAuditEntries(query);
  const verify = useVerifyAudit();
  const anchors = useDownloadAnchors();
  const range = useMemo((): [Dayjs | null, Dayjs | null] | null => {
    if (!query.from && !query.to) return null;
    return [query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null];
  }, [query.from, query.to]);

  const runVerify = () =>
    verify.mutate(undefined, {
      onSuccess: setVerified,
      onError: (err) => {
        if (err instanceof ApiError && err.status === 403) setVerified({ refused: err.message });
        else message.error(err instanceof ApiError ? tx(err.message) : t('校验失败，请稍后重试'));
      },
    });

  const downloadAnchors = () =>
    anchors.mutate(undefined, {
      onError: (err) => {
        message.error(err instanceof ApiError ? tx(err.message) : t('下载失败，请稍后重试'));
      },
    });

  const columns: TableProps<AuditEntryView>['columns'] = [
    { title: t('时间'), dataIndex: 'at', width: 190, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</span> },
    {
      title: t('操作人'),
      dataIndex: 'actorName',
      width: 150,
      render: (v: string, r) => (
        <Tooltip title={r.ip ? t('IP 地址：{ip}', { ip: r.ip }) : undefined}>
          <span>{tx(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('组织'),
      dataIndex: 'orgName',
      ellipsis: true,
      width: 220,
      render: (v: string | null) => (v ? tx(v) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('操作'),
      dataIndex: 'action',
      width: 120,
      render: (v: string, r) => (
        <Tag color={ACTION_COLORS[v]} title={v in AUDIT_ACTION_LABELS ? undefined : v}>
          {t(actionLabel(v, r.after))}
        </Tag>
      ),
    },
    {
      title: t('对象'),
      key: 'entity',
      width: 130,
      render: (_: unknown, r) => (
        <span>
          {t(AUDIT_ENTITY_LABELS[r.entity] ?? '其他对象')}
          {r.entityId && <Typography.Text type="secondary"> #{r.entityId}</Typography.Text>}
        </span>
      ),
    },
    { title: t('摘要'), dataIndex: 'summary', render: (v: string | null) => (v ? tx(v) : '—') },
  ];

  return (
    <Page
      title={t('审计日志')}
      subTitle={t('每一次写操作和敏感信息查看都会记录，并以密钥哈希链相连，任何篡改都能被发现')}
      extra={
        <Flex gap={8}>
          <Tooltip title={t('每日由审计密钥签名的链头记录：请离线留存，日后校验时可发现被删除或改写的日志')}>
            <Button icon={<DownloadOutlined />} loading={anchors.isPending} onClick={downloadAnchors}>
              {t('下载签名锚点')}
            </Button>
          </Tooltip>
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={runVerify}>
            {t('校验日志完整性')}
          </Button>
        </Flex>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder={t('对象类型')}
            style={{ width: 130 }}
            value={query.entity}
            onChange={(v?: string) => setFilters({ entity: v })}
            options={Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label: t(label) }))}
          />
          <Select
            allowClear
            placeholder={t('操作')}
            style={{ width: 130 }}
            value={query.action}
            onChange={(v?: string) => setFilters({ action: v })}
            options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label: t(label) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('操作人')}
            style={{ width: 160 }}
            defaultValue={query.actor}
            key={query.actor ?? ''}
            onChange={(e) => {
              if (!e.target.value && query.actor) setFilters({ actor: undefined });
            }}
            onSearch={(v) => setFilters({ actor: v.trim() || undefined })}
          />
          <OrgTreeSelect allowClear placeholder={t('组织')} value={query.orgId} onChange={(v) => setFilters({ orgId: v })} style={{ width: 220 }} />
          <DatePicker.RangePicker
            value={range}
            onChange={(r) => setFilters({ from: r?.[0]?.format('YYYY-MM-DD') ?? undefined, to: r?.[1]?.format('YYYY-MM-DD') ?? undefined })}
            placeholder={[t('开始日期'), t('结束日期')]}
          />
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('重置')}
          </Button>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<AuditEntryView>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1000 }}
          data-testid="audit-table"
          expandable={{
            rowExpandable: (r) => r.before != null || r.after != null,
            expandedRowRender: (r) => (
              <div style={{ padding: '4px 8px' }}>
                <AuditDiff entity={r.entity} before={r.before} after={r.after} />
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
                  {t('日志编号 {id} · 哈希 {hash}', { id: r.id, hash: r.hash.slice(0, 16) + '…' })}
                </Typography.Text>
              </div>
            ),
          }}
          {...paging(list.data?.total ?? 0, t)}
        />
      </Card>

      <Modal open={Boolean(verified)} onCancel={() => setVerified(null)} footer={<Button onClick={() => setVerified(null)}>{t('关闭')}</Button>} width={560}>
        {verified &&
          ('refused' in verified ? (
            <Result status="warning" title={t('无法校验')} subTitle={tx(verified.refused)} data-testid="audit-verify-refused" />
          ) : verified.ok ? (
            <Result
              status="success"
              title={t('日志完整，未发现篡改')}
              subTitle={t('已校验 {n} 条日志，与 {anchors} 个签名锚点相符，校验时间 {time}', {
                n: verified.checked,
                anchors: verified.anchorsChecked,
                time: dateTime(verified.verifiedAt),
              })}
              data-testid="audit-verify-ok"
            />
          ) : (
            <Result
              status="error"
              title={t('日志链已断开')}
              subTitle={
                <div>
                  <div>{verified.problem ? tx(verified.problem) : t('哈希校验不一致')}</div>
                  {verified.brokenAt != null && <div>{t('断点：日志编号 {id}', { id: verified.brokenAt })}</div>}
                  <div>{t('已校验 {n} 条日志，校验时间 {time}', { n: verified.checked, time: dateTime(verified.verifiedAt) })}</div>
                </div>
              }
              data-testid="audit-verify-broken"
            />
          ))}
      </Modal>
    </Page>
  );
}
