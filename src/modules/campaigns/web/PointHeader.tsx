/** The head of a distribution point's page: its name and campaign, today's and all hand-outs, the stock left. */
import { Alert, Card, Flex, Tag, Typography } from 'antd';
import { useI18n } from './i18n.ts';
import type { PointView } from './campaigns.api.ts';

export function PointHeader({ point: p }: { point: PointView }) {
  const { t, tx } = useI18n();
  return (
    <Card styles={{ body: { padding: 14 } }} data-testid="point-header">
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 18, display: 'block' }} data-testid="point-name">
            {tx(p.name)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {tx(p.campaignName)}
          </Typography.Text>
        </div>
        <Flex gap={16} style={{ flex: 'none', textAlign: 'center' }}>
          <div>
            <div style={{ fontSize: 24, fontWeight: 600, color: '#d9363e' }} data-testid="issued-today">
              {p.issuedToday}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('今日已发')}
            </Typography.Text>
          </div>
          <div>
            <div style={{ fontSize: 24, fontWeight: 600 }}>{p.issued}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('累计')}
            </Typography.Text>
          </div>
        </Flex>
      </Flex>
      {p.stock.length > 0 && (
        <Flex gap={6} wrap style={{ marginTop: 8 }} data-testid="point-stock">
          {p.stock.map((s) => (
            <Tag
              key={s.packageId}
              color={s.quantity - s.issued <= 0 ? 'red' : s.quantity - s.issued <= 5 ? 'orange' : 'blue'}
              style={{ fontSize: 13, padding: '2px 8px' }}
            >
              {t('{name} 剩 {n} 份', { name: tx(s.packageName), n: s.quantity - s.issued })}
            </Tag>
          ))}
        </Flex>
      )}
      {p.campaignStatus !== 'running' && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('活动尚未开始发放或已结束，暂不能发放')} />}
    </Card>
  );
}
