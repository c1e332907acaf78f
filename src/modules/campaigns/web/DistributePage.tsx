/**
 * 扫码发放 on a phone, full width: pick a point (GET /api/points/mine), then scan the worker's
 * pick-up card or type the ID number, check the person (prompts read out loud), and 确认发放.
 * One idempotency key per lookup: a retry after a network failure sends the same key, so a hand-out
 * is never written twice; a second phone gets 409 with who received it, shown large.
 */
import { useCallback, useRef, useState } from 'react';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Avatar, Button, Card, Descriptions, Dropdown, Empty, Flex, Input, Result, Segmented, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, EnvironmentOutlined, LeftOutlined, LogoutOutlined, ScanOutlined, UserOutlined, WarningFilled } from '@ant-design/icons';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { LogoMark } from '../../../web/components/Logo.tsx';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { useLogout, usePermissions } from '../../auth/web/auth.api.ts';
import {
  campaignKeys,
  confirmHandout,
  lookupCode,
  newKey,
  useMyPoints,
  usePoint,
  type ConfirmView,
  type LookupResult,
  type PointView,
} from './campaigns.api.ts';
import { packageKindLabel } from './labels.ts';
import { money } from '../../../web/components/money.ts';
import { QrScanner } from './QrScanner.tsx';
import { BulkSheet } from './BulkSheet.tsx';

const BIG = { height: 56, fontSize: 18 } as const;

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

