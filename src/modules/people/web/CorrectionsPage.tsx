/**
 * 信息更正申请: what workers asked, from the portal, to be corrected in their records — in the
 * unions of the account's subtree. 采纳 edits the record (its ordinary edit, audited); 不予更正 needs
 * a reason, which the worker reads in the portal.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Popconfirm, Segmented, Space, Table, Typography } from 'antd';
import {
  CORRECTABLE_FIELD_LABELS,
  CORRECTION_STATUSES,
  CORRECTION_STATUS_LABELS,
  RejectCorrectionInput,
  type CorrectionStatus,
  type CorrectionView,
} from '../corrections.contract.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { ReasonModal } from './ReasonModal.tsx';
import { useAcceptCorrection, useCorrections, useRejectCorrection } from './corrections.api.ts';

export function CorrectionsPage() {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<CorrectionStatus>('open');
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<CorrectionView | null>(null);
  const q = useCorrections(status, page);
  const accept = useAcceptCorrection();
  const reject = useRejectCorrection();

  const onAccept = (c: CorrectionView) =>
    accept.mutate(c.id, {
      onSuccess: () => void message.success(t('已更正 {name} 的{field}', { name: tx(c.personName), field: t(CORRECTABLE_FIELD_LABELS[c.field]) })),
      onError: (e) => void message.error(e instanceof ApiError ? tx(e.message) : t('操作失败')),
    });

  return (
    <Page title={t('信息更正申请')} subTitle={t('职工在职工端提出的资料更正，采纳后直接修改档案')}>
      <Segmented
        style={{ marginBottom: 16 }}
        value={status}
        onChange={(v) => {
          setStatus(v as CorrectionStatus);
          setPage(1);
        }}
        options={CORRECTION_STATUSES.map((s) => ({ value: s, label: t(CORRECTION_STATUS_LABELS[s]) }))}
      />
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<CorrectionView>
          rowKey="id"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('共 {n} 条', { n }) }}
          locale={{ emptyText: t('暂无更正申请') }}
          columns={[
            {
              title: t('职工'),
              key: 'person',
              render: (_, c) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/people/${c.personId}`}>{tx(c.personName)}</Link>
                  <Typography.Text type="secondary">{tx(c.orgName)}</Typography.Text>
                </Space>
              ),
            },
            { title: t('项目'), key: 'field', render: (_, c) => t(CORRECTABLE_FIELD_LABELS[c.field]) },
            {
              title: t('原内容'),
              key: 'current',
              render: (_, c) => (c.current ? tx(c.current) : <Typography.Text type="secondary">{t('未填写')}</Typography.Text>),
            },
            { title: t('申请更正为'), key: 'proposed', render: (_, c) => <strong data-testid="correction-proposed">{tx(c.proposed)}</strong> },
            { title: t('说明'), key: 'note', render: (_, c) => (c.note ? tx(c.note) : '—') },
            { title: t('申请时间'), key: 'createdAt', render: (_, c) => dateTime(c.createdAt) },
            status === 'open'
              ? {
                  title: t('操作'),
                  key: 'actions',
                  render: (_, c) =>
                    c.can.decide ? (
                      <Space>
                        <Popconfirm title={t('采纳后将修改该职工的档案，确定吗？')} okText={t('采纳')} cancelText={t('取消')} onConfirm={() => onAccept(c)}>
                          <Button type="primary" size="small" loading={accept.isPending && accept.variables === c.id}>
                            {t('采纳')}
                          </Button>
                        </Popconfirm>
                        <Button size="small" danger onClick={() => setRejecting(c)}>
                          {t('不予更正')}
                        </Button>
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">{t('无权处理')}</Typography.Text>
                    ),
                }
              : {
                  title: t('处理'),
                  key: 'decided',
                  render: (_, c) => (
                    <Space direction="vertical" size={0}>
                      <span>
                        {t(CORRECTION_STATUS_LABELS[c.status])} · {c.decidedBy ?? ''}
                      </span>
                      {c.decidedAt && <Typography.Text type="secondary">{dateTime(c.decidedAt)}</Typography.Text>}
                      {c.reason && <Typography.Text type="secondary">{tx(c.reason)}</Typography.Text>}
                    </Space>
                  ),
                },
          ]}
        />
      )}
      <ReasonModal<{ reason: string }>
        name="reject-correction"
        open={!!rejecting}
        title={rejecting ? t('不予更正：{name} 的{field}', { name: tx(rejecting.personName), field: t(CORRECTABLE_FIELD_LABELS[rejecting.field]) }) : ''}
        okText={t('不予更正')}
        danger
        reasonLabel="不予更正的原因"
        reasonSchema={RejectCorrectionInput.shape.reason}
        presets={[t('请携带证明材料到工会办理'), t('与登记材料不符')]}
        onSubmit={(v) => reject.mutateAsync({ id: rejecting!.id, reason: v.reason })}
        onClose={() => setRejecting(null)}
      />
    </Page>
  );
}
