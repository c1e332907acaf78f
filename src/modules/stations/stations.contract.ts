/**
 * 工会驿站 — places where couriers, riders, sanitation workers and other outdoor workers rest, warm a
 * meal, drink water and charge a phone; some open all night behind a QR door. Staff keep the list
 * (type, host union, place, hours, amenities, status); workers find the nearest open one and record
 * a visit by scanning the station's poster.
 * Glossary: 驿站 station, 承建工会 host union, 营业时间 opening hours (OpenStreetMap `opening_hours`
 * syntax), 有人值守 staffed, 自助开放 unstaffed (QR door), 服务设施 amenities, 运营 / 暂停 / 撤销
 * open / paused / closed, 到站 visit, 导航 navigation.
 */
import { z, text, optionalText, nameText, id, queryId, queryInt, oneOf, Paging, pageOf, decimal, searchQuery } from '../../shared/contract.ts';
import { isContactPhone } from '../../shared/ids.ts';
import { DATUMS, POINT_SOURCES, SOURCE_DATUM, POINT_SOURCE_LABELS, DATUM_LABELS, CHINA_BOX, inChinaBox } from '../../shared/geo.ts';
import type { PermissionDefs } from '../../shared/permissions.ts';

export const STATIONS_PERMISSIONS = {
  'stations:read': { label: '查看驿站和到站统计', roles: ['union_admin', 'cadre', 'auditor', 'station_manager'] },
  'stations:manage': { label: '建设和管理驿站：登记、修改营业时间和设施、暂停或撤销', roles: ['union_admin', 'cadre'] },
  'stations:operate': { label: '记录驿站的物资出入库、服务活动和照片', roles: ['union_admin', 'cadre', 'station_manager'] },
  /** Without it (a 站长), an account sees and works only the stations bound to it. */
  'stations:all': { label: '查看本级及下级的全部驿站（站长只看绑定给自己的驿站）', roles: ['union_admin', 'cadre', 'auditor'] },
} satisfies PermissionDefs;
declare module '../../shared/permissions.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface PermissionRegistry extends Record<keyof typeof STATIONS_PERMISSIONS, true> {}
}

export const STATION_TYPES = ['union', 'warm', 'outdoor', 'love'] as const;
export type StationType = (typeof STATION_TYPES)[number];
export const STATION_TYPE_LABELS: Record<StationType, string> = {
  union: '工会驿站',
  warm: '暖心驿站',
  outdoor: '户外劳动者服务站',
  love: '爱心驿站',
};

export const STATION_STATUSES = ['open', 'paused', 'closed'] as const;
export type StationStatus = (typeof STATION_STATUSES)[number];
export const STATION_STATUS_LABELS: Record<StationStatus, string> = { open: '运营', paused: '暂停', closed: '撤销' };

/** What a station offers, as a checklist workers filter by (the order is the order shown). */
export const AMENITIES = ['seats', 'microwave', 'water', 'climate', 'fridge', 'firstaid', 'charging', 'toilet', 'books', 'wifi', 'umbrella', 'repair'] as const;
export type Amenity = (typeof AMENITIES)[number];
export const AMENITY_LABELS: Record<Amenity, string> = {
  seats: '桌椅休息',
  microwave: '微波炉',
  water: '饮用水',
  climate: '冷暖空调',
  fridge: '冰箱',
  firstaid: '急救药箱',
  charging: '手机充电',
  toilet: '卫生间',
  books: '图书',
  wifi: '无线网络',
  umbrella: '爱心雨伞',
  repair: '维修工具',
};

/** What the nearest search and the map say of a station at a moment. */
export const OPEN_STATES = ['staffed', 'self', 'closed'] as const;
export type OpenState = (typeof OPEN_STATES)[number];
export const OPEN_STATE_LABELS: Record<OpenState, string> = { staffed: '开放中（有人值守）', self: '开放中（自助扫码进入）', closed: '未开放' };

/** Amenities in a query: `amenity=water,toilet` or the parameter repeated; every one must be there. */
function amenityList() {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(',')).filter(Boolean))
    .pipe(z.array(oneOf(AMENITIES, '服务设施')));
}

