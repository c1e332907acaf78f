/**
 * 签到工具 on a phone, outside the desk frame, for an event's check-in list (/checkin/event/:id)
 * or a campaign's pick-up point (/checkin/point/:id). It downloads the list (code hashes, masked
 * names) into IndexedDB and works from it without a network: a scanned or typed code is hashed and
 * matched on the phone, the confirmation queued with its own idempotency key. When the network
 * returns ('online') the queue is sent; each line then shows what the server decided — counted, a
 * duplicate another phone counted first, or refused with the reason.
 * The page does not wait for the session probe, so it opens offline; the server checks every call.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Badge, Button, Card, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { CloudSyncOutlined, ScanOutlined } from '@ant-design/icons';
import { ApiError, http } from '../../../../web/http.ts';
import { LogoMark } from '../../../../web/components/Logo.tsx';
import { LanguageSwitch } from '../../../../web/components/LanguageSwitch.tsx';
import { QrScanner } from '../../../campaigns/web/QrScanner.tsx';
import { CHECKIN_RESULT_LABELS, SYNC_BATCH_MAX, type OfflineList, type SyncResult } from '../../checkin.contract.ts';
import { useI18n } from '../i18n.ts';
import { deviceId, newKey, putItems, queueOf, savedList, saveList, sha256, targetKey, type QueuedItem, type Target } from './checkin.store.ts';
import { registerCheckinWorker } from './worker.ts';

const BIG = { height: 52, fontSize: 18 } as const;
const STATUS_COLOR: Record<QueuedItem['status'], string> = { queued: 'blue', ok: 'green', duplicate: 'orange', refused: 'red' };

/** The China date of a moment (the server counts days the same way). */
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Whether the server can be reached. The browser's navigator.onLine alone can say "online" with no
 * network — a page reopened from the service worker while offline, a Wi-Fi with no way out — so
 * the page also asks the server's liveness endpoint (never cached by the worker): at once, when the
 * browser says the network changed, and then every 5 s while unreachable, every 30 s while reached.
 */
function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const probe = async () => {
      clearTimeout(timer);
      let reached = false;
      if (navigator.onLine) {
        try {
          reached = (await fetch('/api/health/live', { cache: 'no-store' })).ok;
        } catch {
          reached = false;
        }
      }
      if (!live) return;
      setOnline(reached);
      timer = setTimeout(() => void probe(), reached ? 30_000 : 5_000);
    };
    const changed = () => void probe();
    window.addEventListener('online', changed);
    window.addEventListener('offline', changed);
    void probe();
    return () => {
      live = false;
      clearTimeout(timer);
      window.removeEventListener('online', changed);
      window.removeEventListener('offline', changed);
    };
  }, []);
  return online;
}

type Notice = { type: 'success' | 'warning' | 'error' | 'info'; text: string };

