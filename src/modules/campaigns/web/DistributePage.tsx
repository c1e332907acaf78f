/**
 * 扫码发放 on a phone, full width: pick a point (GET /api/points/mine), then scan the worker's
 * pick-up card or type the ID number, check the person (prompts read out loud), and 确认发放
 * (ScanMode.tsx) — or, staff only, enter a signed sheet (BulkSheet.tsx). A volunteer who lands
 * here after signing in goes straight to the point on duty today when there is exactly one
 * (GET /api/points/my-duties); otherwise the list says what is on today and what comes later.
 */
import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useMatch, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Dropdown, Empty, Flex, Segmented, Typography } from 'antd';
import { EnvironmentOutlined, LeftOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from './i18n.ts';
import { LogoMark } from '../../../web/components/Logo.tsx';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { LanguageSwitch } from '../../../web/components/LanguageSwitch.tsx';
import { useLogout, usePermissions } from '../../auth/web/auth.api.ts';
import { CAMPAIGN_STATUS_LABELS } from '../campaigns.contract.ts';
import { useMyDuties, useMyPoints, usePoint, type DutyView } from './campaigns.api.ts';
import { PointHeader } from './PointHeader.tsx';
import { ScanMode } from './ScanMode.tsx';
import { BulkSheet } from './BulkSheet.tsx';

/** The phone frame: a slim header (the point's name, 简/繁/EN, sign-out), the page centred up to 640 px wide. */
export function DistributeLayout() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const { has, me } = usePermissions();
  const logout = useLogout();
  const at = Number(useMatch('/distribute/:pointId')?.params.pointId);
  const point = usePoint(Number.isInteger(at) && at > 0 ? at : null);
  const title = point.data ? tx(point.data.name) : t('扫码发放');
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
        <Typography.Text strong ellipsis style={{ color: '#fff', fontSize: 17, flex: 1, minWidth: 0 }} data-testid="distribute-title">
          {title}
        </Typography.Text>
        <LanguageSwitch dark short />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'who', label: tx(me?.account.displayName ?? ''), disabled: true },
              // A volunteer's home is this page (the landing table sends it here).
              ...(has('campaign:read') ? [{ key: 'home', label: t('返回首页'), onClick: () => void navigate('/') }] : []),
              {
                key: 'logout',
                icon: <LogoutOutlined />,
                label: t('退出登录'),
                onClick: () => logout.mutate(false, { onSettled: () => void navigate('/login', { replace: true }) }),
              },
            ],
          }}
        >
          <Button type="text" style={{ color: '#fff' }} icon={<UserOutlined />} aria-label={t('退出登录')} data-testid="distribute-user" />
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
  const landing = (useLocation().state as { landing?: boolean } | null)?.landing === true;
  const points = useMyPoints();
  const duties = useMyDuties();
  if (points.error) return <LoadError error={points.error} onRetry={() => points.refetch()} />;
  if (duties.error) return <LoadError error={duties.error} onRetry={() => duties.refetch()} />;
  if (!points.data || !duties.data) return <Loading />;
  const today = duties.data.filter((d) => d.today);
  // Signed in just now with one point on duty today: straight to its scan page.
  if (landing && today.length === 1) return <Navigate to={`/distribute/${today[0]!.pointId}`} replace />;
  const later = duties.data.filter((d) => !d.today);
  return (
    <Flex vertical gap={12} data-testid="point-chooser">
      <Typography.Title level={4} style={{ margin: '4px 0' }}>
        {t('选择发放点')}
      </Typography.Title>
      {duties.data.length > 0 && today.length === 0 && <Alert type="info" showIcon title={t('您今天没有值守任务。')} data-testid="no-duty-today" />}
      {points.data.length === 0 && later.length === 0 && <Empty description={t('您目前没有可值守的发放点。活动开始发放后，这里会列出您值守的发放点。')} />}
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
      {later.length > 0 && <LaterDuties duties={later.filter((d) => !points.data.some((p) => p.id === d.pointId))} />}
    </Flex>
  );
}

/** Duties that do not hand out today: a campaign not started yet, a point that opens later or has closed. */
function LaterDuties({ duties }: { duties: DutyView[] }) {
  const { t, tx, date } = useI18n();
  if (!duties.length) return null;
  return (
    <Card size="small" title={t('近期值守')} data-testid="later-duties">
      {duties.map((d) => (
        <div key={d.pointId} style={{ padding: '6px 0' }}>
          <Typography.Text strong style={{ display: 'block' }}>
            {tx(d.pointName)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {tx(d.campaignName)} ·{' '}
            {d.campaignStatus === 'running'
              ? d.opensOn
                ? t('{d}起', { d: date(d.opensOn) })
                : t(CAMPAIGN_STATUS_LABELS.running)
              : t(CAMPAIGN_STATUS_LABELS[d.campaignStatus])}
          </Typography.Text>
        </div>
      ))}
    </Card>
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
