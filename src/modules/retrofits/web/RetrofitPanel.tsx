/**
 * A model worker's retrofits, for the person page (the integrator places it there): each plan with
 * its stage, progress and money, linking to the plan page. Shows nothing to accounts without the
 * permission to see retrofits.
 */
import { Link } from 'react-router-dom';
import { Card, List, Progress, Space, Tag, Typography } from 'antd';
import { money } from '../../../web/components/money.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { STAGE_LABELS } from '../retrofits.contract.ts';
import { useI18n } from './i18n.ts';
import { usePlans } from './retrofits.api.ts';
import { STAGE_COLORS } from './RetrofitsPage.tsx';

export function RetrofitPanel({ personId }: { personId: number }) {
  const { t, tx } = useI18n();
  const { has } = usePermissions();
  const allowed = has('retrofits:view');
  const plans = usePlans({ personId, page: 1, pageSize: 20 }, allowed);
  if (!allowed) return null;
  return (
    <Card variant="borderless" title={t('适老化改造')} size="small" data-testid="retrofit-panel">
      <List
        loading={plans.isLoading}
        dataSource={plans.data?.items ?? []}
        locale={{ emptyText: t('没有适老化改造记录') }}
        renderItem={(p) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }} size={2}>
              <Space wrap>
                <Link to={`/retrofits/plans/${p.id}`}>{tx(p.programme.name)}</Link>
                <Tag color={STAGE_COLORS[p.stage]}>{t(STAGE_LABELS[p.stage])}</Tag>
              </Space>
              {p.items ? <Progress percent={p.progress} size="small" /> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('{n} 项改造', { n: p.items })} · {t('预算 {b}', { b: money(p.approvedFen || p.budgetFen) })}
                {p.actualFen ? ` · ${t('实际 {a}', { a: money(p.actualFen) })}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
