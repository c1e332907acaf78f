/**
 * The station map (Leaflet), shared by the staff page and the worker portal: the configured
 * provider's tiles with its 审图号, or — with none configured, or offline — the provinces' outlines
 * on a plain background. It asks the server for the clusters of what it shows after every move
 * (the server clusters all 200,000 stations; the page draws only what one viewport holds), in the
 * datum of the tiles. Clicking a cluster zooms to where it splits; clicking a station selects it
 * (the page shows it beside the map, in its own words and type sizes).
 */
import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Datum } from '../../../shared/geo.ts';
import { CHINA_BOX } from '../../../shared/geo.ts';
import type { MapSettings, MapStation, StationMapAnswer } from '../stations.contract.ts';
import { chinaProvinces } from './china-outline.ts';

export interface StationMapProps {
  settings: MapSettings;
  /** Fetches the clusters of a viewport (`w,s,e,n` in `datum`) at a zoom. */
  load: (bbox: string, zoom: number, datum: Datum) => Promise<StationMapAnswer>;
  /** Changes whenever the filters change (the map asks again). */
  filterKey?: string;
  onSelect: (s: MapStation | null) => void;
  selectedId?: number | null;
  /** Move to the stations shown by the first answer (a county's staff see their county). */
  fitFirst?: boolean;
  /** Translated texts. */
  labels: { outline: string; cluster: (n: number) => string; failed: string };
  height: number | string;
  /** Marker sizes in pixels (the portal's are larger, for fingers). */
  markerSize?: number;
  /**
   * Leaflet's own zoom buttons and attribution (small, for a desk); the portal turns them off, draws
   * its own large buttons and prints the attribution under the map in its own type size.
   */
  controls?: boolean;
  /** Hands the page the map's moves (its own zoom buttons, the worker's position). */
  onReady?: (api: MapApi) => void;
}

export interface MapApi {
  zoomIn(): void;
  zoomOut(): void;
  setView(lng: number, lat: number, zoom: number): void;
}

/** What the map credits: the provider's name with its 审图号, or that the outlines are a schematic. */
export const attributionOf = (settings: MapSettings, outline: string) => (settings.provider === 'none' ? outline : settings.attribution);

const OPEN_COLOR = '#c8102e';
const OTHER_COLOR = '#8c8c8c';

function clusterIcon(count: number, size: number, label: string) {
  const d = Math.round(size * (count < 10 ? 1 : count < 100 ? 1.15 : count < 1000 ? 1.3 : 1.45));
  return L.divIcon({
    className: 'nj-map-cluster',
    html: `<div data-testid="map-cluster" data-count="${count}" aria-label="${label}" style="width:${d}px;height:${d}px;line-height:${d}px;border-radius:50%;background:rgba(200,16,46,.85);color:#fff;text-align:center;font-weight:600;font-size:${Math.max(13, Math.round(size / 2.5))}px;box-shadow:0 0 0 5px rgba(200,16,46,.25)">${count >= 10_000 ? `${Math.round(count / 1000)}k` : count}</div>`,
    iconSize: [d, d],
  });
}

