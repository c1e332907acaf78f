/** 首页: real figures of the user's subtree — orgs by type, accounts by role — and quick links. */
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { Card, Col, Empty, Flex, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, CheckCircleOutlined, StopOutlined, TeamOutlined } from '@ant-design/icons';
import { ORG_TYPE_LABELS } from '../modules/orgs/orgs.contract.ts';
import { ROLE_LABELS } from '../modules/auth/auth.contract.ts';
import { useOrgStats } from '../modules/orgs/web/orgs.api.ts';
import { useAccountStats, useMe } from '../modules/auth/web/auth.api.ts';
import { chinaToday } from '../shared/dates.ts';
import { useI18n } from './i18n/index.tsx';
import { EChart } from './components/EChart.tsx';
import { LoadError } from './components/QueryState.tsx';
import { NAV } from './nav.tsx';
import { WEB_MODULES } from './modules.ts';

/** The cards modules add to the home page (the inbox's 待办), in module order. */
const HOME_CARDS = WEB_MODULES.flatMap((m) => m.home ?? []);

const LINK_HINTS: Record<string, string> = {
  '/inbox': '等您审批、核查、回访或接收的事项，一点直达办理页面',
  '/orgs': '浏览组织树，新增、编辑、移动下级组织，导入导出',
  '/people': '职工的查找、建档、批量导入、会籍与疑似重复合并',
  '/policies': '低保标准、救助上限等参数，按组织逐级继承',
  '/accounts': '本级及下级组织的账号、角色与登录状态',
  '/roles': '每个角色可做的事与账号数',
  '/audit': '谁在何时做了什么，哈希链防篡改校验',
};

const CHART_COLORS = ['#1668dc', '#36cfc9', '#73d13d', '#ffc53d', '#ff7a45', '#9254de', '#f759ab', '#597ef7', '#bae637'];

export function HomePage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const perms = new Set(me?.permissions ?? []);
  const canOrgs = perms.has('org:read');
  const orgStats = useOrgStats(undefined, canOrgs);
  const accountStats = useAccountStats(canOrgs);

  const orgOption = useMemo(() => {
    const rows = orgStats.data?.byType ?? [];
    return {
      color: CHART_COLORS,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => t(ORG_TYPE_LABELS[r.type])), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('组织数'),
          data: rows.map((r, i) => ({ value: r.count, itemStyle: { color: CHART_COLORS[i % CHART_COLORS.length] } })),
          barMaxWidth: 22,
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [orgStats.data, t]);

  const roleOption = useMemo(() => {
    const rows = (accountStats.data?.byRole ?? []).filter((r) => r.count > 0);
    return {
      color: CHART_COLORS,
      tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
      legend: { orient: 'vertical', right: 8, top: 'middle' },
      series: [
        {
          type: 'pie',
          name: t('账号'),
          radius: ['45%', '70%'],
          center: ['38%', '50%'],
          label: { show: false },
          data: rows.map((r) => ({ name: t(ROLE_LABELS[r.role]), value: r.count })),
        },
      ],
    };
  }, [accountStats.data, t]);

  const links = NAV.filter((n) => n.path !== '/' && (!n.permission || perms.has(n.permission)));
  const o = orgStats.data;
  const a = accountStats.data;

  return (
    <div>
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('您好，{name}', { name: tx(me?.account.displayName) })}
            </Typography.Title>
            <Typography.Text type="secondary">
              {tx(me?.org.name)} · {me?.account.roles.map((r) => t(ROLE_LABELS[r])).join('、')}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary">{t('今天是 {d}', { d: date(chinaToday()) })}</Typography.Text>
        </Flex>
      </Card>

      {HOME_CARDS.map((HomeCard, i) => (
        <HomeCard key={i} />
      ))}

      {canOrgs && (
        <>
          {orgStats.error ? <LoadError error={orgStats.error} onRetry={() => orgStats.refetch()} /> : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} sm={12} xl={6}>
              <Card variant="borderless">
                <Statistic title={t('下辖组织（含本级）')} value={o?.total ?? 0} loading={orgStats.isLoading} prefix={<ApartmentOutlined />} suffix={t('个')} />
              </Card>
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <Card variant="borderless">
                <Statistic
                  title={t('正常运行的组织')}
                  value={o?.active ?? 0}
                  loading={orgStats.isLoading}
                  prefix={<CheckCircleOutlined style={{ color: '#52c41a' }} />}
                  suffix={t('个')}
                />
              </Card>
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <Card variant="borderless">
                <Statistic
                  title={t('已停用的组织')}
                  value={o ? o.total - o.active : 0}
                  loading={orgStats.isLoading}
                  prefix={<StopOutlined style={{ color: '#bfbfbf' }} />}
                  suffix={t('个')}
                />
              </Card>
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <Card variant="borderless">
                <Statistic
                  title={t('账号（正常 / 全部）')}
                  value={a?.active ?? 0}
                  loading={accountStats.isLoading}
                  prefix={<TeamOutlined />}
                  suffix={<span style={{ fontSize: 16, color: 'rgba(0,0,0,.45)' }}>/ {a?.total ?? 0}</span>}
                />
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card variant="borderless" title={t('下辖组织按类型')}>
                {orgStats.isLoading ? (
                  <Skeleton active />
                ) : o && o.byType.length > 0 ? (
                  <EChart option={orgOption} height={300} />
                ) : (
                  <Empty description={t('暂无数据')} />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card variant="borderless" title={t('账号按角色')}>
                {accountStats.isLoading ? (
                  <Skeleton active />
                ) : a && a.byRole.some((r) => r.count > 0) ? (
                  <EChart option={roleOption} height={300} />
                ) : (
                  <Empty description={t('暂无数据')} />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}

      {links.length > 0 && (
        <Card variant="borderless" title={t('常用功能')} style={{ marginTop: 16 }}>
          <Row gutter={[16, 16]}>
            {links.map((l) => (
              <Col key={l.path} xs={24} sm={12} lg={8} xxl={4}>
                <Card size="small" className="nj-link-card" onClick={() => navigate(l.path)}>
                  <Flex gap={12} align="flex-start">
                    <span style={{ fontSize: 22, color: '#1668dc' }}>{l.icon}</span>
                    <div>
                      <Typography.Text strong>{t(l.label)}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t(LINK_HINTS[l.path] ?? '')}
                        </Typography.Text>
                      </div>
                    </div>
                  </Flex>
                </Card>
              </Col>
            ))}
          </Row>
        </Card>
      )}
      {!canOrgs && links.length === 0 && (
        <Card variant="borderless">
          <Empty description={<Tag>{t('您的账号暂未开通管理功能')}</Tag>} />
        </Card>
      )}
    </div>
  );
}
