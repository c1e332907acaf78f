/**
 * Demo 健康守护 (clearly demo data, embedded database only): 赛罕区's check-up programme for outdoor
 * workers with two partner hospitals, a women's two-cancer screening package and an occupational
 * one, slots from a fortnight ago to a fortnight ahead, union bookings, results for those already
 * checked (abnormal findings flagged, their follow-ups open or done), and a few places still free.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { addDays } from '../../shared/dates.ts';
import * as repo from './health.repository.ts';

const NORMAL = [
  { item: '血压', value: '122/78', unit: 'mmHg', range: '90-139/60-89', flag: '', abnormal: false },
  { item: '空腹血糖', value: '5.1', unit: 'mmol/L', range: '3.9-6.1', flag: '', abnormal: false },
  { item: '总胆固醇', value: '4.6', unit: 'mmol/L', range: '<5.2', flag: '', abnormal: false },
];
const ABNORMAL = [
  { item: '空腹血糖', value: '7.4', unit: 'mmol/L', range: '3.9-6.1', flag: '↑', abnormal: true },
  { item: '总胆固醇', value: '6.1', unit: 'mmol/L', range: '<5.2', flag: 'H', abnormal: true },
];

export async function loadHealthDemo(tx: DbOrTx, ctx: DemoContext) {
  const org = ctx.org('呼和浩特市赛罕区总工会');
  const year = Number(ctx.today.slice(0, 4));
  const id = await repo.insertProgramme(
    tx,
    org,
    {
      orgId: org.id,
      year,
      title: `${year}年赛罕区户外劳动者健康体检（演示）`,
      description: '为环卫工人、快递员、外卖骑手等户外劳动者免费体检；女职工加做“两癌”筛查。演示数据。',
      audience: null,
    },
    null,
  );
  await repo.setProgrammeStatus(tx, id, 'open');
  const h1 = await repo.insertHospital(tx, id, { name: '赛罕区人民医院（演示）', address: '赛罕区大学东路 1 号', phone: null });
  const h2 = await repo.insertHospital(tx, id, { name: '内蒙古职工医院体检中心（演示）', address: '赛罕区昭乌达路 2 号', phone: null });
  const general = await repo.insertPackage(tx, id, {
    hospitalId: h1,
    group: 'outdoor',
    name: '户外劳动者基础套餐',
    examItems: '血压、血常规、空腹血糖、血脂、心电图、胸片',
  });
  await repo.insertPackage(tx, id, { hospitalId: h1, group: 'women', name: '女职工“两癌”筛查', examItems: '宫颈癌筛查（TCT+HPV）、乳腺彩超' });
  await repo.insertPackage(tx, id, { hospitalId: h2, group: 'occupational', name: '职业病体检（粉尘、噪声）', examItems: '胸片、肺功能、纯音测听' });
  const days = Array.from({ length: 29 }, (_, i) => addDays(ctx.today, i - 14));
  await repo.insertSlots(tx, id, h1, days, 8);
  await repo.insertSlots(tx, id, h2, days, 6);
  const slots = await repo.slotsOf(tx, id);
  const past = slots.filter((s) => s.hospital_id === h1 && s.day < ctx.today);
  const future = slots.filter((s) => s.hospital_id === h1 && s.day > ctx.today);
  const people = await repo.demoPeopleUnder(tx, org.path, 16);
  for (const [i, p] of people.entries()) {
    const done = i < 10;
    const slot = done ? past[i % past.length]! : future[i % future.length]!;
    const [b] = await repo.insertBookings(tx, [
      {
        programmeId: id,
        slotId: slot.id,
        packageId: general,
        personId: p.id,
        orgId: p.org_id,
        orgPath: p.org_path,
        source: 'union',
        consentBasis: '职工本人书面同意，由所在工会统一预约（演示）',
        workerId: null,
        createdBy: null,
      },
    ]);
    await repo.takeDemoPlaces(tx, slot.id, 1);
    if (!done) continue;
    await repo.setAttendance(tx, b!.id, true);
    const abnormal = i % 3 === 0;
    await repo.insertDemoResult(tx, b!.id, id, abnormal ? [NORMAL[0]!, ...ABNORMAL] : NORMAL);
    if (abnormal) {
      await repo.insertDemoFollowup(tx, {
        bookingId: b!.id,
        programmeId: id,
        personId: p.id,
        orgPath: p.org_path,
        findings: '空腹血糖、总胆固醇',
        dueOn: addDays(slot.day, 30),
        done: i === 0,
      });
    }
  }
}
