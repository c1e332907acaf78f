/**
 * Demo stations: a handful in Hohhot and Miyun, as their unions would register them (points taken
 * from 高德 or a phone's GPS, a 24-hour station behind a QR door), with two weeks of visits by the
 * couriers, riders and sanitation workers of the demo tree.
 */
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { reachOf } from '../../server/scope.ts';
import { columnsOf } from './stations.service.ts';
import * as repo from './stations.repository.ts';
import { StationInput } from './stations.contract.ts';

interface DemoStation {
  union: string;
  input: Omit<StationInput, 'orgId'>;
  visitorsFrom?: string;
}

const STATIONS: DemoStation[] = [
  {
    union: '新城区快递物流行业联合工会',
    visitorsFrom: '呼和浩特市新城区总工会',
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