/** A pin, drawn smaller than the marker it sits in: the marker is the tap target. */
function stationIcon(s: MapStation, size: number, selected: boolean) {
  const d = Math.round(size * 0.6);
  const color = s.status === 'open' && s.now !== 'closed' ? OPEN_COLOR : OTHER_COLOR;
  return L.divIcon({
    className: 'nj-map-station',
    html: `<div data-testid="map-station" data-id="${s.id}" style="width:${size}px;height:${size}px;display:flex;align-items:flex-end;justify-content:center"><div style="width:${d}px;height:${d}px;margin-bottom:${Math.round(d * 0.35)}px;border-radius:50% 50% 50% 0;transform:rotate(-45deg);background:${color};border:${selected ? 4 : 2}px solid ${selected ? '#1677ff' : '#fff'};box-shadow:0 1px 4px rgba(0,0,0,.4)"></div></div>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size],
  });
}

export function StationMap({
  settings,
  load,
  filterKey,
  onSelect,
  selectedId,
  fitFirst,
  labels,
  height,
  markerSize = 36,
  controls = true,
  onReady,
}: StationMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markers = useRef<L.LayerGroup | null>(null);
  const last = useRef<StationMapAnswer | null>(null);
  const seq = useRef(0);
  const [failed, setFailed] = useState(false);
  // The latest props, for Leaflet's handlers bound once.
  const props = useRef({ load, onSelect, selectedId, labels, markerSize, fitFirst });
  props.current = { load, onSelect, selectedId, labels, markerSize, fitFirst };

  const draw = () => {
    const map = mapRef.current;
    const a = last.current;
    if (!map || !markers.current || !a) return;
    const { onSelect: select, selectedId: sel, labels: l, markerSize: size } = props.current;
    markers.current.clearLayers();
    for (const c of a.clusters) {
      L.marker([c.lat, c.lng], { icon: clusterIcon(c.count, size, l.cluster(c.count)), keyboard: true, title: l.cluster(c.count) })
        .on('click', () => map.setView([c.lat, c.lng], c.zoomTo))
        .addTo(markers.current);
    }
    for (const s of a.stations) {
      L.marker([s.lat, s.lng], { icon: stationIcon(s, size, s.id === sel), keyboard: true, title: s.name, zIndexOffset: s.id === sel ? 1000 : 0 })
        .on('click', () => select(s))
        .addTo(markers.current);
    }
  };

  const refresh = async (first = false) => {
    const map = mapRef.current;
    if (!map) return;
    const n = ++seq.current;
    // The zoom shown, for people's tools and tests that read the page.
    box.current!.dataset.zoom = String(map.getZoom());
    const b = map.getBounds().pad(0.1);
    const bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())]
      .map((v) => v.toFixed(5))
      .join(',');
    try {
      const a = await props.current.load(bbox, map.getZoom(), settings.datum);
      if (n !== seq.current) return;
      setFailed(false);
      last.current = a;
      const points = [...a.clusters, ...a.stations];
      if (first && props.current.fitFirst && points.length) {
        // One marker: closer in, but not so close that a cluster falls apart; several: all of them in view.
        const one = points.length === 1 ? points[0]! : null;
        const target = one
          ? 'zoomTo' in one
            ? Math.min(11, one.zoomTo - 1)
            : 12
          : map.getBoundsZoom(L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number])).pad(0.2));
        if (Math.min(target, 11) > map.getZoom()) {
          if (one) map.setView([one.lat, one.lng], target);
          else map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng] as [number, number])).pad(0.2), { maxZoom: 11 });
          return; // the move asks again
        }
      }
      draw();
    } catch {
      if (n === seq.current) setFailed(true);
    }
  };

  useEffect(() => {
    const map = L.map(box.current!, {
      preferCanvas: true,
      zoomControl: controls,
      attributionControl: controls,
      minZoom: 3,
      maxZoom: 18,
      worldCopyJump: false,
      maxBounds: L.latLngBounds([CHINA_BOX.minLat - 15, CHINA_BOX.minLng - 30], [CHINA_BOX.maxLat + 15, CHINA_BOX.maxLng + 30]),
    }).setView([36, 104], 4);
    map.attributionControl?.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    if (settings.provider === 'none') {
      box.current!.style.background = '#dfe9f3';
      L.geoJSON(chinaProvinces(), {
        style: { color: '#9aa8b8', weight: 1, fillColor: '#f7f5ef', fillOpacity: 1 },
        attribution: props.current.labels.outline,
        interactive: false,
      }).addTo(map);
    } else {
      for (const layer of settings.layers) L.tileLayer(layer.url, { subdomains: layer.subdomains, attribution: settings.attribution, maxZoom: 18 }).addTo(map);
    }
    // Zoomed in past the outlines the background is plain: the scale still tells how far apart stations are.
    if (controls) L.control.scale({ imperial: false }).addTo(map);
    markers.current = L.layerGroup().addTo(map);
    mapRef.current = map;
    map.on('moveend', () => void refresh());
    void refresh(true);
    onReady?.({
      zoomIn: () => map.zoomIn(),
      zoomOut: () => map.zoomOut(),
      setView: (lng, lat, zoom) => map.setView([lat, lng], zoom),
    });
    return () => {
      map.remove();
      mapRef.current = null;
    };
    // The map is built once per provider; filters and selection are followed below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.provider]);

  // Ask again when the filters change (not on the first render: the map's first request is under way).
  const askedFor = useRef(filterKey);
  useEffect(() => {
    if (askedFor.current === filterKey) return;
    askedFor.current = filterKey;
    if (mapRef.current) void refresh(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey]);

  useEffect(draw, [selectedId]);

  return (
    <div style={{ position: 'relative' }}>
      <div ref={box} style={{ height, width: '100%', borderRadius: 8 }} data-testid="station-map" />
      {failed ? (
        <div
          role="alert"
          style={{
            position: 'absolute',
            top: 8,
            left: 56,
            right: 8,
            background: '#fff1f0',
            color: '#a8071a',
            padding: '6px 10px',
            borderRadius: 6,
            zIndex: 1000,
          }}
        >
          {labels.failed}
        </div>
      ) : null}
    </div>
  );
}
