import { convert } from '../../shared/geo.ts';

/** Links that open a station in 高德 and 百度 navigation, each with the point in that provider's datum. */
export function navLinks(name: string, wgsLng: number, wgsLat: number) {
  const [gLng, gLat] = convert({ lng: wgsLng, lat: wgsLat, datum: 'wgs84' }, 'gcj02');
  const [bLng, bLat] = convert({ lng: wgsLng, lat: wgsLat, datum: 'wgs84' }, 'bd09');
  const n = encodeURIComponent(name);
  return {
    // 高德 URI API: GCJ-02 ("coordinate=gaode").
    amap: `https://uri.amap.com/marker?position=${gLng.toFixed(6)},${gLat.toFixed(6)}&name=${n}&coordinate=gaode&callnative=1`,
    // 百度 URI API: BD-09 ("coord_type=bd09ll"), latitude first.
    baidu: `https://api.map.baidu.com/marker?location=${bLat.toFixed(6)},${bLng.toFixed(6)}&title=${n}&content=${n}&coord_type=bd09ll&output=html&src=webapp.niangjia.stations`,
  };
}
