/**
 * Running a 工会驿站 day to day: its 站长 (manager accounts), photos, 巡查考核 (inspections with a
 * star rating), 爱心物资 (donated goods: stock in, stock out, the ledger) and 服务进驿站 (the "五进"
 * services held there), and the station list as a spreadsheet.
 * Glossary: 站长 manager, 封面 cover photo, 巡查 inspection, 星级 stars, 下次巡查 next inspection due,
 * 逾期 overdue, 物资 goods, 入库 stock in, 出库 stock out, 捐赠方 donor, 用途 purpose, 结存 balance,
 * 库存不足 low stock, 服务活动 service event, 服务方 provider, 参与人次 participants.
 */
import { z, text, optionalText, nameText, id, queryId, int, date, oneOf, Paging, pageOf } from '../../shared/contract.ts';

export const StationParams = z.object({ id: queryId('驿站') });
export const StationAccountParams = z.object({ id: queryId('驿站'), accountId: queryId('站长账号') });
export const StationPhotoParams = z.object({ id: queryId('驿站'), photoId: queryId('照片') });
export const ServiceParams = z.object({ id: queryId('驿站'), serviceId: queryId('服务活动') });
export const StationGoodsParams = z.object({ id: queryId('驿站'), goodsId: queryId('物资') });

// ---- managers ----

export const ManagerView = z.object({
  accountId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  org: z.string(),
  assignedAt: z.string().nullable(),
});
export type ManagerView = z.infer<typeof ManagerView>;
export const ManagerList = z.object({ items: z.array(ManagerView) });
export type ManagerList = z.infer<typeof ManagerList>;
export const AssignManagerInput = z.object({ accountId: id('站长账号') });
export type AssignManagerInput = z.infer<typeof AssignManagerInput>;

// ---- photos ----

/** A photo at most this large (phones take 3–4 MB photos; larger ones are asked to be reduced). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Photos per station at most. */
export const MAX_PHOTOS = 30;
export const PhotoView = z.object({
  id: z.number().int(),
  filename: z.string(),
  caption: z.string().nullable(),
  mime: z.string(),
  size: z.number().int(),
  isCover: z.boolean(),
  at: z.string(),
  url: z.string(),
});
export type PhotoView = z.infer<typeof PhotoView>;
export const PhotoList = z.object({ items: z.array(PhotoView) });
export type PhotoList = z.infer<typeof PhotoList>;

// ---- inspections ----

/** The checklist of an inspection: five items of 20 points each (100 in all). */
export const INSPECTION_ITEMS = ['hygiene', 'facilities', 'hours', 'ledger', 'safety'] as const;
export type InspectionItem = (typeof INSPECTION_ITEMS)[number];
export const INSPECTION_ITEM_LABELS: Record<InspectionItem, string> = {
  hygiene: '环境卫生',
  facilities: '设施完好',
  hours: '开放时间落实',
  ledger: '服务台账',
  safety: '安全',
};
export const ITEM_MAX = 20;
/** Stars from a total of 100: the same rule as the database's generated column. */
export function starsOf(total: number): number {
  return total >= 90 ? 5 : total >= 80 ? 4 : total >= 70 ? 3 : total >= 60 ? 2 : 1;
}
/** Days between inspections when no union above has set its own (政策参数 “驿站巡查周期”). */
export const DEFAULT_INSPECTION_DAYS = 90;

const score = (item: InspectionItem) => int(INSPECTION_ITEM_LABELS[item], { min: 0, max: ITEM_MAX });

export const InspectionInput = z.object({
  inspectedOn: date('巡查日期'),
  inspector: nameText('巡查人', { max: 40 }),
  scores: z.object({
    hygiene: score('hygiene'),
    facilities: score('facilities'),
    hours: score('hours'),
    ledger: score('ledger'),
    safety: score('safety'),
  }),
  remarks: z
    .object({
      hygiene: optionalText('环境卫生说明', { max: 200 }),
      facilities: optionalText('设施完好说明', { max: 200 }),
      hours: optionalText('开放时间落实说明', { max: 200 }),
      ledger: optionalText('服务台账说明', { max: 200 }),
      safety: optionalText('安全说明', { max: 200 }),
    })
    .partial()
    .default({}),
  notes: optionalText('巡查意见', { max: 500, multiline: true }),
});
export type InspectionInput = z.infer<typeof InspectionInput>;

export const InspectionView = z.object({
  id: z.number().int(),
  inspectedOn: z.string(),
  inspector: z.string(),
  scores: z.record(z.enum(INSPECTION_ITEMS), z.number().int()),
  remarks: z.record(z.string(), z.string()),
  notes: z.string().nullable(),
  total: z.number().int(),
  stars: z.number().int(),
  at: z.string(),
});
export type InspectionView = z.infer<typeof InspectionView>;

/** A station's standing: stars of its latest inspection and when the next one is due. */
export const RatingView = z.object({
  stars: z.number().int().nullable(),
  lastInspectedOn: z.string().nullable(),
  intervalDays: z.number().int(),
  nextDueOn: z.string(),
  overdue: z.boolean(),
});
export type RatingView = z.infer<typeof RatingView>;
export const InspectionList = z.object({ rating: RatingView, items: z.array(InspectionView) });
export type InspectionList = z.infer<typeof InspectionList>;

export const OverdueQuery = Paging.extend({ orgId: queryId('承建工会').optional() });
export type OverdueQuery = z.infer<typeof OverdueQuery>;
export const OverdueStation = z.object({
  id: z.number().int(),
  name: z.string(),
  org: z.string(),
  stars: z.number().int().nullable(),
  lastInspectedOn: z.string().nullable(),
  nextDueOn: z.string(),
  daysOverdue: z.number().int(),
});
export const OverduePage = pageOf(OverdueStation);
export type OverduePage = z.infer<typeof OverduePage>;

