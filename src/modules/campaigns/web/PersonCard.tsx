/**
 * The person a scan or an ID number found, as the volunteer checks them face to face: who, which
 * package, how often received — 已领取 in large red when the count is used up — and the checks
 * to read out loud.
 */
import { Alert, Avatar, Card, Descriptions, Flex, Typography } from 'antd';
import { UserOutlined, WarningFilled } from '@ant-design/icons';
import { useI18n } from './i18n.ts';
import { money } from '../../../web/components/money.ts';
import type { LookupResult } from './campaigns.api.ts';
import { packageKindLabel } from './labels.ts';

export function PersonCard({ person: b }: { person: LookupResult }) {
  const { t, tx, dateTime } = useI18n();
  const full = b.received >= b.maxPerPerson;
  return (
    <Card styles={{ body: { padding: 16 } }} data-testid="lookup-result">
      <Flex gap={12} align="center">
        <Avatar size={52} icon={<UserOutlined />} style={{ background: b.sex === 'female' ? '#eb2f96' : '#1668dc', flex: 'none' }} />
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 24, display: 'block' }} data-testid="lookup-name">
            {tx(b.name)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {b.sex === 'female' ? t('女') : t('男')} · {t('{n} 岁', { n: b.age })} · <span style={{ fontFamily: 'monospace' }}>{b.idMasked}</span>
          </Typography.Text>
        </div>
      </Flex>
      <Descriptions
        column={1}
        size="small"
        style={{ marginTop: 12 }}
        items={[
          { key: 'org', label: t('所属工会'), children: tx(b.orgName) },
          ...(b.employerName ? [{ key: 'employer', label: t('工作单位'), children: tx(b.employerName) }] : []),
          {
            key: 'package',
            label: t('慰问品'),
            children: (
              <span data-testid="lookup-package">
                <Typography.Text strong>{tx(b.packageName)}</Typography.Text>（{t(packageKindLabel(b.packageKind))} {money(b.amountFen)}）
              </span>
            ),
          },
          ...(b.items.length ? [{ key: 'items', label: t('物品'), children: b.items.map((i) => `${tx(i.name)} ${i.quantity}${tx(i.unit)}`).join('、') }] : []),
          { key: 'times', label: t('领取次数'), children: t('已领 {n} 次 / 可领 {m} 次', { n: b.received, m: b.maxPerPerson }) },
        ]}
      />
      {full && (
        <div
          data-testid="already-received"
          style={{ marginTop: 8, padding: 12, borderRadius: 8, background: '#fff1f0', border: '2px solid #ff4d4f', textAlign: 'center' }}
        >
          <Typography.Text strong style={{ fontSize: 22, color: '#cf1322' }}>
            <WarningFilled /> {t('已领取')}
          </Typography.Text>
          {b.lastReceived && (
            <Typography.Text style={{ display: 'block', marginTop: 4 }}>
              {t('{at} 在「{point}」领取，经办人 {handler}', {
                at: dateTime(b.lastReceived.at),
                point: tx(b.lastReceived.pointName),
                handler: tx(b.lastReceived.handler),
              })}
            </Typography.Text>
          )}
        </div>
      )}
      {b.warnings
        .filter((w) => !full || !w.startsWith('已于'))
        .map((w) => (
          <Alert key={w} type="warning" showIcon title={tx(w)} style={{ marginTop: 8 }} />
        ))}
      {b.checks.length > 0 && !full && (
        <div style={{ marginTop: 12, padding: 12, background: '#f0f5ff', borderRadius: 8 }} data-testid="lookup-checks">
          <Typography.Text strong>{t('请当面核对：')}</Typography.Text>
          <ol style={{ margin: '4px 0 0', paddingInlineStart: 20, fontSize: 15, lineHeight: 1.8 }}>
            {b.checks.map((c) => (
              <li key={c}>{tx(c)}</li>
            ))}
          </ol>
        </div>
      )}
    </Card>
  );
}
