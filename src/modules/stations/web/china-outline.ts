/**
 * The outlines of China's provinces, for the station map when no tile provider is configured (or
 * the network is down): the map still shows where it is, with nothing fetched at run time.
 *
 * Source: Apache ECharts 4.9.0, `map/json/china.json` (Apache License 2.0, © The Apache Software
 * Foundation; this product includes software developed at The Apache Software Foundation), the
 * 34 provincial-level divisions including 台湾, 香港 and 澳门, in ECharts' compact encoding
 * (61 KB, 44 KB gzipped), decoded here. It is a schematic outline, not a surveyed boundary: the
 * map says so, and a provider's approved tiles (审图号) replace it once configured.
 */
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import encoded from './china-provinces.json' with { type: 'json' };

interface EncodedFeature {
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: string[] | string[][]; encodeOffsets: number[][] | number[][][] };
}

/** ECharts' ring encoding: zig-zag deltas as character codes from an offset, 1/1024 degree apart. */
function decodeRing(ring: string, offset: number[]): Position[] {
  const out: Position[] = [];
  let x = offset[0]!;
  let y = offset[1]!;
  for (let i = 0; i + 1 < ring.length; i += 2) {
    let dx = ring.charCodeAt(i) - 64;
    let dy = ring.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1);
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    out.push([x / 1024, y / 1024]);
  }
  return out;
}

let decoded: FeatureCollection<Polygon | MultiPolygon, { name: string }> | undefined;

/** The provinces as GeoJSON (decoded once). */
export function chinaProvinces(): FeatureCollection<Polygon | MultiPolygon, { name: string }> {
  decoded ??= {
    type: 'FeatureCollection',
    features: (encoded as unknown as { features: EncodedFeature[] }).features.map((f) => {
      const g = f.geometry;
      const geometry: Polygon | MultiPolygon =
        g.type === 'Polygon'
          ? { type: 'Polygon', coordinates: (g.coordinates as string[]).map((r, i) => decodeRing(r, (g.encodeOffsets as number[][])[i]!)) }
          : {
              type: 'MultiPolygon',
              coordinates: (g.coordinates as string[][]).map((poly, i) => poly.map((r, j) => decodeRing(r, (g.encodeOffsets as number[][][])[i]![j]!))),
            };
      return { type: 'Feature', properties: { name: f.properties.name }, geometry };
    }),
  };
  return decoded;
}
