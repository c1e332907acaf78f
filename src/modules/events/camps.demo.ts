/**
 * Demo summer camps: 呼和浩特's camp for workers' children, twelve children registered with their
 * guardians' consent, the seed published and the draw done (so the page shows a result anyone can
 * re-run); 包头's camp still open with two applications.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { systemActor } from '../../server/actor.ts';
import { addDays } from '../../shared/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { demoGuardians as guardians } from './camps.repository.ts';
import { applyForChild, createCamp, publishSeed, registerChild, runCampDraw } from './camps.service.ts';

export async function loadCampDemo(tx: DbOrTx, ctx: DemoContext) {
  const db = tx as Db;
  // Entered by each city's administrator: a child's consent is recorded by a named account.
  const actorOf = (username: string) => ({ ...systemActor(ctx.root), accountId: ctx.accounts.get(username) ?? null, username });
  const startsOn = addDays(ctx.today, 40);
  const camps = [
    {
      org: '呼和浩特市总工会',
      admin: 'hhht_admin',
      region: '150102',
      title: '职工子女暑期夏令营（大青山营）',
      place: '呼和浩特市大青山青少年营地',
      places: 6,
      children: 12,
      draw: true,
    },
    {
      org: '包头市总工会',
      admin: 'baotou_admin',
      region: '150203',
      title: '职工子女科技夏令营',
      place: '包头市青少年科技馆',
      places: 4,
      children: 2,
      draw: false,
    },
  ];
  for (const c of camps) {
    const org = ctx.orgs.find((o) => o.name === c.org);
    const actor = actorOf(c.admin);
    if (!org || !actor.accountId) continue;
    const camp = await createCamp(db, actor, {
      orgId: org.id,
      title: c.title,
      description: '面向本地区职工子女，优先安排困难职工、劳模、环卫工人和新就业形态劳动者子女，其余名额公开摇号。',
      place: c.place,
      startsOn,
      endsOn: addDays(startsOn, 5),
      places: c.places,
      minAge: 8,
      maxAge: 14,
      minGrade: 2,
      maxGrade: 8,
      reserved: { hardship: 1, model_worker: 1, sanitation: 1, new_form: 0, dual_earner: 0 },
    });
    const people = await guardians(tx, org.path, c.children);
    for (const [i, g] of people.entries()) {
      const age = 8 + (i % 6);
      const birth = addDays(`${Number(startsOn.slice(0, 4)) - age}${startsOn.slice(4)}`, -(30 + i * 7));
      const idNumber = withCheckCharacter(`${c.region}${birth.replaceAll('-', '')}${String(500 + i).padStart(3, '0')}`.slice(0, 17));
      const child = await registerChild({ db, cipher: ctx.cipher }, actor, {
        guardianPersonId: g.id,
        name: `${[...g.name][0] ?? '王'}${['子涵', '欣怡', '浩宇', '梓萱', '宇轩', '诗涵'][i % 6]}`,
        idNumber,
        grade: Math.min(12, age - 6),
        consent: {
          givenBy: g.name,
          relation: i % 2 ? 'mother' : 'father',
          givenOn: addDays(ctx.today, -3),
          purpose: '报名工会夏令营（审核、摇号、录取和活动组织）',
        },
      });
      await applyForChild(db, actor, camp.id, { childId: child.id, dualEarner: i % 3 === 0 });
    }
    if (c.draw && people.length) {
      await publishSeed(db, actor, camp.id, `演示：${addDays(ctx.today, -1)} 体彩排列五开奖号码 3 8 1 5 9`);
      await runCampDraw(db, actor, camp.id);
    }
  }
}
