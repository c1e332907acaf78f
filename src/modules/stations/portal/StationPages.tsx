/**
 * 驿站 on the phone: the nearest open stations from the phone's position (a GPS fix is WGS-84; the
 * server converts before comparing), with navigation in 高德 or 百度; and the page a station's
 * poster opens, which records the visit.
 */
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, ErrorBlock, Result, Selector, SpinLoading, Switch } from 'antd-mobile';
import { AMENITIES, AMENITY_LABELS, OPEN_STATE_LABELS, STATION_TYPE_LABELS, type Amenity, type NearStation, type OpenState } from '../stations.contract.ts';
import { ApiError } from '../../../web/m/http.ts';
import { useNearest, useVisit, type NearestAsk } from './stations.api.ts';
import { useI18n } from './i18n.ts';

const panel = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 } as const;
const STATE_COLORS: Record<OpenState, string> = { staffed: '#237804', self: '#0958d9', closed: '#595959' };
const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : '操作失败，请稍后重试');

function Distance({ m }: { m: number }) {
  const { t } = useI18n();
  return <>{m < 1000 ? t('{n} 米', { n: m }) : t('{n} 公里', { n: (m / 1000).toFixed(1) })}</>;
}

function StationCard({ s }: { s: NearStation }) {
  const { t, tx } = useI18n();
  return (
    <div style={panel} data-testid="near-station">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <strong style={{ fontSize: '1.15em' }}>{tx(s.name)}</strong>
        <span style={{ whiteSpace: 'nowrap', color: '#c8102e' }} data-testid="near-distance">
          <Distance m={s.distanceM} />
        </span>
      </div>
      <p style={{ margin: '4px 0', color: '#555' }}>
        {t(STATION_TYPE_LABELS[s.type])} · {tx(s.address)}
      </p>
      <p style={{ margin: '4px 0' }}>
        <span style={{ color: STATE_COLORS[s.state], fontWeight: 600 }} data-testid="near-state">
          {t(OPEN_STATE_LABELS[s.state])}
        </span>{' '}
        <span translate="no">{s.openingHours}</span>
      </p>
      {s.amenities.length ? <p style={{ margin: '4px 0', color: '#555' }}>{s.amenities.map((a) => t(AMENITY_LABELS[a])).join('、')}</p> : null}
      <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
        <a className="nj-tap" href={s.nav.amap} target="_blank" rel="noreferrer" data-testid="nav-amap">
          {t('高德导航')}
        </a>
        <a className="nj-tap" href={s.nav.baidu} target="_blank" rel="noreferrer" data-testid="nav-baidu">
          {t('百度导航')}
        </a>
        {s.phone ? (
          <a className="nj-tap" href={`tel:${s.phone}`}>
            {t('打电话')}
          </a>
        ) : null}
      </div>
    </div>
  );
}

type Locating = { state: 'idle' } | { state: 'locating' } | { state: 'failed'; reason: string } | { state: 'found'; lng: number; lat: number };

export function NearbyPage() {
  const { t, tx } = useI18n();
  const [where, setWhere] = useState<Locating>({ state: 'idle' });
  const [open, setOpen] = useState(true);
  const [amenity, setAmenity] = useState<Amenity[]>([]);
  const ask: NearestAsk | null = where.state === 'found' ? { lng: where.lng, lat: where.lat, open, amenity } : null;
  const near = useNearest(ask);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setWhere({ state: 'failed', reason: t('这部手机不能定位') });
      return;
    }
    setWhere({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) => setWhere({ state: 'found', lng: p.coords.longitude, lat: p.coords.latitude }),
      (e) =>
        setWhere({ state: 'failed', reason: e.code === e.PERMISSION_DENIED ? t('没有定位权限：请在浏览器设置中允许定位') : t('定位失败，请到室外或稍后再试') }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  useEffect(locate, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('附近驿站')}</h1>
      <div style={panel}>
        <label className="nj-tap" style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 12 }}>
          <span>{t('只看现在开放的')}</span>
          <Switch checked={open} onChange={setOpen} aria-label={t('只看现在开放的')} />
        </label>
        <Selector
          multiple
          columns={3}
          value={amenity}
          onChange={(v) => setAmenity(v as Amenity[])}
          options={AMENITIES.map((a) => ({ value: a, label: t(AMENITY_LABELS[a]) }))}
        />
        <Button block color="primary" style={{ marginTop: 12 }} onClick={locate} loading={where.state === 'locating'} data-testid="locate">
          {t('按我的位置查找')}
        </Button>
        <a className="nj-tap" href="/m/stations/map" style={{ display: 'flex', justifyContent: 'center', color: '#c8102e' }} data-testid="open-map">
          {t('在地图上看')}
        </a>
      </div>
      {where.state === 'failed' ? (
        <p role="alert" style={{ color: '#a8071a' }}>
          {where.reason}
        </p>
      ) : null}
      {near.isFetching ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
        </div>
      ) : null}
      {near.error ? <ErrorBlock status="default" title={t('加载失败')} description={tx(messageOf(near.error))} /> : null}
      {near.data && !near.isFetching ? (
        near.data.stations.length ? (
          near.data.stations.map((s) => <StationCard key={s.id} s={s} />)
        ) : (
          <ErrorBlock status="empty" title={t('附近 20 公里内没有符合条件的驿站')} description={null} />
        )
      ) : null}
    </div>
  );
}

/** What a station's poster opens: the visit is recorded once the page is open (once per hour however often scanned). */
export function VisitPage() {
  const { t, tx } = useI18n();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const visit = useVisit();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !code) return;
    sent.current = true;
    visit.mutate(code);
  }, [code, visit]);

  if (!code || visit.isError)
    return (
      <div className="nj-page">
        <h1 className="nj-title">{t('到站登记')}</h1>
        <Result status="error" title={t('未能登记到站')} description={tx(code ? messageOf(visit.error) : '二维码无效，请扫描驿站海报上的二维码')} />
      </div>
    );
  if (!visit.data)
    return (
      <div className="nj-page">
        <h1 className="nj-title">{t('到站登记')}</h1>
        <SpinLoading style={{ margin: '48px auto' }} aria-label={t('加载中')} />
      </div>
    );
  const { station, recorded } = visit.data;
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('到站登记')}</h1>
      <Result status="success" title={t('到站已登记')} description={<span data-testid="visit-station">{tx(station.name)}</span>} />
      {recorded ? null : (
        <p style={{ textAlign: 'center', color: '#555' }} data-testid="visit-repeat">
          {t('本小时已登记过，不重复计次')}
        </p>
      )}
      <div style={panel}>
        <p style={{ margin: 0 }}>{tx(station.address)}</p>
        {station.amenities.length ? <p style={{ margin: '8px 0 0', color: '#555' }}>{station.amenities.map((a) => t(AMENITY_LABELS[a])).join('、')}</p> : null}
      </div>
      <a className="nj-tap" href="/m/stations" style={{ display: 'flex', justifyContent: 'center', color: '#c8102e' }}>
        {t('查看附近驿站')}
      </a>
    </div>
  );
}