export function CheckinPhonePage({ target }: { target: Target }) {
  const { t, tx, dateTime } = useI18n();
  const id = Number(useParams().id);
  const key = targetKey(target, id);
  const base = `/api/checkin/${target === 'list' ? 'lists' : 'points'}/${id}`;
  const online = useOnline();
  const [list, setList] = useState<OfflineList | null>(null);
  const [items, setItems] = useState<QueuedItem[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [cached, setCached] = useState(false);
  const busy = useRef(false);

  const download = useCallback(async () => {
    try {
      const fresh = await http.get<OfflineList>(`${base}/download`);
      await saveList(key, fresh);
      setList(fresh);
      setLoadError(null);
    } catch (err) {
      // No network: the copy downloaded before serves.
      if (!(err instanceof ApiError && err.status === 0)) setLoadError(err instanceof Error ? err.message : String(err));
    }
  }, [base, key]);

  const sync = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setSyncing(true);
    try {
      const queued = (await queueOf(key)).filter((i) => i.status === 'queued').reverse();
      const device = await deviceId();
      for (let i = 0; i < queued.length; i += SYNC_BATCH_MAX) {
        const batch = queued.slice(i, i + SYNC_BATCH_MAX);
        const r = await http.post<SyncResult>(`${base}/sync`, {
          deviceId: device,
          items: batch.map((q) => ({ idempotencyKey: q.idempotencyKey, code: q.code, scannedAt: q.scannedAt })),
        });
        const byKey = new Map(r.results.map((x) => [x.idempotencyKey, x]));
        await putItems(
          batch.map((q) => ({ ...q, status: byKey.get(q.idempotencyKey)?.result ?? q.status, reason: byKey.get(q.idempotencyKey)?.reason ?? null })),
        );
      }
      setItems(await queueOf(key));
      if (queued.length) await download();
    } catch (err) {
      // Still offline, or the server is away: the queue stays as it is and goes with the next sync.
      if (!(err instanceof ApiError && err.status === 0)) setNotice({ type: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      busy.current = false;
      setSyncing(false);
    }
  }, [base, key, download]);

  useEffect(() => {
    let live = true;
    void (async () => {
      const saved = await savedList(key);
      if (live && saved) setList(saved);
      if (live) setItems(await queueOf(key));
      if (navigator.onLine) {
        await download();
        await sync();
      }
    })();
    void registerCheckinWorker().then((ok) => live && setCached(ok));
    return () => {
      live = false;
    };
  }, [key, download, sync]);

  // The network came back: send the queue.
  useEffect(() => {
    if (online) void sync();
  }, [online, sync]);

  async function checkIn(raw: string) {
    const typed = raw.trim();
    if (!typed || !list) return;
    const hash = await sha256(typed);
    const entry = list.entries.find((e) => e.codeHash === hash);
    setCode('');
    if (!entry) {
      setNotice({ type: 'error', text: t('不在本清单中：签到码无效，或此人不在名单上') });
      return;
    }
    const now = new Date();
    const day = chinaDay(now);
    const mine = items.filter((i) => i.ref === entry.ref && (i.status === 'queued' || i.status === 'ok'));
    const already =
      list.mode === 'once'
        ? entry.days.length > 0 || mine.length > 0
        : list.mode === 'daily'
          ? entry.days.includes(day) || mine.some((i) => i.day === day)
          : false;
    if (already) {
      setNotice({ type: 'warning', text: t('{name} 已签到，不再重复记录', { name: entry.nameMasked }) });
      return;
    }
    const item: QueuedItem = {
      idempotencyKey: newKey(),
      targetKey: key,
      code: typed,
      scannedAt: now.toISOString(),
      day,
      ref: entry.ref,
      nameMasked: entry.nameMasked,
      status: 'queued',
      reason: null,
    };
    await putItems([item]);
    setItems(await queueOf(key));
    setNotice({
      type: 'success',
      text: online ? t('{name} 签到成功', { name: entry.nameMasked }) : t('{name} 签到成功（离线，待同步）', { name: entry.nameMasked }),
    });
    if (navigator.onLine) void sync();
  }

  const queuedCount = items.filter((i) => i.status === 'queued').length;
  const counted = list ? list.entries.filter((e) => e.days.length > 0).length : 0;

  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8' }} data-sw={cached ? 'ready' : 'pending'} data-testid="checkin-page">
      <Flex align="center" gap={10} style={{ height: 52, padding: '0 12px', background: '#d9363e', color: '#fff', position: 'sticky', top: 0, zIndex: 10 }}>
        <span style={{ background: '#fff', borderRadius: 8, padding: 2, lineHeight: 0 }}>
          <LogoMark size={26} />
        </span>
        <Typography.Text strong ellipsis style={{ color: '#fff', fontSize: 17, flex: 1, minWidth: 0 }} data-testid="checkin-title">
          {list ? tx(list.title) : t('签到')}
        </Typography.Text>
        <Tag color={online ? 'success' : 'default'} style={{ marginInlineEnd: 0, fontSize: 14 }} data-testid="network-state">
          {online ? t('在线') : t('离线')}
        </Tag>
        <LanguageSwitch dark short />
      </Flex>
      <div style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>
        <Flex vertical gap={12}>
          {loadError && !list && <Alert type="error" showIcon title={tx(loadError)} />}
          {!online && <Alert type="warning" showIcon title={t('网络已断开：签到照常进行，记录保存在本机，联网后自动同步。')} data-testid="offline-banner" />}
          <Card styles={{ body: { padding: 12 } }}>
            <Flex justify="space-between" align="center" gap={8}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {list ? tx(list.subtitle) : ''}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="list-size">
                  {list
                    ? t('名单 {n} 人，已签到 {c} 人 · 下载于 {at}', { n: list.entries.length, c: counted, at: dateTime(list.downloadedAt) })
                    : t('正在下载名单…')}
                </Typography.Text>
              </div>
              <Flex align="center" gap={8} style={{ flex: 'none' }}>
                <Typography.Text type="secondary">{t('待同步')}</Typography.Text>
                <Badge count={queuedCount} showZero color={queuedCount ? '#1677ff' : '#bfbfbf'} />
                <span data-testid="queue-count" hidden>
                  {queuedCount}
                </span>
                <Button icon={<CloudSyncOutlined />} loading={syncing} disabled={!online} onClick={() => void sync()} data-testid="sync-now">
                  {t('同步')}
                </Button>
              </Flex>
            </Flex>
          </Card>
          {scanning ? (
            <QrScanner
              hint={t('将签到码对准取景框')}
              onCode={(c) => {
                setScanning(false);
                void checkIn(c);
              }}
              onClose={() => setScanning(false)}
            />
          ) : (
            <Button type="primary" icon={<ScanOutlined />} block style={BIG} disabled={!list} onClick={() => setScanning(true)} data-testid="scan-button">
              {t('扫码签到')}
            </Button>
          )}
          <Flex gap={8}>
            <Input
              size="large"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onPressEnter={() => void checkIn(code)}
              placeholder={t('或输入签到码')}
              autoComplete="off"
              data-testid="code-input"
            />
            <Button size="large" disabled={!list || !code.trim()} onClick={() => void checkIn(code)} data-testid="code-submit">
              {t('签到')}
            </Button>
          </Flex>
          {notice && <Alert type={notice.type} showIcon title={notice.text} data-testid="checkin-notice" />}
          <Card title={t('本机签到记录')} styles={{ body: { padding: '0 12px' } }}>
            {items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('还没有签到')} />
            ) : (
              <List
                dataSource={items}
                data-testid="checkin-items"
                renderItem={(i) => (
                  <List.Item data-testid={`item-${i.status}`}>
                    <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                      <Flex justify="space-between" gap={8}>
                        <Typography.Text strong>{tx(i.nameMasked)}</Typography.Text>
                        <Tag color={STATUS_COLOR[i.status]} style={{ marginInlineEnd: 0 }}>
                          {i.status === 'queued' ? t('待同步') : t(CHECKIN_RESULT_LABELS[i.status])}
                        </Tag>
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {dateTime(i.scannedAt)}
                      </Typography.Text>
                      {i.reason && (
                        <Typography.Text type={i.status === 'refused' ? 'danger' : 'warning'} style={{ fontSize: 13 }}>
                          {tx(i.reason)}
                        </Typography.Text>
                      )}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Flex>
      </div>
    </div>
  );
}
