/**
 * The map's base layer from the configured provider. 天地图 draws on WGS-84/CGCS2000 (within
 * centimetres of it), 高德 on GCJ-02: the page asks for points in the tiles' datum, or they would
 * land hundreds of metres off on 高德. With no provider the page draws region outlines it ships.
 */
import type { MapConfig } from '../../server/config.ts';
import type { MapSettings } from './stations.contract.ts';

/** 天地图's web-mercator layers (`_w`): the map (vec) and its Chinese labels (cva), over WMTS with the key. */
const tiandituLayer = (layer: 'vec' | 'cva', key: string) => ({
  url: `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  subdomains: '01234567',
});

export function mapSettings(config: MapConfig | null): MapSettings {
  if (!config) return { provider: 'none', datum: 'wgs84', layers: [], attribution: '' };
  if (config.provider === 'tianditu')
    return {
      provider: 'tianditu',
      datum: 'wgs84',
      layers: [tiandituLayer('vec', config.key!), tiandituLayer('cva', config.key!)],
      attribution: `© 天地图 审图号：${config.approval}`,
    };
  return {
    provider: 'amap',
    datum: 'gcj02',
    // 高德's raster road map with Chinese labels (style 8); the key is the account's, the tiles take none.
    layers: [{ url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}', subdomains: '1234' }],
    attribution: `© 高德地图 审图号：${config.approval}`,
  };
}