/** How many stations the nearest search answers at most, and how far it looks. */
export const MAX_NEAREST = 50;
export const MAX_RADIUS_KM = 50;

const OPENING_HOURS_HELP = '按 OpenStreetMap 营业时间格式填写，例如 “Mo-Fr 08:00-20:00; Sa,Su 09:00-17:00” 或 “24/7”';

/**
 * A station's place: the point with the map it was taken from. The datum follows from the source
 * (高德 → GCJ-02, 百度 → BD-09, GPS and 天地图 → WGS-84), so a point whose datum does not match its
 * source is refused: it would land hundreds of metres off.
 */
export const StationInput = z
  .object({
    type: oneOf(STATION_TYPES, '驿站类型'),
    name: nameText('驿站名称', { max: 60 }),
    orgId: id('承建工会'),
    address: text('详细地址', { max: 200 }),
    lng: decimal('经度', { min: -180, max: 180 }),
    lat: decimal('纬度', { min: -90, max: 90 }),
    datum: oneOf(DATUMS, '坐标系'),
    source: oneOf(POINT_SOURCES, '坐标来源'),
    /** When the doors are open at all (staffed or not). */
    openingHours: text('开放时间', { max: 255 }),
    /** When someone is on duty; null when staffed whenever open. */
    staffedHours: optionalText('值守时间', { max: 255 }),
    amenities: z.array(oneOf(AMENITIES, '服务设施'), { error: '请选择服务设施' }).max(AMENITIES.length),
    phone: z
      .string()
      .trim()
      .refine((v) => v === '' || isContactPhone(v), '联系电话格式不正确（手机号或带区号的固定电话）')
      .nullish()
      .transform((v) => (v ? v : null)),
    intro: optionalText('驿站介绍', { max: 500, multiline: true }),
  })
  .superRefine((s, ctx) => {
    if (!inChinaBox(s.lng, s.lat))
      ctx.addIssue({
        code: 'custom',
        path: ['lng'],
        message: `坐标须在中国境内（经度 ${CHINA_BOX.minLng}–${CHINA_BOX.maxLng}，纬度 ${CHINA_BOX.minLat}–${CHINA_BOX.maxLat}），请检查经纬度是否填反`,
      });
    if (SOURCE_DATUM[s.source] !== s.datum)
      ctx.addIssue({
        code: 'custom',
        path: ['datum'],
        message: `${POINT_SOURCE_LABELS[s.source]}的坐标是 ${DATUM_LABELS[SOURCE_DATUM[s.source]]}，与所选坐标系不符`,
      });
  });
export type StationInput = z.infer<typeof StationInput>;

export const StationStatusInput = z.object({
  status: oneOf(STATION_STATUSES, '运营状态'),
  reason: optionalText('原因', { max: 200 }),
});
export type StationStatusInput = z.infer<typeof StationStatusInput>;

export const StationIdParams = z.object({ id: queryId('驿站') });

export const ListStationsQuery = Paging.extend({
  q: searchQuery('驿站名称或地址').optional(),
  type: oneOf(STATION_TYPES, '驿站类型').optional(),
  status: oneOf(STATION_STATUSES, '运营状态').optional(),
  orgId: queryId('承建工会').optional(),
  amenity: amenityList(),
});
export type ListStationsQuery = z.infer<typeof ListStationsQuery>;

export const StationView = z.object({
  id: z.number().int(),
  type: z.enum(STATION_TYPES),
  name: z.string(),
  org: z.object({ id: z.number().int(), name: z.string() }),
  address: z.string(),
  lng: z.number(),
  lat: z.number(),
  datum: z.enum(DATUMS),
  source: z.enum(POINT_SOURCES),
  /** The point on WGS-84 (what distances are measured on). */
  wgs84: z.object({ lng: z.number(), lat: z.number() }),
  openingHours: z.string(),
  staffedHours: z.string().nullable(),
  amenities: z.array(z.enum(AMENITIES)),
  phone: z.string().nullable(),
  intro: z.string().nullable(),
  status: z.enum(STATION_STATUSES),
  statusReason: z.string().nullable(),
  /** Open now (China time), staffed or by QR door. */
  now: z.enum(OPEN_STATES),
  visits30d: z.number().int(),
  createdAt: z.string(),
  can: z.object({ change: z.boolean() }),
});
export type StationView = z.infer<typeof StationView>;
export const StationPage = pageOf(StationView);
export type StationPage = z.infer<typeof StationPage>;

