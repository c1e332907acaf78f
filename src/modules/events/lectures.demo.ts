/**
 * 宣讲点单 in the demo: the menus of 呼和浩特市总工会 and 密云区总工会 (the article's 宣讲点单), and
 * orders of their grassroots unions at every step — one to schedule, one scheduled, one confirmed
 * (in the calendar), one closed with its rating and a photo — made through the use cases.
 */
import { systemActor } from '../../server/actor.ts';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { addDays } from '../../shared/dates.ts';
import { addPhoto, closeOrder, confirmOrder, createMenuItem, createPerformer, deliverOrder, placeOrder } from './lectures.service.ts';
import { scheduleOrder } from './lectures.schedule.ts';

/** A 1×1 PNG: the demo's stand-in for a photo of the hall. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export async function loadLectureDemo(tx: DbOrTx, ctx: DemoContext) {
  // A transaction handle is a database handle: the use cases' own transactions become savepoints.
  const db = tx as Db;
  const actor = systemActor(ctx.root);
  const hhht = ctx.org('呼和浩特市总工会');
  const miyun = ctx.org('北京市密云区总工会');
  const at = (days: number, time: string) => `${addDays(ctx.today, days)}T${time}:00+08:00`;

  const performer = async (orgId: number, kind: 'speaker' | 'troupe', name: string, intro: string) =>
    (await createPerformer(db, actor, { orgId, kind, name, intro })).id;
  const zhang = await performer(hhht.id, 'speaker', '张建华', '市委党校教授，长期从事工会理论宣讲');
  const li = await performer(hhht.id, 'speaker', '李秀兰', '律师，市总工会职工法律服务团成员');
  const troupe = await performer(hhht.id, 'troupe', '青城职工艺术团', '市总工会职工文艺骨干组成，常年送文化到基层');
  const tuan = await performer(miyun.id, 'speaker', '密云区职工宣讲团', '劳模工匠和法律工作者组成的宣讲团');

  const item = async (
    orgId: number,
    kind: 'lecture' | 'performance',
    topic: string,
    performerId: number,
    durationMinutes: number,
    maxAudience: number,
    hostRequirements: string,
  ) => (await createMenuItem(db, actor, { orgId, kind, topic, summary: null, performerId, durationMinutes, maxAudience, hostRequirements })).id;
  const spirit = await item(hhht.id, 'lecture', '学习贯彻工会十八大精神', zhang, 90, 200, '投影仪、话筒，可容纳听众的会议室');
  const rights = await item(hhht.id, 'lecture', '新就业形态劳动者权益保障', li, 60, 100, '投影仪、话筒');
  await item(hhht.id, 'lecture', '劳动合同与工伤认定常见问题', li, 90, 150, '投影仪、话筒');
  const show = await item(hhht.id, 'performance', '送文化到基层·职工文艺演出', troupe, 120, 500, '舞台或空地、音响电源、化妆间');
  const law = await item(miyun.id, 'lecture', '劳动法律知识进基层', tuan, 90, 150, '会议室、投影仪');

  const order = async (itemId: number, union: string, wished: number[], place: string, point: [number, number], expectedAudience: number) =>
    (
      await placeOrder(db, actor, {
        itemId,
        orgId: ctx.org(union).id,
        wishedDates: wished.map((d) => addDays(ctx.today, d)),
        place,
        address: null,
        lng: point[0],
        lat: point[1],
        datum: 'gcj02',
        expectedAudience,
        contactName: '王红梅',
        contactPhone: '0471-6600000',
        note: null,
      })
    ).id;

  // 新城区: one to schedule, one scheduled.
  await order(show, '呼和浩特市新城区环境卫生服务中心工会', [14, 15], '新城区环卫中心职工之家', [111.6721, 40.8583], 300);
  const courier = await order(rights, '新城区快递物流行业联合工会', [7], '新城区快递物流行业党群服务中心', [111.6905, 40.8412], 80);
  await scheduleOrder(db, actor, courier, { startsAt: at(7, '14:00'), endsAt: at(7, '15:00') });

  // 赛罕区: delivered three weeks ago and closed with the host's rating and a photo.
  const saihan = await order(spirit, '赛罕区环卫工人联合工会', [-21], '赛罕区环卫工人驿站', [111.7085, 40.7927], 150);
  await scheduleOrder(db, actor, saihan, { startsAt: at(-21, '09:30'), endsAt: at(-21, '11:00') });
  await confirmOrder(db, actor, saihan);
  await deliverOrder(db, actor, saihan);
  await addPhoto(db, actor, saihan, { filename: '宣讲现场.png', data: PHOTO });
  await closeOrder(db, actor, saihan, { attendance: 142, onlineViewers: 380, rating: 5, feedback: '讲得实在，环卫工人听得懂' });

  // 密云区: confirmed (in the calendar) and one to schedule.
  const miyunOrder = await order(law, '密云区城市管理委员会环卫中心工会', [5, 6], '密云区环卫中心会议室', [116.8432, 40.3767], 60);
  await scheduleOrder(db, actor, miyunOrder, { startsAt: at(5, '09:00'), endsAt: at(5, '10:30') });
  await confirmOrder(db, actor, miyunOrder);
  await order(law, '密云区鼓楼街道联合工会', [10, 11, 12], '鼓楼街道新就业群体服务站', [116.8501, 40.3802], 40);
}