// ---- goods ----

export const GoodsInput = z.object({
  name: nameText('物资名称', { max: 40 }),
  unit: nameText('计量单位', { max: 10 }),
  lowStock: int('库存提醒下限', { min: 0, max: 1_000_000 }).default(0),
});
export type GoodsInput = z.infer<typeof GoodsInput>;

export const StockInInput = z.object({
  quantity: int('入库数量', { min: 1, max: 1_000_000 }),
  donor: nameText('捐赠方', { max: 60 }),
  movedOn: date('入库日期'),
  handledBy: optionalText('经办人', { max: 40 }),
});
export type StockInInput = z.infer<typeof StockInInput>;
export const StockOutInput = z.object({
  quantity: int('出库数量', { min: 1, max: 1_000_000 }),
  purpose: text('用途', { max: 100 }),
  movedOn: date('出库日期'),
  handledBy: optionalText('经办人', { max: 40 }),
});
export type StockOutInput = z.infer<typeof StockOutInput>;

export const GoodsView = z.object({
  id: z.number().int(),
  name: z.string(),
  unit: z.string(),
  lowStock: z.number().int(),
  balance: z.number().int(),
  /** At or below the reminder line (and the line is set). */
  low: z.boolean(),
});
export type GoodsView = z.infer<typeof GoodsView>;
export const GoodsList = z.object({ items: z.array(GoodsView) });
export type GoodsList = z.infer<typeof GoodsList>;

export const LedgerQuery = Paging.extend({ goodsId: queryId('物资').optional() });
export type LedgerQuery = z.infer<typeof LedgerQuery>;
export const StockMoveView = z.object({
  id: z.number().int(),
  goods: z.object({ id: z.number().int(), name: z.string(), unit: z.string() }),
  direction: z.enum(['in', 'out']),
  quantity: z.number().int(),
  balanceAfter: z.number().int(),
  donor: z.string().nullable(),
  purpose: z.string().nullable(),
  movedOn: z.string(),
  byName: z.string(),
  at: z.string(),
});
export type StockMoveView = z.infer<typeof StockMoveView>;
export const LedgerPage = pageOf(StockMoveView);
export type LedgerPage = z.infer<typeof LedgerPage>;

// ---- services ----

export const SERVICE_KINDS = ['legal', 'health', 'culture', 'theory', 'skills', 'other'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  legal: '法律服务进驿站',
  health: '健康服务进驿站',
  culture: '文化服务进驿站',
  theory: '理论宣讲进驿站',
  skills: '技能培训进驿站',
  other: '其他服务',
};

export const ServiceInput = z.object({
  heldOn: date('活动日期'),
  kind: oneOf(SERVICE_KINDS, '服务类别'),
  title: nameText('活动名称', { max: 60 }),
  provider: nameText('服务方', { max: 60 }),
  participants: int('参与人次', { min: 0, max: 100_000 }),
  notes: optionalText('活动情况', { max: 500, multiline: true }),
});
export type ServiceInput = z.infer<typeof ServiceInput>;
export const ServiceView = z.object({
  id: z.number().int(),
  heldOn: z.string(),
  kind: z.enum(SERVICE_KINDS),
  title: z.string(),
  provider: z.string(),
  participants: z.number().int(),
  notes: z.string().nullable(),
});
export type ServiceView = z.infer<typeof ServiceView>;
export const ServiceRollup = z.array(z.object({ kind: z.enum(SERVICE_KINDS), events: z.number().int(), participants: z.number().int() }));
export const ServiceList = z.object({ items: z.array(ServiceView), byKind: ServiceRollup });
export type ServiceList = z.infer<typeof ServiceList>;

export const ServiceStatsQuery = z.object({
  from: date('开始日期'),
  to: date('结束日期'),
  orgId: queryId('工会').optional(),
});
export type ServiceStatsQuery = z.infer<typeof ServiceStatsQuery>;
export const ServiceStats = z.object({
  events: z.number().int(),
  participants: z.number().int(),
  byKind: ServiceRollup,
  byStation: z.array(z.object({ id: z.number().int(), name: z.string(), events: z.number().int(), participants: z.number().int() })),
});
export type ServiceStats = z.infer<typeof ServiceStats>;

// ---- the station list as a spreadsheet ----

/** The columns of 驿站导入 and 驿站导出 (an export imports again as it is). */
export const STATION_IMPORT_COLUMNS = [
  { key: 'type', header: '驿站类型', required: true },
  { key: 'name', header: '驿站名称', required: true, aliases: ['名称'] },
  { key: 'org', header: '承建工会', required: true, aliases: ['所属工会', '建设单位'] },
  { key: 'address', header: '详细地址', required: true, aliases: ['地址'] },
  { key: 'lng', header: '经度', required: true },
  { key: 'lat', header: '纬度', required: true },
  { key: 'source', header: '坐标来源', required: true, aliases: ['取点地图'] },
  { key: 'datum', header: '坐标系', required: false },
  { key: 'openingHours', header: '开放时间', required: true, aliases: ['营业时间'] },
  { key: 'staffedHours', header: '值守时间', required: false },
  { key: 'amenities', header: '服务设施', required: false },
  { key: 'phone', header: '联系电话', required: false },
] as const;
export type StationImportKey = (typeof STATION_IMPORT_COLUMNS)[number]['key'];

export const StationImportQuery = z.object({ mode: z.enum(['check', 'apply'], { error: '请选择检查或导入' }).default('check') });
export const StationImportResult = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  /** Rows naming a station the union already has (same name): left as they are, so a second import changes nothing. */
  skipped: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type StationImportResult = z.infer<typeof StationImportResult>;