/** A worker's question: where am I (a phone's GPS fix is WGS-84), what must it have, when. */
export const NearestQuery = z.object({
  lng: z.coerce.number({ error: '经度必须是数字' }).min(-180, '经度不正确').max(180, '经度不正确'),
  lat: z.coerce.number({ error: '纬度必须是数字' }).min(-90, '纬度不正确').max(90, '纬度不正确'),
  datum: oneOf(DATUMS, '坐标系').default('wgs84'),
  /** A moment with its offset; now when left out. */
  at: z.iso.datetime({ offset: true, error: '时间格式不正确' }).optional(),
  /** Only stations open at that moment (the default), or all of them. */
  open: z
    .enum(['1', '0', 'true', 'false'], { error: '请选择是否只看开放中的驿站' })
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  amenity: amenityList(),
  limit: queryInt('条数', { min: 1, max: MAX_NEAREST }).default(10),
  radiusKm: queryInt('搜索范围（公里）', { min: 1, max: MAX_RADIUS_KM }).default(20),
});
export type NearestQuery = z.infer<typeof NearestQuery>;

export const NearStation = z.object({
  id: z.number().int(),
  type: z.enum(STATION_TYPES),
  name: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  amenities: z.array(z.enum(AMENITIES)),
  openingHours: z.string(),
  staffedHours: z.string().nullable(),
  /** Open at the asked moment. */
  state: z.enum(OPEN_STATES),
  /** Metres from the asked point, both on WGS-84. */
  distanceM: z.number().int(),
  /** The point in the datum the asker gave (for their own map). */
  point: z.object({ lng: z.number(), lat: z.number(), datum: z.enum(DATUMS) }),
  /** Links that open navigation, each with the point converted to the provider's datum. */
  nav: z.object({ amap: z.string(), baidu: z.string() }),
});
export type NearStation = z.infer<typeof NearStation>;
export const NearestAnswer = z.object({ at: z.string(), stations: z.array(NearStation) });
export type NearestAnswer = z.infer<typeof NearestAnswer>;

/** What a worker's phone sends after scanning a station's poster. */
export const VisitInput = z.object({
  code: z
    .string({ error: '请扫描驿站海报上的二维码' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, '二维码无效，请扫描驿站海报上的二维码'),
});
export type VisitInput = z.infer<typeof VisitInput>;
export const VisitAnswer = z.object({
  station: z.object({ id: z.number().int(), name: z.string(), address: z.string(), amenities: z.array(z.enum(AMENITIES)) }),
  /** False when this worker's visit of this hour was already recorded (a second scan counts once). */
  recorded: z.boolean(),
  visitedAt: z.string(),
});
export type VisitAnswer = z.infer<typeof VisitAnswer>;

export const VisitStatsQuery = z.object({
  from: z.iso.date({ error: '开始日期格式不正确' }),
  to: z.iso.date({ error: '结束日期格式不正确' }),
  orgId: queryId('工会').optional(),
});
export type VisitStatsQuery = z.infer<typeof VisitStatsQuery>;
export const VisitStats = z.object({
  total: z.number().int(),
  visitors: z.number().int(),
  byDay: z.array(z.object({ day: z.string(), visits: z.number().int() })),
  byStation: z.array(z.object({ id: z.number().int(), name: z.string(), visits: z.number().int() })),
  byOrg: z.array(z.object({ id: z.number().int(), name: z.string(), visits: z.number().int() })),
  byOccupation: z.array(z.object({ occupation: z.string(), visits: z.number().int() })),
});
export type VisitStats = z.infer<typeof VisitStats>;

// ---- the map ----

/** The deepest zoom at which stations still cluster; closer in every station is its own marker. */
export const MAP_MAX_CLUSTER_ZOOM = 16;
export const MAP_MAX_ZOOM = 18;

/** A viewport `w,s,e,n` in degrees (in the datum of the `datum` parameter), whole China when left out. */
const bbox = () =>
  z
    .string({ error: '地图范围格式不正确' })
    .default(`${CHINA_BOX.minLng},${CHINA_BOX.minLat},${CHINA_BOX.maxLng},${CHINA_BOX.maxLat}`)
    .transform((v, ctx) => {
      const n = v.split(',').map((x) => Number(x.trim()));
      const [w, s, e, no] = n;
      if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || w! < -180 || e! > 180 || s! < -90 || no! > 90 || w! > e! || s! > no!) {
        ctx.addIssue({ code: 'custom', message: '地图范围须为“西经,南纬,东经,北纬”四个数（西小于东，南小于北）' });
        return z.NEVER;
      }
      return [w!, s!, e!, no!] as [number, number, number, number];
    })
    .meta({ type: 'string', example: '111.5,40.6,111.9,41.0' });

