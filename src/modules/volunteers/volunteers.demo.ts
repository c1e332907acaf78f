/**
 * Demo 志愿服务: Miyun's workers' volunteer team registering and guiding people at the gift pick-up
 * site, and a legal-aid team of 新城区 taking its service to the stations; past shifts with scanned
 * time (one back-fill waiting for approval), shifts still to come, and 三单制 orders in every state.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { addDays } from '../../shared/dates.ts';
import type { ServiceKind, Skill } from './volunteers.contract.ts';
import * as repo from './volunteers.repository.ts';

/** A certificate code as issued (see certificates.service). */
const demoCode = () => Array.from({ length: 12 }, () => '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'[randomInt(32)]).join('');
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);

interface DemoTeam {
  union: string;
  team: string;
  intro: string;
  skills: Skill[][];
  project: { name: string; kind: ServiceKind; place: string; intro: string; hours: [string, string] };
  orders: { title: string; kind: ServiceKind; place: string; state: 'rated' | 'dispatched' | 'ordered' | 'accepted' }[];
}

const TEAMS: DemoTeam[] = [
  {
    union: '北京市密云区总工会',
    team: '密云区职工志愿服务队',
    intro: '在慰问品发放点登记核验、引导排队，帮年长职工扫码领取。',
    skills: [['registration', 'caring'], ['registration'], ['driving', 'registration'], ['it', 'registration'], ['caring'], ['medical', 'caring']],
    project: {
      name: '“两节”慰问品发放点登记引导',
      kind: 'event',
      place: '密云区总工会职工服务中心发放点',
      intro: '核对领取人、引导排队、帮助不会用手机的职工登记。',
      hours: ['09:00', '12:00'],
    },
    orders: [
      { title: '帮独居老职工网上预约体检', kind: 'health', place: '密云区鼓楼街道', state: 'rated' },
      { title: '给环卫班组讲冬季防滑防冻常识', kind: 'health', place: '密云区环卫中心', state: 'dispatched' },
      { title: '陪同困难职工家属去医院复诊', kind: 'care', place: '密云区医院', state: 'ordered' },
    ],
  },
  {
    union: '呼和浩特市新城区总工会',
    team: '新城区法律服务志愿队',
    intro: '律师和法律工作者志愿为快递员、外卖骑手讲劳动合同和工伤认定。',
    skills: [['legal'], ['legal', 'teaching'], ['legal', 'psych'], ['registration']],
    project: {
      name: '法律服务进驿站',
      kind: 'legal',
      place: '新城区中山路户外劳动者服务站',
      intro: '每周在驿站坐班，解答劳动合同、欠薪和工伤问题。',
      hours: ['14:00', '17:00'],
    },
    orders: [
      { title: '骑手劳动合同条款咨询', kind: 'legal', place: '新城区快递物流行业联合工会', state: 'accepted' },
      { title: '讲一次工伤认定流程', kind: 'legal', place: '新城区中山路户外劳动者服务站', state: 'rated' },
    ],
  },
];

