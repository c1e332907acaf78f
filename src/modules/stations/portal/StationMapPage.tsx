/**
 * 驿站地图 on the phone: the open stations of the whole country clustered on a map, large buttons
 * to zoom and to go to the worker's position, and the station tapped shown under the map with its
 * hours, whether it is open now and navigation in 高德 or 百度.
 */
import { useRef, useState } from 'react';
import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import { OPEN_STATE_LABELS, STATION_TYPE_LABELS, type MapStation, type OpenState } from '../stations.contract.ts';
import { StationMap, attributionOf, type MapApi } from '../web/StationMap.tsx';
import { loadPublicStationMap, useMapSettings } from './stations.api.ts';
import { useI18n } from './i18n.ts';

const panel = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 } as const;
const STATE_COLORS: Record<OpenState, string> = { staffed: '#237804', self: '#0958d9', closed: '#595959' };

function Selected({ s }: { s: MapStation }) {
  const { t, tx } = useI18n();
  return (
    <div style={panel} data-testid="map-selected">
      <strong style={{ fontSize: '1.15em' }}>{tx(s.name)}</strong>
      <p style={{ margin: '4px 0', color: '#555' }}>
        {t(STATION_TYPE_LABELS[s.type])} · {tx(s.address)}
      </p>
      <p style={{ margin: '4px 0' }}>
        <span style={{ color: STATE_COLORS[s.now], fontWeight: 600 }} data-testid="map-selected-state">
          {t(OPEN_STATE_LABELS[s.now])}
        </span>{' '}
        <span translate="no">{s.openingHours}</span>
      </p>
      {s.nav ? (
        <div style={{ display: 'flex', gap: 8, marginTop: 8, flexWrap: 'wrap' }}>
          <a className="nj-tap" href={s.nav.amap} target="_blank" rel="noreferrer" data-testid="nav-amap">
            {t('高德导航')}
          </a>
          <a className="nj-tap" href={s.nav.baidu} target="_blank" rel="noreferrer" data-testid="nav-baidu">
            {t('百度导航')}
          </a>
        </div>
      ) : null}
    </div>
  );
}

export function StationMapPage() {
  const { t } = useI18n();
  const settings = useMapSettings();
  const api = useRef<MapApi | null>(null);
  const [selected, setSelected] = useState<MapStation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem(t('这部手机不能定位'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setProblem(null);
        // A GPS fix is WGS-84; on 高德's GCJ-02 tiles the map converts the points it shows, the view's centre is off by its few hundred metres at most.
        api.current?.setView(p.coords.longitude, p.coords.latitude, 14);
      },
      (e) => {
        setLocating(false);
        setProblem(e.code === e.PERMISSION_DENIED ? t('没有定位权限：请在浏览器设置中允许定位') : t('定位失败，请到室外或稍后再试'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const outline = t('底图未配置：省级行政区轮廓仅为示意');
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('驿站地图')}</h1>
      {settings.error ? <ErrorBlock status="default" title={t('加载失败')} description={null} /> : null}
      {settings.data ? (
        <>
          <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
            <Button style={{ flex: 2 }} color="primary" onClick={locate} loading={locating} data-testid="map-locate">
              {t('到我的位置')}
            </Button>
            <Button style={{ flex: 1 }} onClick={() => api.current?.zoomIn()} aria-label={t('放大')}>
              ＋
            </Button>
            <Button style={{ flex: 1 }} onClick={() => api.current?.zoomOut()} aria-label={t('缩小')}>
              －
            </Button>
          </div>
          {problem ? (
            <p role="alert" style={{ color: '#a8071a' }}>
              {problem}
            </p>
          ) : null}
          <StationMap
            settings={settings.data}
            load={loadPublicStationMap}
            onSelect={setSelected}
            selectedId={selected?.id ?? null}
            height="55vh"
            markerSize={64}
            controls={false}
            onReady={(a) => (api.current = a)}
            labels={{ outline, cluster: (n) => t('{n} 个驿站，点击放大', { n }), failed: t('加载失败') }}
          />
          <p style={{ margin: '4px 0 12px', color: '#555' }} data-testid="map-attribution">
            {attributionOf(settings.data, outline)}
          </p>
          {selected ? <Selected s={selected} /> : <p style={{ color: '#555' }}>{t('点数字放大，点红色标记看驿站')}</p>}
        </>
      ) : settings.error ? null : (
        <SpinLoading style={{ margin: '48px auto' }} aria-label={t('加载中')} />
      )}
      <a className="nj-tap" href="/m/stations" style={{ display: 'flex', justifyContent: 'center', color: '#c8102e' }}>
        {t('附近驿站')}
      </a>
    </div>
  );
}