function PointHeader({ point: p }: { point: PointView }) {
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

type Stage = { kind: 'idle' } | { kind: 'scanning' } | { kind: 'found'; person: LookupResult } | { kind: 'done'; result: ConfirmView; person: LookupResult };

function PersonCard({ person: b }: { person: LookupResult }) {
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

function ScanMode({ point }: { point: PointView }) {
  const { t, tx, dateTime } = useI18n();
  const qc = useQueryClient();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState<'lookup' | 'confirm' | null>(null);
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const key = useRef<string>('');

  const refreshPoint = useCallback(() => {
    void qc.invalidateQueries({ queryKey: campaignKeys.point(point.id) });
    void qc.invalidateQueries({ queryKey: campaignKeys.mine });
    void qc.invalidateQueries({ queryKey: campaignKeys.one(point.campaignId) });
  }, [qc, point.id, point.campaignId]);

  const lookup = async (raw: string) => {
    const value = raw.trim();
    if (!value) return setError({ text: t('请扫码或输入证件号'), conflict: false });
    setBusy('lookup');
    setError(null);
    try {
      const person = await lookupCode(point.id, value);
      key.current = newKey();
      setStage({ kind: 'found', person });
      setCode('');
    } catch (err) {
      setStage({ kind: 'idle' });
      setError({ text: err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : t('查询失败，请重试'), conflict: false });
    } finally {
      setBusy(null);
    }
  };

  /** Sends the hand-out; network failures are retried with the same key (the server writes it once). */
  const confirm = async (person: LookupResult) => {
    setBusy('confirm');
    setError(null);
    const delays = [0, 600, 1500, 3000];
    let last: unknown;
    for (const d of delays) {
      if (d) await new Promise((r) => setTimeout(r, d));
      try {
        const result = await confirmHandout(point.id, person.beneficiaryId, key.current);
        setStage({ kind: 'done', result, person });
        setBusy(null);
        refreshPoint();
        return;
      } catch (err) {
        last = err;
        if (!(err instanceof ApiError) || (err.status !== 0 && err.status < 500)) break;
      }
    }
    setBusy(null);
    if (last instanceof ApiError && last.status === 409) {
      setError({ text: tx(last.message), conflict: true });
      refreshPoint();
    } else if (last instanceof ApiError && last.status !== 0 && last.status < 500) {
      setError({ text: tx(last.message), conflict: false });
    } else {
      setError({ text: t('网络不稳定，未能确认是否发放成功。请再点一次“确认发放”，不会重复登记。'), conflict: false });
    }
  };

  const reset = () => {
    setStage({ kind: 'idle' });
    setError(null);
    key.current = '';
  };

  if (stage.kind === 'scanning') {
    return (
      <QrScanner
        onCode={(c) => {
          setStage({ kind: 'idle' });
          void lookup(c);
        }}
        onClose={() => setStage({ kind: 'idle' })}
      />
    );
  }

  const errorBox = error ? (
    error.conflict ? (
      <div data-testid="confirm-error" style={{ padding: 16, borderRadius: 8, background: '#fff1f0', border: '2px solid #ff4d4f', textAlign: 'center' }}>
        <Typography.Text strong style={{ fontSize: 22, color: '#cf1322', display: 'block' }}>
          <WarningFilled /> {t('已领取，不能重复发放')}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 16 }}>{error.text}</Typography.Text>
      </div>
    ) : (
      <Alert type="error" showIcon title={<span style={{ fontSize: 16 }}>{error.text}</span>} data-testid="distribute-error" />
    )
  ) : null;

  if (stage.kind === 'done') {
    const r = stage.result;
    return (
      <Card data-testid="confirm-done">
        <Result
          icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
          title={<span style={{ fontSize: 26 }}>{r.created ? t('发放成功') : t('已登记（重复提交未重复记录）')}</span>}
          subTitle={
            <span style={{ fontSize: 16 }}>
              {t('{name} · {pkg} · {amount}', { name: tx(r.name), pkg: tx(r.packageName), amount: money(r.amountFen) })}
              <br />
              {t('{at} 经办人 {handler}', { at: dateTime(r.at), handler: tx(r.handler) })}
            </span>
          }
          style={{ padding: '16px 0' }}
        />
        <Button
          type="primary"
          size="large"
          block
          icon={<ScanOutlined />}
          style={BIG}
          onClick={() => {
            reset();
            setStage({ kind: 'scanning' });
          }}
          data-testid="scan-next"
        >
          {t('扫下一位')}
        </Button>
        <Button size="large" block style={{ ...BIG, marginTop: 12 }} onClick={reset}>
          {t('输入证件号')}
        </Button>
      </Card>
    );
  }

  if (stage.kind === 'found') {
    const b = stage.person;
    const blocked = b.received >= b.maxPerPerson || point.campaignStatus !== 'running' || b.warnings.some((w) => w.startsWith('已排除'));
    return (
      <Flex vertical gap={12}>
        <PersonCard person={b} />
        {errorBox}
        {!error?.conflict && (
          <Button
            type="primary"
            size="large"
            block
            disabled={blocked}
            loading={busy === 'confirm'}
            onClick={() => void confirm(b)}
            style={{ height: 64, fontSize: 22, fontWeight: 600 }}
            data-testid="confirm-handout"
          >
            {blocked && b.received >= b.maxPerPerson ? t('已领取，不能重复发放') : t('确认发放')}
          </Button>
        )}
        <Button size="large" block style={BIG} onClick={reset} icon={<LeftOutlined />}>
          {t('返回，扫下一位')}
        </Button>
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Button
        type="primary"
        size="large"
        block
        icon={<ScanOutlined style={{ fontSize: 28 }} />}
        style={{ height: 96, fontSize: 24, fontWeight: 600 }}
        onClick={() => {
          setError(null);
          setStage({ kind: 'scanning' });
        }}
        data-testid="scan-button"
      >
        {t('扫码')}
      </Button>
      <Card styles={{ body: { padding: 14 } }}>
        <Typography.Text type="secondary">{t('无法扫码时，输入身份证号或领取卡上的编码：')}</Typography.Text>
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input
            size="large"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={() => void lookup(code)}
            placeholder={t('身份证号或领取码')}
            maxLength={80}
            autoComplete="off"
            style={{ height: 52, fontSize: 17 }}
            data-testid="code-input"
          />
          <Button
            type="primary"
            size="large"
            style={{ height: 52, fontSize: 17 }}
            loading={busy === 'lookup'}
            onClick={() => void lookup(code)}
            data-testid="code-lookup"
          >
            {t('查询')}
          </Button>
        </Space.Compact>
      </Card>
      {busy === 'lookup' && <Loading>{t('正在查询…')}</Loading>}
      {errorBox}
    </Flex>
  );
}

export function PointPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const pointId = useRouteId('pointId');
  const point = usePoint(pointId);
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
          {mode === 'scan' ? <ScanMode point={p} /> : <BulkSheet point={p} />}
        </Flex>
      )}
    </DetailLoader>
  );
}
