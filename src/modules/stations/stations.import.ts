/**
 * 驿站导入、导出: the station list as a spreadsheet, the same columns both ways, so an export
 * imports again. Every row is checked by the rules of the register form (the contract's
 * `StationInput`) plus the host union, found by name, short name or code among the unions of the
 * importer's subtree as the roster import finds them; then all rows are written in one transaction
 * or none. A row naming a station its union already has (same name) is skipped, so importing the
 * same sheet twice changes nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import type { AppError } from '../../server/errors.ts';
import { dataRows, labelLookup, mapHeader, rowErrors, tooManyRows, type DataRow, type SheetRow } from '../../server/imports.ts';
import { DATUM_LABELS, POINT_SOURCE_LABELS, type Datum } from '../../shared/geo.ts';
import { recordAudits, type AuditEvent } from '../audit/index.ts';
import { importOrgIndex } from '../people/index.ts';
import { AMENITIES, AMENITY_LABELS, STATION_TYPE_LABELS, StationInput, type Amenity, type ListStationsQuery, type StationView } from './stations.contract.ts';
import { STATION_IMPORT_COLUMNS, type StationImportKey, type StationImportResult } from './stations.ops.contract.ts';
import { columnsOf, listStations } from './stations.service.ts';
import * as stationsRepo from './stations.repository.ts';
import * as repo from './stations.ops.repository.ts';

const MAX_ROWS = 5_000;

const TYPE_BY_LABEL = labelLookup(STATION_TYPE_LABELS, { 户外劳动者驿站: 'outdoor', 职工驿站: 'union' });
const SOURCE_BY_LABEL = labelLookup(POINT_SOURCE_LABELS, { 高德: 'amap', 腾讯: 'tencent', 微信: 'wechat', 百度: 'baidu', GPS: 'gps', 手机GPS: 'gps' });
const DATUM_BY_LABEL = labelLookup(DATUM_LABELS, {
  'GCJ-02': 'gcj02',
  GCJ02: 'gcj02',
  'WGS-84': 'wgs84',
  WGS84: 'wgs84',
  CGCS2000: 'wgs84',
  'BD-09': 'bd09',
  BD09: 'bd09',
});
const AMENITY_BY_LABEL = labelLookup(AMENITY_LABELS);

/** The contract's field → the sheet's column (a problem found by the register form's rules). */
const FIELD_COLUMN: Record<string, StationImportKey> = {
  type: 'type',
  name: 'name',
  orgId: 'org',
  address: 'address',
  lng: 'lng',
  lat: 'lat',
  datum: 'datum',
  source: 'source',
  openingHours: 'openingHours',
  staffedHours: 'staffedHours',
  amenities: 'amenities',
  phone: 'phone',
};