export async function loadDemoVolunteers(tx: DbOrTx, ctx: DemoContext) {
  for (const d of TEAMS) {
    const org = ctx.org(d.union);
    const people = await repo.peopleUnder(tx, org.path, d.skills.length);
    const volunteerIds: number[] = [];
    for (const [i, p] of people.entries()) {
      const id = await repo.insertVolunteer(tx, {
        personId: p.id,
        orgId: p.org_id,
        orgPath: p.path,
        skills: d.skills[i]!,
        availability: i % 2 ? ['weekend'] : ['weekday', 'weekend'],
        intro: null,
        joinedOn: addDays(ctx.today, -200 + i * 9),
        createdBy: null,
      });
      volunteerIds.push(id!);
    }
    const team = await repo.insertTeam(tx, { name: d.team, orgId: org.id, orgPath: org.path, intro: d.intro });
    for (const [i, v] of volunteerIds.entries()) await repo.upsertMember(tx, team, v, i === 0);
    const project = await repo.insertProject(tx, {
      name: d.project.name,
      orgId: org.id,
      orgPath: org.path,
      kind: d.project.kind,
      teamId: team,
      place: d.project.place,
      intro: d.project.intro,
      createdBy: null,
    });
    // Four past shifts a week apart with scanned time, and two to come.
    for (const offset of [-28, -21, -14, -7, 3, 10]) {
      const day = addDays(ctx.today, offset);
      const shift = await repo.insertShift(tx, {
        projectId: project,
        startsAt: at(day, d.project.hours[0]).toISOString(),
        endsAt: at(day, d.project.hours[1]).toISOString(),
        place: null,
        capacity: volunteerIds.length,
        checkinCode: randomBytes(18).toString('base64url'),
      });
      const onShift = offset < 0 ? volunteerIds : volunteerIds.slice(0, 2);
      for (const v of onShift) await repo.insertSignup(tx, shift, v);
      if (offset > 0) continue;
      for (const [i, v] of onShift.entries()) {
        const late = (i * 7 + offset) % 11;
        const base = { volunteerId: v, projectId: project, shiftId: shift, orderId: null, orgPath: org.path, day, createdBy: null } as const;
        if (offset === -7 && i === onShift.length - 1) {
          // Forgot to scan: asked for a back-fill, waiting for approval.
          await repo.insertRecord(tx, {
            ...base,
            pairNo: 1,
            startedAt: at(day, d.project.hours[0]),
            endedAt: at(day, d.project.hours[1]),
            source: 'backfill',
            status: 'pending',
            reason: '手机没电，未能扫码签到签退，有现场负责人作证',
          });
          continue;
        }
        const start = new Date(at(day, d.project.hours[0]).getTime() - 10 * 60_000 + late * 60_000);
        const end = new Date(at(day, d.project.hours[1]).getTime() + late * 3 * 60_000);
        await repo.insertRecord(tx, { ...base, pairNo: 1, startedAt: start, endedAt: end, source: 'qr', status: 'valid' });
      }
    }
    // The team leader's certificate of last month's service, as the union issued it.
    const from = addDays(ctx.today, -30);
    const to = addDays(ctx.today, -1);
    const time = await repo.validTime(tx, volunteerIds[0]!, from, to);
    await repo.insertCertificate(tx, {
      code: demoCode(),
      volunteerId: volunteerIds[0]!,
      orgId: org.id,
      orgPath: org.path,
      from,
      to,
      minutes: time.minutes,
      records: time.records,
      issuedBy: null,
    });
    // Orders by a worker of the union, one in each state of the flow.
    for (const [i, o] of d.orders.entries()) {
      const wanted = addDays(ctx.today, o.state === 'rated' ? -10 - i : 5 + i);
      const id = await repo.insertOrder(tx, {
        orgId: org.id,
        orgPath: org.path,
        kind: o.kind,
        title: o.title,
        detail: null,
        place: o.place,
        wantedOn: wanted,
        personId: people.at(-1)!.id,
        orderedBy: null,
      });
      const v = volunteerIds[i % volunteerIds.length]!;
      if (o.state === 'ordered') continue;
      await repo.orderSteps.dispatch(tx, id, team, null);
      if (o.state === 'dispatched') continue;
      await repo.orderSteps.accept(tx, id, v);
      if (o.state === 'accepted') continue;
      const start = at(wanted, '15:00');
      const end = at(wanted, '16:30');
      await repo.orderSteps.finish(tx, id, start, end, '已按需求完成');
      await repo.orderSteps.rate(tx, id, 5, '志愿者很耐心，讲得清楚');
      await repo.insertRecord(tx, {
        volunteerId: v,
        projectId: null,
        shiftId: null,
        orderId: id,
        orgPath: org.path,
        day: wanted,
        pairNo: null,
        startedAt: start,
        endedAt: end,
        source: 'order',
        status: 'valid',
        createdBy: null,
      });
    }
  }
}
