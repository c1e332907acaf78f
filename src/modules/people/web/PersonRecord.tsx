/**
 * 职工全景: what the union holds and did for a person, one card per section the modules contribute
 * (会籍, 标签, 慰问发放, 困难帮扶档案, 帮扶记录, 回访 …), each line linked to its page. The server sends
 * only what the caller's subtree may see; an empty section says so plainly.
 */
import { Link } from 'react-router-dom';
import { Alert, Card, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import type { PersonRecordSectionView } from '../people.contract.ts';
import { money } from '../../../web/components/money.ts';
import { useI18n } from './i18n.ts';
import { usePersonRecord } from './people.api.ts';

type RecordRow = PersonRecordSectionView['rows'][number];

/** States that read as done, in progress or cancelled. */
const STATE_COLORS: Record<string, string> = {
  已发放: 'green',
  帮扶中: 'orange',
  已解困脱困: 'green',
  已销档: 'default',
  冲正记录: 'red',
  已冲正: 'default',
  待复核: 'gold',
  待回访: 'blue',
  自动: 'purple',
  会员: 'green',
};

export function PersonRecord({ personId }: { personId: number }) {
  const { t } = useI18n();
  const record = usePersonRecord(personId);
  if (record.isPending) return <Skeleton active />;
  if (record.isError) return <Alert type="error" showIcon title={t('职工全景加载失败')} />;
  return (
    <Flex vertical gap={16} data-testid="person-record">
      {record.data.sections.map((s) => (
        <RecordSection key={s.kind} section={s} />
      ))}
    </Flex>
  );
}

function RecordSection({ section: s }: { section: PersonRecordSectionView }) {
  const { t, tx, date } = useI18n();
  const money_ = s.rows.some((r) => r.amountFen !== null);
  return (
    <Card variant="borderless" size="small" title={tx(s.title)} data-testid={`record-${s.kind}`}>
      {s.rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx(s.empty)} />
      ) : (
        <Table<RecordRow>
          size="small"
          pagination={s.rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
          rowKey={(r) => s.rows.indexOf(r)}
          dataSource={s.rows}
          rowClassName={(r) => (r.reversal ? 'nj-row-reversal' : '')}
          columns={[
            { key: 'date', title: t('日期'), width: 130, render: (_, r) => (r.date ? date(r.date) : '—') },
            {
              key: 'what',
              title: t('事项'),
              render: (_, r) => (r.link ? <Link to={r.link}>{tx(r.what)}</Link> : tx(r.what)),
            },
            {
              key: 'detail',
              title: t('明细'),
              render: (_, r) => (r.detail ? <Typography.Text type={r.reversal ? 'danger' : undefined}>{tx(r.detail)}</Typography.Text> : '—'),
            },
            ...(money_
              ? [{ key: 'amount', title: t('金额'), align: 'right' as const, width: 120, render: (_: unknown, r: RecordRow) => money(r.amountFen) }]
              : []),
            { key: 'place', title: t('地点 / 工会'), width: 200, render: (_, r) => (r.place ? tx(r.place) : '—') },
            {
              key: 'state',
              title: t('状态'),
              width: 120,
              render: (_, r) => (r.state ? <Tag color={STATE_COLORS[r.state] ?? 'default'}>{tx(r.state)}</Tag> : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}