const mapQueryBase = {
  bbox: bbox(),
  zoom: queryInt('缩放级别', { min: 0, max: MAP_MAX_ZOOM }).default(4),
  /** The datum of the viewport and of the points answered: GCJ-02 on 高德 tiles, WGS-84 on 天地图 and on the plain outline map. */
  datum: oneOf(DATUMS, '坐标系').default('wgs84'),
  type: oneOf(STATION_TYPES, '驿站类型').optional(),
  amenity: amenityList(),
};
/** Staff: the stations of their subtree (closed ones only when asked for by status). */
export const StationMapQuery = z.object({ ...mapQueryBase, status: oneOf(STATION_STATUSES, '运营状态').optional(), orgId: queryId('承建工会').optional() });
export type StationMapQuery = z.infer<typeof StationMapQuery>;
/** Anyone: open stations. */
export const PublicStationMapQuery = z.object(mapQueryBase);
export type PublicStationMapQuery = z.infer<typeof PublicStationMapQuery>;

export const MapCluster = z.object({
  /** The cluster's id within this index (changes when the stations change). */
  id: z.number().int(),
  lng: z.number(),
  lat: z.number(),
  count: z.number().int(),
  /** The zoom at which the cluster falls apart (clicking it zooms there). */
  zoomTo: z.number().int(),
});
export type MapCluster = z.infer<typeof MapCluster>;
export const MapStation = z.object({
  id: z.number().int(),
  lng: z.number(),
  lat: z.number(),
  type: z.enum(STATION_TYPES),
  name: z.string(),
  address: z.string(),
  status: z.enum(STATION_STATUSES),
  openingHours: z.string(),
  staffedHours: z.string().nullable(),
  /** Open now (China time). */
  now: z.enum(OPEN_STATES),
  /** Navigation links (the public map only). */
  nav: z.object({ amap: z.string(), baidu: z.string() }).optional(),
});
export type MapStation = z.infer<typeof MapStation>;
export const StationMapAnswer = z.object({
  zoom: z.number().int(),
  datum: z.enum(DATUMS),
  /** Stations matching the filters in the whole map (not only the viewport). */
  total: z.number().int(),
  clusters: z.array(MapCluster),
  stations: z.array(MapStation),
});
export type StationMapAnswer = z.infer<typeof StationMapAnswer>;

export const MAP_PROVIDERS = ['tianditu', 'amap', 'none'] as const;
export type MapProvider = (typeof MAP_PROVIDERS)[number];
/** How the map is drawn: a provider's tiles (with its 审图号), or, with none configured, region outlines on a plain background. */
export const MapSettings = z.object({
  provider: z.enum(MAP_PROVIDERS),
  /** The datum the tiles are drawn in: points are asked for in it. */
  datum: z.enum(DATUMS),
  layers: z.array(z.object({ url: z.string(), subdomains: z.string() })),
  /** The provider's name and 审图号, shown on the map as the law requires. */
  attribution: z.string(),
});
export type MapSettings = z.infer<typeof MapSettings>;

export { OPENING_HOURS_HELP };
