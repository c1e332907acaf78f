/**
 * The records of a 困难职工档案: assistance given (先建档、后帮扶), follow-ups after exit, the
 * supporting documents, and the timeline of its lifecycle.
 */
import { App, Button, Card, Flex, Table, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ASSISTANCE_STATUS_LABELS, FUND_SOURCE_VIEW_LABELS } from '../hardship.contract.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { useI18n } from './i18n.ts';
import { money } from '../../../web/components/money.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { attachmentUrl, useSignOffAssistance, type CaseView } from './hardship.api.ts';
import { ApiError } from '../../../web/http.ts';

/** 待复核 / 已发放, and the sign-off button for the accounts the server says may use it. */
function SignOffCell({ c, r }: { c: CaseView; r: CaseView['assistance'][number] }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const signOff = useSignOffAssistance();
  if (r.status === 'paid') return r.signedOffBy ? <Tag color="green">{t('已复核：{name}', { name: tx(r.signedOffBy) })}</Tag> : null;
  return (
    <Flex gap={4} align="center" wrap>
      <Tag color="orange">{t(ASSISTANCE_STATUS_LABELS.pending)}</Tag>
      {r.canSignOff ? (
        <Button
          size="small"
          type="link"
          loading={signOff.isPending}
          data-testid={`signoff-${r.id}`}
          onClick={() =>
            signOff.mutateAsync({ id: c.id, assistanceId: r.id }).then(
              () => message.success(t('已复核，帮扶计入发放')),
              (err: unknown) => message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试')),
            )
          }
        >
          {t('复核发放')}
        </Button>
      ) : null}
    </Flex>
  );
}

/** 帮扶记录 and 回访记录. */
export function CaseAssistance({ c, onAssist }: { c: CaseView; onAssist: () => void }) {
  const { t, tx, date } = useI18n();
  return (
    <>
      <Card
        variant="borderless"
        title={t('帮扶记录')}
        style={{ marginBottom: 16 }}
        extra={
          c.can.assist ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={onAssist} data-testid="add-assistance">
              {t('录入帮扶')}
            </Button>
          ) : null
        }
      >
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={c.assistance}
          data-testid="assistance-table"
          locale={{ emptyText: c.status === 'active' ? t('暂无帮扶记录') : t('审批建档后才能录入帮扶（先建档、后帮扶）') }}
          columns={[
            { title: t('日期'), dataIndex: 'on', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span> },
            {
              title: t('帮扶类型'),
              dataIndex: 'label',
              render: (v: string, r) => (r.campaign ? t('送温暖：{campaign}', { campaign: tx(r.campaign) }) : tx(v)),
            },
            { title: t('金额'), dataIndex: 'amountFen', align: 'right', render: (v: number) => money(v) },
            { title: t('资金来源'), dataIndex: 'fundSource', render: (v: string) => t(FUND_SOURCE_VIEW_LABELS[v] ?? v) },
            { title: t('经办人'), dataIndex: 'handler', render: (v: string | null) => (v ? tx(v) : '—') },
            { title: t('说明'), dataIndex: 'note', render: (v: string | null) => (v ? tx(v) : '—') },
            { title: t('复核'), key: 'signoff', render: (_: unknown, r) => <SignOffCell c={c} r={r} /> },
          ]}
          summary={() =>
            c.assistance.length ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  {t('合计')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {money(c.assistance.filter((a) => a.status === 'paid').reduce((s, a) => s + a.amountFen, 0))}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} colSpan={4} />
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card variant="borderless" title={t('回访记录')} style={{ marginBottom: 16 }} data-testid="followups">
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={c.followups}
          locale={{ emptyText: t('解困脱困后按期回访') }}
          columns={[
            {
              title: t('应回访'),
              dataIndex: 'dueOn',
              render: (v: string, f) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {date(v)}
                  {!f.doneOn && v < chinaToday() ? (
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      {t('逾期')}
                    </Tag>
                  ) : null}
                </span>
              ),
            },
            {
              title: t('回访日期'),
              dataIndex: 'doneOn',
              render: (v: string | null) => (v ? <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span> : <Tag>{t('待回访')}</Tag>),
            },
            { title: t('回访情况'), dataIndex: 'result', render: (v: string | null) => (v ? tx(v) : '—') },
            {
              title: t('返困'),
              dataIndex: 'hardshipReturned',
              render: (v: boolean | null) => (v == null ? '—' : v ? <Tag color="volcano">{t('发现返困')}</Tag> : t('否')),
            },
          ]}
        />
      </Card>
    </>
  );
}

/** 证明材料: the sensitive scans open only for accounts that may see sensitive data. */
export function CaseAttachments({ c, onUpload }: { c: CaseView; onUpload: () => void }) {
  const { t, tx, dateTime } = useI18n();
  const { has } = usePermissions();
  return (
    <Card
      variant="borderless"
      title={t('证明材料')}
      style={{ marginBottom: 16 }}
      data-testid="attachments"
      extra={
        has('hardship:write') && c.status !== 'closed' ? (
          <Button icon={<UploadOutlined />} onClick={onUpload} data-testid="add-attachment">
            {t('上传材料')}
          </Button>
        ) : null
      }
    >
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={c.attachments}
        data-testid="attachments-table"
        locale={{ emptyText: t('暂无证明材料') }}
        columns={[
          {
            title: t('材料'),
            dataIndex: 'title',
            render: (v: string, a) => (
              <Flex vertical>
                <Typography.Text>{tx(v)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.filename} · {Math.max(1, Math.ceil(a.size / 1024))} KB
                </Typography.Text>
              </Flex>
            ),
          },
          {
            title: t('上传'),
            dataIndex: 'at',
            render: (v: string, a) => (
              <Flex vertical>
                <Typography.Text style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.by ? tx(a.by) : '—'}
                </Typography.Text>
              </Flex>
            ),
          },
          ...(c.can.sensitive
            ? [
                {
                  title: '',
                  key: 'open',
                  width: 60,
                  render: (_: unknown, a: CaseView['attachments'][number]) => (
                    <a href={attachmentUrl(c.id, a.id)} target="_blank" rel="noopener noreferrer" data-testid={`attachment-open-${a.id}`}>
                      {t('查看')}
                    </a>
                  ),
                },
              ]
            : []),
        ]}
      />
      {!c.can.sensitive && c.attachments.length ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
          {t('证明材料含家庭收支和健康信息，需有敏感信息权限才能查看。')}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** 办理过程: each step of the lifecycle, who took it and why. */
export function CaseTimeline({ c }: { c: CaseView }) {
  const { t, tx, dateTime } = useI18n();
  return (
    <Card variant="borderless" title={t('办理过程')} data-testid="case-timeline">
      <Timeline
        items={c.timeline.map((e, i) => ({
          key: i,
          color: i === c.timeline.length - 1 ? 'green' : 'blue',
          content: (
            <Flex vertical>
              <Typography.Text strong>{tx(e.label)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dateTime(e.at)}
                {e.by ? ` · ${tx(e.by)}` : ''}
              </Typography.Text>
              {e.reason ? <Typography.Text style={{ fontSize: 13 }}>{tx(e.reason)}</Typography.Text> : null}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}
