/**
 * Demo stations: a handful in Hohhot and Miyun, as their unions would register them (points taken
 * from 高德 or a phone's GPS, a 24-hour station behind a QR door), with two weeks of visits by the
 * couriers, riders and sanitation workers of the demo tree; donated goods with their ledger, the
 * services held there, the union's inspections (one station overdue for its next one) and the
 * 新城区 station manager bound to 中山路.
 */
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { reachOf } from '../../server/scope.ts';
import { columnsOf } from './stations.service.ts';
import * as repo from './stations.repository.ts';
import { StationInput } from './stations.contract.ts';
import * as ops from './stations.ops.repository.ts';
import { addDays } from '../../shared/dates.ts';
import type { InspectionItem, ServiceKind } from './stations.ops.contract.ts';

interface DemoStation {
  union: string;
  input: Omit<StationInput, 'orgId'>;
  visitorsFrom?: string;
  /** Days ago of its inspections (newest first) with their scores; none: never inspected. */
  inspections?: [number, Record<InspectionItem, number>][];
  manager?: string;
}

const GOODS: { name: string; unit: string; lowStock: number; moves: [number, number, string][] }[] = [
  // [days ago, quantity (negative: out), donor or purpose]
  {
    name: '矿泉水',
    unit: '箱',
    lowStock: 5,
    moves: [
      [40, 30, '呼和浩特市爱心超市'],
      [25, -12, '夏送清凉：环卫工人取用'],
      [10, -14, '高温天气骑手取用'],
      [3, 6, '新城区快递物流行业协会'],
    ],
  },
  {
    name: '藿香正气水',
    unit: '盒',
    lowStock: 10,
    moves: [
      [35, 40, '康宁大药房'],
      [12, -32, '防暑药品发放'],
    ],
  },
  {
    name: '面包',
    unit: '袋',
    lowStock: 0,
    moves: [
      [6, 50, '爱心烘焙坊'],
      [2, -20, '夜班骑手加餐'],
    ],
  },
];

const SERVICES: [number, ServiceKind, string, string, number][] = [
  [28, 'legal', '新就业形态劳动者权益法律咨询', '内蒙古正大律师事务所', 26],
  [21, 'health', '高温季节健康义诊', '呼和浩特市第一医院', 41],
  [14, 'theory', '工会知识微宣讲', '新城区总工会宣讲团', 18],
  [7, 'culture', '骑手读书分享会', '新城区图书馆', 15],
];