/** A coordinate as staff write it: 111.67383, ＂111.67383＂, 111.67383° (nothing else). */
function coordinate(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/[°\s]/g, '');
  return /^-?\d{1,3}(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

interface Planned {
  row: number;
  input: StationInput;
  orgPath: string;
}

/** Checks the sheet and, with `apply` and no problem in any row, registers its stations in one transaction. */
export async function importStations(db: Db, actor: Actor, rows: SheetRow[], opts: { apply: boolean }): Promise<StationImportResult> {
  authorize(actor, 'stations:manage');
  const sheet = mapHeader(rows[0]?.cells ?? [], STATION_IMPORT_COLUMNS);
  if (sheet.errors.length) return { applied: false, rows: 0, created: 0, skipped: 0, errors: sheet.errors };
  const body = dataRows(rows);
  if (body.length > MAX_ROWS) return { applied: false, rows: body.length, created: 0, skipped: 0, errors: [tooManyRows(body.length, MAX_ROWS)] };
  const errors = rowErrors(STATION_IMPORT_COLUMNS);
  const { cell } = sheet;
  const scope = scopeOf(actor);
  const [orgs, existing] = await Promise.all([importOrgIndex(db, scope), repo.stationNamesIn(db, scope)]);
  const known = new Set(existing.map((s) => `${s.org_id}|${s.name}`));
  const seen = new Map<string, number>();
  const planned: Planned[] = [];
  let skipped = 0;

  const checkRow = (r: DataRow): StationInput | null => {
    const before = errors.list.length;
    const spoiled = sheet.spoiled(r, errors);
    const text = (k: StationImportKey) => cell(r.cells, k);

    const typeText = text('type');
    const type = TYPE_BY_LABEL.get(typeText);
    if (!type) errors.add(r.row, 'type', `驿站类型应为：${Object.values(STATION_TYPE_LABELS).join('、')}`);

    const orgText = text('org');
    const orgIds = orgText ? orgs[orgText] : undefined;
    let orgId: number | undefined;
    if (!orgText) errors.add(r.row, 'org', '请填写承建工会（名称、简称或统一社会信用代码）');
    else if (!orgIds?.length) errors.add(r.row, 'org', `承建工会「${orgText}」不存在或不在您的管辖范围内`);
    else if (orgIds.length > 1) errors.add(r.row, 'org', `承建工会「${orgText}」对应多个组织，请改填其统一社会信用代码`);
    else orgId = orgIds[0];

    const lng = coordinate(text('lng'));
    if (lng === undefined) errors.add(r.row, 'lng', '经度应为数字，如 111.673830');
    const lat = coordinate(text('lat'));
    if (lat === undefined) errors.add(r.row, 'lat', '纬度应为数字，如 40.814310');

    const source = SOURCE_BY_LABEL.get(text('source'));
    if (!source) errors.add(r.row, 'source', `坐标来源应为：${Object.values(POINT_SOURCE_LABELS).join('、')}`);
    const datumText = text('datum');
    let datum: Datum | undefined;
    if (datumText) {
      datum = DATUM_BY_LABEL.get(datumText);
      if (!datum) errors.add(r.row, 'datum', '坐标系应为 GCJ-02、WGS-84 或 BD-09（可不填，由坐标来源决定）');
    }

    const amenities: Amenity[] = [];
    for (const part of text('amenities')
      .split(/[、,，;；\s]+/)
      .filter(Boolean)) {
      const a = AMENITY_BY_LABEL.get(part);
      if (!a) errors.add(r.row, 'amenities', `无法识别的服务设施「${part}」，应为：${AMENITIES.map((x) => AMENITY_LABELS[x]).join('、')}`);
      else if (!amenities.includes(a)) amenities.push(a);
    }
    if (errors.list.length > before) return null;

    // The register form's own rules: lengths, hours that can be read, the point in China, the datum of its source.
    const parsed = StationInput.safeParse({
      type,
      name: text('name'),
      orgId,
      address: text('address'),
      lng,
      lat,
      source,
      datum: datum ?? (source === 'baidu' ? 'bd09' : source === 'gps' || source === 'tianditu' ? 'wgs84' : 'gcj02'),
      openingHours: text('openingHours'),
      staffedHours: text('staffedHours') || null,
      amenities,
      phone: spoiled.has('phone') ? null : text('phone') || null,
      intro: null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = FIELD_COLUMN[String(issue.path[0])];
        if (key && !spoiled.has(key)) errors.add(r.row, key, issue.message);
      }
      return null;
    }
    try {
      columnsOf(parsed.data);
    } catch (err) {
      const e = err as AppError;
      const field = e.fields?.[0]?.field;
      const key = field ? FIELD_COLUMN[field] : undefined;
      if (!key) throw err;
      errors.add(r.row, key, e.message);
      return null;
    }
    return errors.list.length > before ? null : parsed.data;
  };

  for (const r of body) {
    const input = checkRow(r);
    if (!input) continue;
    const key = `${input.orgId}|${input.name}`;
    if (seen.has(key)) {
      errors.add(r.row, 'name', `与第 ${seen.get(key)} 行是同一承建工会的同名驿站`);
      continue;
    }
    seen.set(key, r.row);
    if (known.has(key)) {
      skipped++;
      continue;
    }
    planned.push({ row: r.row, input, orgPath: '' });
  }

  const result = { rows: body.length, skipped };
  if (errors.list.length || !opts.apply || !planned.length) {
    return { applied: false, ...result, created: 0, errors: errors.list.sort((a, b) => a.row - b.row) };
  }
  const paths = await repo.orgPaths(db, [...new Set(planned.map((p) => p.input.orgId))]);
  await db.transaction(async (tx) => {
    const audits: AuditEvent[] = [];
    for (const p of planned) {
      const id = await stationsRepo.insertStation(tx, {
        ...columnsOf(p.input),
        orgId: p.input.orgId,
        orgPath: paths.get(p.input.orgId)!,
        visitCode: randomBytes(18).toString('base64url'),
        createdBy: actor.accountId,
      });
      audits.push({ action: 'create', entity: 'station', entityId: id, orgId: p.input.orgId, summary: `导入驿站「${p.input.name}」（第 ${p.row} 行）` });
    }
    await recordAudits(tx, actor, audits);
  });
  return { applied: true, ...result, created: planned.length, errors: [] };
}

/** The cells of a station as the import reads them. */
export function exportCells(s: StationView): string[] {
  const byKey: Record<StationImportKey, string> = {
    type: STATION_TYPE_LABELS[s.type],
    name: s.name,
    org: s.org.name,
    address: s.address,
    lng: s.lng.toFixed(6),
    lat: s.lat.toFixed(6),
    source: POINT_SOURCE_LABELS[s.source],
    datum: DATUM_LABELS[s.datum].replace(/（.*$/, ''),
    openingHours: s.openingHours,
    staffedHours: s.staffedHours ?? '',
    amenities: s.amenities.map((a) => AMENITY_LABELS[a]).join('、'),
    phone: s.phone ?? '',
  };
  return STATION_IMPORT_COLUMNS.map((c) => byKey[c.key]);
}

/** The stations of the caller's list (same filters), every page. */
export async function stationsForExport(db: Db, actor: Actor, q: Omit<ListStationsQuery, 'page' | 'pageSize'>, max: number) {
  authorize(actor, 'stations:read');
  const out: StationView[] = [];
  for (let page = 1; out.length < max; page++) {
    const { items, total } = await listStations(db, actor, { ...q, page, pageSize: 200 });
    out.push(...items);
    if (out.length >= total || !items.length) break;
  }
  return out.slice(0, max);
}
