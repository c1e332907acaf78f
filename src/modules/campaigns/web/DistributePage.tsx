/**
 * 扫码发放 on a phone, full width: pick a point (GET /api/points/mine), then scan the worker's
 * pick-up card or type the ID number, check the person (prompts read out loud), and 确认发放
 * (ScanMode.tsx) — or, staff only, enter a signed sheet (BulkSheet.tsx).
 */
import { useState } from 'react';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { Button, Card, Dropdown, Empty, Flex, Segmented, Typography } from 'antd';
import { EnvironmentOutlined, LeftOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from './i18n.ts';
import { LogoMark } from '../../../web/components/Logo.tsx';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { useLogout, usePermissions } from '../../auth/web/auth.api.ts';
import { useMyPoints, usePoint } from './campaigns.api.ts';
import { PointHeader } from './PointHeader.tsx';
import { ScanMode } from './ScanMode.tsx';
import { BulkSheet } from './BulkSheet.tsx';

/** The phone frame: a slim header, the page centred up to 640 px wide. */
export function DistributeLayout() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const { has, me } = usePermissions();
  const logout = useLogout();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Flex align="center" gap={10} style={{ height: 52, padding: '0 12px', background: '#d9363e', color: '#fff', position: 'sticky', top: 0, zIndex: 10 }}>
        <Link
          to={has('campaign:read') ? '/campaigns' : '/'}
          aria-label={t('返回首页')}
          style={{ background: '#fff', borderRadius: 8, padding: 2, lineHeight: 0 }}
        >
          <LogoMark size={26} />
        </Link>
        <Typography.Text strong style={{ color: '#fff', fontSize: 17, flex: 1 }}>
          {t('扫码发放')}
        </Typography.Text>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'home', label: t('返回首页'), onClick: () => void navigate('/') },
              {
                key: 'logout',
                icon: <LogoutOutlined />,
                label: t('退出登录'),
                onClick: () => logout.mutate(false, { onSettled: () => void navigate('/login', { replace: true }) }),
              },
            ],
          }}
        >
          <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />} data-testid="distribute-user">
            {tx(me?.account.displayName ?? '')}
          </Button>
        </Dropdown>
      </Flex>
      <div style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>
        <Outlet />
      </div>
    </div>
  );
}

/** 选择发放点: the points of running campaigns this account serves. */
export function PointChooserPage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const points = useMyPoints();
  if (points.error) return <LoadError error={points.error} onRetry={() => points.refetch()} />;
  if (!points.data) return <Loading />;
  return (
    <Flex vertical gap={12} data-testid="point-chooser">
      <Typography.Title level={4} style={{ margin: '4px 0' }}>
        {t('选择发放点')}
      </Typography.Title>
      {points.data.length === 0 && <Empty description={t('您目前没有可值守的发放点。活动开始发放后，这里会列出您值守的发放点。')} />}
      {points.data.map((p) => (
        <Card key={p.id} hoverable onClick={() => navigate(`/distribute/${p.id}`)} styles={{ body: { padding: 16 } }} data-testid={`point-${p.id}`}>
          <Flex justify="space-between" align="center" gap={12}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong style={{ fontSize: 18, display: 'block' }}>
                {tx(p.name)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {tx(p.campaignName)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                <EnvironmentOutlined /> {tx(p.address ?? p.orgName)}
                {p.opensOn ? <span style={{ whiteSpace: 'nowrap' }}> · {t('{d}起', { d: date(p.opensOn) })}</span> : null}
              </Typography.Text>
            </div>
            <Flex vertical align="flex-end" style={{ flex: 'none' }}>
              <Typography.Text style={{ fontSize: 24, fontWeight: 600, color: '#d9363e' }}>{p.issuedToday}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('今日已发')}
              </Typography.Text>
            </Flex>
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

export function PointPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const pointId = useRouteId('pointId');
  const point = usePoint(pointId);
  const { has } = usePermissions();
  // A point's duty volunteers confirm by the card or the ID number; paper sheets are staff work.
  const paper = has('campaign:paper');
  const [mode, setMode] = useState<'scan' | 'sheet'>('scan');
  return (
    <DetailLoader
      id={pointId}
      query={point}
      notFound={{
        title: t('没有找到该发放点'),
        subTitle: t('发放点不存在，或您不在此发放点的值守名单中。'),
        back: { to: '/distribute', label: t('选择发放点') },
      }}
    >
      {(p) => (
        <Flex vertical gap={12} data-testid="point-page">
          <Button type="link" icon={<LeftOutlined />} onClick={() => navigate('/distribute')} style={{ alignSelf: 'flex-start', padding: 0, height: 32 }}>
            {t('选择发放点')}
          </Button>
          <PointHeader point={p} />
          {paper && (
            <Segmented<'scan' | 'sheet'>
              block
              size="large"
              value={mode}
              onChange={setMode}
              options={[
                { value: 'scan', label: t('扫码发放') },
                { value: 'sheet', label: t('签领表录入') },
              ]}
            />
          )}
          {mode === 'sheet' && paper ? <BulkSheet point={p} /> : <ScanMode point={p} />}
        </Flex>
      )}
    </DetailLoader>
  );
}
