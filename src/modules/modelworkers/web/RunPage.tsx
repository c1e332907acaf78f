/**
 * 发放批次: the preview of a run — everyone listed at their amount, the totals by honour level, and
 * who was left out and why — then 确认发放 by an account other than its maker (四眼), or 作废; once
 * paid, the record and its payment file (.xlsx for the office and the signatures, .csv for the
 * finance system).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Modal, Popconfirm, Row, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../../web/http.ts';
import { Page } from '../../../web/components/Page.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { money, moneyTotal } from '../../../web/components/money.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { ALLOWANCE_KIND_LABELS, HONOUR_LEVEL_LABELS, RUN_STATUS_LABELS, type RunDetail, type RunLineView } from '../modelworkers.contract.ts';
import { downloadPayment, useCancelRun, useConfirmRun, useRun } from './modelworkers.api.ts';
import { RUN_COLORS, periodText } from './labels.ts';
import { useI18n } from './i18n.ts';

export function RunPage() {
  const { t } = useI18n();
  const id = useRouteId();
  const [lines, setLines] = useState({ q: undefined as string | undefined, page: 1, pageSize: 20 });
  const run = useRun(id, lines);
  return (
    <DetailLoader
      id={id}
      query={run}
      notFound={{
        title: t('没有找到该发放批次'),
        subTitle: t('批次不存在，或不在您的管辖范围内。'),
        back: { to: '/modelworkers/runs', label: t('返回津贴发放') },
      }}
    >
      {(d) => <RunDetailView detail={d} lines={lines} setLines={setLines} loading={run.isFetching} />}
    </DetailLoader>
  );
}

interface LinesQuery {
  q: string | undefined;
  page: number;
  pageSize: number;
}

function RunDetailView({ detail, lines, setLines, loading }: { detail: RunDetail; lines: LinesQuery; setLines: (q: LinesQuery) => void; loading: boolean }) {
  const { t, tx, date, dateTime } = useI18n();
  const { message } = App.useApp();
  const { showServerError } = useFormErrors();
  const r = detail.run;
  const confirm = useConfirmRun(r.id);
  const cancel = useCancelRun(r.id);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const title = t('{org} {period} {kind}', { org: tx(r.org.name), period: periodText(r.period, t), kind: t(ALLOWANCE_KIND_LABELS[r.kind]) });
  const download = (format: 'xlsx' | 'csv') =>
    downloadPayment(r.id, format).catch((e: unknown) => void message.error(e instanceof ApiError ? tx(e.message) : t('下载失败')));

  return (
    <Page
      title={
        <Flex gap={8} align="center" data-testid="run-title">
          <span>{title}</span>
          <Tag color={RUN_COLORS[r.status]} data-testid="run-status">
            {t(RUN_STATUS_LABELS[r.status])}
          </Tag>
        </Flex>
      }
      extra={
        <>
          <Link to="/modelworkers/runs">{t('返回津贴发放')}</Link>
          {r.status === 'paid' ? (
            <>
              <Button icon={<DownloadOutlined />} onClick={() => void download('xlsx')} data-testid="run-payment-xlsx">
                {t('发放表（Excel）')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => void download('csv')} data-testid="run-payment-csv">
                {t('发放表（CSV）')}
              </Button>
            </>
          ) : null}
          {r.can.cancel ? (
            <Button danger onClick={() => setCancelling(true)} data-testid="run-cancel">
              {t('作废批次')}
            </Button>
          ) : null}
          {r.can.confirm ? (
            <Popconfirm
              placement="bottomRight"
              title={t('确认发放？')}
              description={t('确认后名单和金额不能再改动，可导出发放表。')}
              okText={t('确认发放津贴')}
              cancelText={t('取消')}
              onConfirm={() => confirm.mutateAsync(undefined).catch((e: unknown) => showServerError(e))}
            >
              <Button type="primary" loading={confirm.isPending} data-testid="run-confirm">
                {t('确认发放津贴')}
              </Button>
            </Popconfirm>
          ) : null}
        </>
      }
    >
      {r.status === 'draft' && !r.can.confirm ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="run-four-eyes"
          title={t('本批次由 {by} 生成，须由另一位有发放权限的人员确认后发放（四眼原则）。', { by: tx(r.createdBy ?? t('系统')) })}
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card variant="borderless" style={{ marginBottom: 16 }}>
            <Flex gap={24} wrap style={{ marginBottom: 16 }}>
              <Statistic title={t('人数')} value={r.persons} data-testid="run-persons" />
              <Statistic title={t('金额')} valueRender={() => <span data-testid="run-amount">{moneyTotal(r.amountFen)}</span>} />
            </Flex>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('发放单位')}>{tx(r.org.name)}</Descriptions.Item>
              <Descriptions.Item label={t('生成人')}>{`${tx(r.createdBy ?? t('系统'))} · ${dateTime(r.createdAt)}`}</Descriptions.Item>
              <Descriptions.Item label={t('确认人')}>
                {r.confirmedAt ? `${tx(r.confirmedBy ?? t('系统'))} · ${dateTime(r.confirmedAt)}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('发放日期')}>{r.paidOn ? date(r.paidOn) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('未列入')}>
                <Typography.Text data-testid="run-excluded">
                  {t('已在其他批次 {a} 人，未设标准 {b} 人，已去世 {c} 人', { a: r.excluded.elsewhere, b: r.excluded.noStandard, c: r.excluded.deceased })}
                </Typography.Text>
              </Descriptions.Item>
              {r.removed ? <Descriptions.Item label={t('确认时核减')}>{t('{n} 人（去世或荣誉撤销）', { n: r.removed })}</Descriptions.Item> : null}
              {r.cancelReason ? <Descriptions.Item label={t('作废的原因')}>{tx(r.cancelReason)}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card variant="borderless" title={t('按荣誉等级')} size="small">
            <Table
              rowKey="level"
              size="small"
              pagination={false}
              dataSource={detail.byLevel}
              columns={[
                { title: t('荣誉等级'), dataIndex: 'level', key: 'level', render: (v: RunLineView['level']) => t(HONOUR_LEVEL_LABELS[v]) },
                { title: t('人数'), dataIndex: 'persons', key: 'persons', align: 'right' },
                { title: t('金额'), dataIndex: 'amountFen', key: 'amountFen', align: 'right', render: (v: number) => money(v) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            variant="borderless"
            title={t('发放名单')}
            extra={
              <Input.Search
                allowClear
                placeholder={t('姓名')}
                onSearch={(q) => setLines({ ...lines, q: q.trim() || undefined, page: 1 })}
                style={{ width: 200 }}
                data-testid="run-lines-search"
              />
            }
          >
            <Table<RunLineView>
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={detail.lines.items}
              data-testid="run-lines"
              pagination={{
                current: detail.lines.page,
                pageSize: detail.lines.pageSize,
                total: detail.lines.total,
                showTotal: (n) => t('共 {n} 人', { n }),
                onChange: (page, pageSize) => setLines({ ...lines, page, pageSize }),
              }}
              columns={[
                { title: t('姓名'), dataIndex: 'name', key: 'name', render: (v: string, l) => <Link to={`/modelworkers/${l.personId}`}>{tx(v)}</Link> },
                { title: t('证件号码'), dataIndex: 'idMasked', key: 'idMasked', render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
                { title: t('所属工会'), dataIndex: 'org', key: 'org', render: (v: string) => tx(v) },
                {
                  title: t('按荣誉等级'),
                  key: 'level',
                  render: (_, l) => t('{level}（{year}年）', { level: t(HONOUR_LEVEL_LABELS[l.level]), year: l.honourYear }),
                },
                { title: t('金额'), dataIndex: 'amountFen', key: 'amountFen', align: 'right', render: (v: number) => money(v) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={cancelling}
        title={t('作废发放批次')}
        okText={t('作废批次')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={cancel.isPending}
        onCancel={() => setCancelling(false)}
        onOk={() =>
          cancel
            .mutateAsync({ reason })
            .then(() => setCancelling(false))
            .catch((e: unknown) => showServerError(e))
        }
      >
        <Typography.Paragraph>{t('作废后名单中的人员可以列入新的发放批次。')}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('作废的原因')}
          aria-label={t('作废的原因')}
        />
      </Modal>
    </Page>
  );
}
