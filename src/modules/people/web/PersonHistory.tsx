/** 变更历史 tab: the audit entries of the person, newest first, as a timeline. */
import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { useI18n } from './i18n.ts';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { usePersonHistory } from './people.api.ts';

const ACTION_LABELS: Record<string, { label: string; color: string }> = {
  create: { label: '新增', color: 'green' },
  update: { label: '修改', color: 'blue' },
  move: { label: '调转', color: 'purple' },
  merge: { label: '合并', color: 'orange' },
  unmerge: { label: '撤销合并', color: 'orange' },
  reveal: { label: '查看敏感信息', color: 'gray' },
  import: { label: '导入', color: 'cyan' },
  export: { label: '导出', color: 'gray' },
};

export function PersonHistory({ personId }: { personId: number }) {
  const { t, tx, dateTime } = useI18n();
  const history = usePersonHistory(personId);
  if (history.isPending) return <Loading />;
  if (history.error) return <LoadError error={history.error} onRetry={() => history.refetch()} />;
  if (history.data.length === 0) return <Empty description={t('暂无变更记录')} />;

  return (
    <div style={{ maxWidth: 880, paddingTop: 8 }} data-testid="person-history">
      <Timeline
        items={history.data.map((h, i) => {
          const a = ACTION_LABELS[h.action] ?? { label: h.action, color: 'gray' };
          return {
            key: `${h.at}-${i}`,
            color: a.color,
            content: (
              <Flex vertical gap={2}>
                <Flex gap={8} align="center" wrap>
                  <Tag color={a.color === 'gray' ? 'default' : a.color} bordered={false} style={{ marginInlineEnd: 0 }}>
                    {t(a.label)}
                  </Tag>
                  <Typography.Text>{h.summary ? tx(h.summary) : t(a.label)}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dateTime(h.at)} · {tx(h.actorName)}
                </Typography.Text>
              </Flex>
            ),
          };
        })}
      />
      {history.data.length >= 200 && <Typography.Text type="secondary">{t('仅显示最近 200 条')}</Typography.Text>}
    </div>
  );
}
