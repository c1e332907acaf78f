/**
 * Demo 志愿服务: Miyun's workers' volunteer team registering and guiding people at the gift pick-up
 * site, and a legal-aid team of 新城区 taking its service to the stations; past shifts with scanned
 * time (one back-fill waiting for approval), shifts still to come, and 三单制 orders in every state.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
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
    const people = await queryRows<{ id: number; org_id: number; path: string }>(
      tx,
      sql`select p.id::int as id, p.org_id, o.path from persons p join orgs o on o.id = p.org_id
           where p.status = 'active' and o.path like ${`${org.path}%`} order by p.id limit ${d.skills.length}`,
    );
    const volunteerIds: number[] = [];
    for (const [i, p] of people.entries()) {
      const [v] = await queryRows<{ id: number }>(
        tx,
        sql`insert into volunteers (person_id, org_id, org_path, skills, availability, joined_on)
            values (${p.id}, ${p.org_id}, ${p.path}, ${`{${d.skills[i]!.join(',')}}`}::text[], ${i % 2 ? '{weekend}' : '{weekday,weekend}'}::text[], ${addDays(ctx.today, -200 + i * 9)})
            returning id`,
      );
      volunteerIds.push(v!.id);
    }
    const [team] = await queryRows<{ id: number }>(
      tx,
      sql`insert into volunteer_teams (name, org_id, org_path, intro) values (${d.team}, ${org.id}, ${org.path}, ${d.intro}) returning id`,
    );
    for (const [i, v] of volunteerIds.entries())
      await queryRows(tx, sql`insert into volunteer_team_members (team_id, volunteer_id, leader) values (${team!.id}, ${v}, ${i === 0})`);
    const [project] = await queryRows<{ id: number }>(
      tx,
      sql`insert into volunteer_projects (name, org_id, org_path, kind, team_id, place, intro)
          values (${d.project.name}, ${org.id}, ${org.path}, ${d.project.kind}, ${team!.id}, ${d.project.place}, ${d.project.intro}) returning id`,
    );
    // Four past shifts a week apart with scanned time, and two to come.
    for (const offset of [-28, -21, -14, -7, 3, 10]) {
      const day = addDays(ctx.today, offset);
      const [shift] = await queryRows<{ id: number }>(
        tx,
        sql`insert into volunteer_shifts (project_id, starts_at, ends_at, capacity, checkin_code)
            values (${project!.id}, ${at(day, d.project.hours[0]).toISOString()}, ${at(day, d.project.hours[1]).toISOString()}, ${volunteerIds.length}, ${randomBytes(18).toString('base64url')})
            returning id`,
      );
      const onShift = offset < 0 ? volunteerIds : volunteerIds.slice(0, 2);
      for (const v of onShift) await queryRows(tx, sql`insert into volunteer_signups (shift_id, volunteer_id) values (${shift!.id}, ${v})`);
      if (offset > 0) continue;
      for (const [i, v] of onShift.entries()) {
        const late = (i * 7 + offset) % 11;
        const base = {
          volunteerId: v,
          projectId: project!.id,
          shiftId: shift!.id,
          orderId: null,
          orgPath: org.path,
          day,
          createdBy: null,
        } as const;
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
    await queryRows(
      tx,
      sql`insert into volunteer_certificates (code, volunteer_id, org_id, org_path, period_from, period_to, minutes, records)
          values (${demoCode()}, ${volunteerIds[0]!}, ${org.id}, ${org.path}, ${from}, ${to}, ${time.minutes}, ${time.records})`,
    );
    for (const [i, o] of d.orders.entries()) {
      const wanted = addDays(ctx.today, o.state === 'rated' ? -10 - i : 5 + i);
      const [row] = await queryRows<{ id: number }>(
        tx,
        sql`insert into volunteer_orders (org_id, org_path, kind, title, place, wanted_on, person_id, ordered_by, created_at)
            values (${org.id}, ${org.path}, ${o.kind}, ${o.title}, ${o.place}, ${wanted}, ${people.at(-1)!.id}, null,
                    ${at(addDays(wanted, -3), '10:00').toISOString()}) returning id`,
      );
      const v = volunteerIds[i % volunteerIds.length]!;
      if (o.state === 'ordered') continue;
      await queryRows(
        tx,
        sql`update volunteer_orders set status = 'dispatched', team_id = ${team!.id}, dispatched_at = created_at + interval '2 hours' where id = ${row!.id}`,
      );
      if (o.state === 'dispatched') continue;
      await queryRows(
        tx,
        sql`update volunteer_orders set status = 'accepted', volunteer_id = ${v}, accepted_at = dispatched_at + interval '1 hour' where id = ${row!.id}`,
      );
      if (o.state === 'accepted') continue;
      const start = at(wanted, '15:00');
      const end = at(wanted, '16:30');
      await queryRows(
        tx,
        sql`update volunteer_orders set status = 'rated', started_at = ${start.toISOString()}, ended_at = ${end.toISOString()}, note = '已按需求完成',
                   rating = 5, comment = '志愿者很耐心，讲得清楚', rated_at = ${end.toISOString()} where id = ${row!.id}`,
      );
      await repo.insertRecord(tx, {
        volunteerId: v,
        projectId: null,
        shiftId: null,
        orderId: row!.id,
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
