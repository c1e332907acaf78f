/** 逾期未巡查: the stations past their union's inspection interval, most overdue first (shown when there are any). */
import { Card, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { Stars } from './Stars.tsx';
import { useOverdue } from './stations.ops.api.ts';
import { useI18n } from './i18n.ts';

export function OverdueCard() {
  const { t, tx, date } = useI18n();
  const overdue = useOverdue();
  const items = overdue.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card variant="borderless" title={t('逾期未巡查（{n} 个）', { n: overdue.data?.total ?? 0 })} style={{ marginBottom: 16 }} data-testid="stations-overdue">
      <List
        size="small"
        dataSource={items.slice(0, 5)}
        renderItem={(s) => (
          <List.Item extra={<Typography.Text type="danger">{t('逾期 {n} 天', { n: s.daysOverdue })}</Typography.Text>}>
            <Space wrap>
              <Link to={`/stations/${s.id}`}>{tx(s.name)}</Link>
              <Typography.Text type="secondary">{tx(s.org)}</Typography.Text>
              <Stars stars={s.stars} />
              <Typography.Text type="secondary">{s.lastInspectedOn ? t('最近巡查 {day}', { day: date(s.lastInspectedOn) }) : t('未巡查')}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