const STATIONS: DemoStation[] = [
  {
    union: '新城区快递物流行业联合工会',
    visitorsFrom: '呼和浩特市新城区总工会',
    manager: 'xinchengqu_station',
    inspections: [
      [20, { hygiene: 19, facilities: 18, hours: 20, ledger: 17, safety: 19 }],
      [110, { hygiene: 16, facilities: 17, hours: 18, ledger: 12, safety: 18 }],
    ],
    input: {
      type: 'outdoor',
      name: '新城区中山路户外劳动者服务站',
      address: '呼和浩特市新城区中山东路与锡林南路交叉口东北角',
      lng: 111.67383,
      lat: 40.81431,
      datum: 'gcj02',
      source: 'amap',
      openingHours: '24/7',
      staffedHours: 'Mo-Su 08:00-20:00',
      amenities: ['seats', 'microwave', 'water', 'climate', 'charging', 'firstaid', 'toilet'],
      phone: '0471-6961234',
      intro: '24 小时开放，夜间扫码自助进入；快递员、外卖骑手歇脚、热饭、充电。',
    },
  },
  {
    union: '赛罕区环卫工人联合工会',
    visitorsFrom: '呼和浩特市赛罕区总工会',
    inspections: [[45, { hygiene: 17, facilities: 16, hours: 15, ledger: 14, safety: 18 }]],
    input: {
      type: 'warm',
      name: '赛罕区大学东街暖心驿站',
      address: '呼和浩特市赛罕区大学东街 118 号',
      lng: 111.70526,
      lat: 40.80712,
      datum: 'gcj02',
      source: 'amap',
      openingHours: 'Mo-Su 06:00-21:00',
      staffedHours: null,
      amenities: ['seats', 'water', 'climate', 'fridge', 'microwave', 'umbrella'],
      phone: null,
      intro: '环卫工人早班、晚班歇脚取暖。',
    },
  },
  {
    union: '呼和浩特市新城区总工会',
    // Inspected four months ago: overdue for the next one.
    inspections: [[120, { hygiene: 15, facilities: 14, hours: 13, ledger: 12, safety: 16 }]],
    input: {
      type: 'union',
      name: '新城区总工会职工服务中心驿站',
      address: '呼和浩特市新城区新华大街 63 号',
      lng: 111.66235,
      lat: 40.84189,
      datum: 'wgs84',
      source: 'gps',
      openingHours: 'Mo-Fr 08:30-17:30',
      staffedHours: null,
      amenities: ['seats', 'water', 'books', 'wifi', 'charging', 'toilet'],
      phone: '0471-6512345',
      intro: null,
    },
  },
  {
    union: '北京市密云区总工会',
    visitorsFrom: '北京市密云区总工会',
    input: {
      type: 'love',
      name: '密云区鼓楼街道爱心驿站',
      address: '北京市密云区鼓楼东大街 3 号',
      lng: 116.84302,
      lat: 40.37653,
      datum: 'gcj02',
      source: 'amap',
      openingHours: 'Mo-Su 07:00-22:00',
      staffedHours: 'Mo-Fr 09:00-18:00',
      amenities: ['seats', 'water', 'microwave', 'charging', 'firstaid', 'repair'],
      phone: '010-69041234',
      intro: '户外劳动者休息、饮水、热饭；工作日白天有人值守。',
    },
  },
];

export async function loadDemoStations(tx: DbOrTx, ctx: DemoContext) {
  for (const s of STATIONS) {
    const org = ctx.org(s.union);
    const input = StationInput.parse({ ...s.input, orgId: org.id });
    const id = await repo.insertStation(tx, {
      ...columnsOf(input),
      orgId: org.id,
      orgPath: org.path,
      visitCode: randomBytes(18).toString('base64url'),
      createdBy: null,
    });
    await loadOperations(tx, ctx, id, s);
    if (s.visitorsFrom) {
      const people = await repo.firstPeopleIn(tx, reachOf(ctx.org(s.visitorsFrom)), 40);
      await repo.insertDemoVisits(
        tx,
        id,
        people.map((p) => p.id),
        14,
      );
    }
  }
}

/** Goods and their ledger, services, inspections and the manager of one demo station. */
async function loadOperations(tx: DbOrTx, ctx: DemoContext, stationId: number, s: DemoStation) {
  const day = (ago: number) => addDays(ctx.today, -ago);
  for (const g of GOODS) {
    const goodsId = await ops.insertGoods(tx, { stationId, name: g.name, unit: g.unit, lowStock: g.lowStock });
    for (const [ago, quantity, what] of g.moves) {
      const balance = (await ops.moveStock(tx, stationId, goodsId, quantity))!;
      await ops.insertStockMove(tx, {
        goodsId,
        stationId,
        direction: quantity > 0 ? 'in' : 'out',
        quantity: Math.abs(quantity),
        balanceAfter: balance,
        donor: quantity > 0 ? what : null,
        purpose: quantity > 0 ? null : what,
        movedOn: day(ago),
        byName: '驿站值班员',
      });
    }
  }
  for (const [ago, kind, title, provider, participants] of SERVICES) {
    await ops.insertService(tx, { stationId, heldOn: day(ago), kind, title, provider, participants });
  }
  for (const [ago, scores] of s.inspections ?? []) {
    await ops.insertInspection(tx, { stationId, inspectedOn: day(ago), inspector: '市总工会巡查组', ...scores, remarks: {}, notes: null });
  }
  const manager = s.manager ? ctx.accounts.get(s.manager) : undefined;
  if (manager) await ops.insertManager(tx, stationId, manager, null);
}
