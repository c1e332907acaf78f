/**
 * 活动 in the demo: a city reading event open to the whole of 呼和浩特 with three places taken and one
 * worker waiting, a county training, and a performance in 赛罕区 whose audience has attended —
 * made through the use cases, so the demo reads as staff would have made it.
 */
import { systemActor } from '../../server/actor.ts';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { reachOf } from '../../server/scope.ts';
import { addDays } from '../../shared/dates.ts';
import { addSession, createEvent, transitionEvent } from './events.service.ts';
import { firstPeopleIn } from './events.repository.ts';
import { markAttendance, staffSignUp } from './signups.service.ts';
import type { EventInput } from './events.contract.ts';

export async function loadEngineDemo(tx: DbOrTx, ctx: DemoContext) {
  // A transaction handle is a database handle: the use cases' own transactions become savepoints.
  const db = tx as Db;
  const actor = systemActor(ctx.root);
  const at = (days: number, time: string) => `${addDays(ctx.today, days)}T${time}:00+08:00`;
  const base = { description: null, audience: null, workerSignup: true, signupOpensAt: null, signupClosesAt: null, offerHours: 24 };

  const event = async (input: Partial<EventInput> & Pick<EventInput, 'kind' | 'orgId' | 'title' | 'capacity'>, place: string, day: number) => {
    const e = await createEvent(db, actor, { ...base, ...input } as EventInput);
    const withSession = await addSession(db, actor, e.id, {
      startsAt: at(day, '14:00'),
      endsAt: at(day, '16:30'),
      place,
      address: null,
      lng: null,
      lat: null,
      datum: null,
    });
    const opened = await transitionEvent(db, actor, e.id, { action: 'open', version: withSession.version, reason: null });
    return opened;
  };
  const people = async (orgName: string, n: number) => (await firstPeopleIn(db, reachOf(ctx.org(orgName)), n)).map((p) => p.id);

  const hhht = ctx.org('呼和浩特市总工会');
  const reading = await event(
    {
      kind: 'reading',
      orgId: hhht.id,
      title: '“书香工会”职工读书分享会',
      capacity: 3,
      description: '分享一本好书，交流读书心得，现场赠书。',
      signupClosesAt: at(9, '18:00'),
    },
    '呼和浩特市工人文化宫三楼报告厅',
    10,
  );
  const readers = [...(await people('呼和浩特市新城区总工会', 2)), ...(await people('呼和浩特市赛罕区总工会', 2))];
  for (const personId of readers) await staffSignUp(db, actor, reading.id, { personId, waitIfFull: true });

  const xcq = ctx.org('呼和浩特市新城区总工会');
  const training = await event(
    { kind: 'training', orgId: xcq.id, title: '环卫作业安全生产技能培训', capacity: 30, description: '夏季高温作业防护和道路作业安全。' },
    '新城区职工服务中心培训室',
    5,
  );
  for (const personId of await people('呼和浩特市新城区总工会', 2)) await staffSignUp(db, actor, training.id, { personId, waitIfFull: true });

  const saihan = ctx.org('呼和浩特市赛罕区总工会');
  const show = await event(
    { kind: 'performance', orgId: saihan.id, title: '送文化到基层·职工文艺慰问演出', capacity: null, workerSignup: false },
    '赛罕区环卫工人驿站广场',
    -3,
  );
  for (const personId of await people('呼和浩特市赛罕区总工会', 2)) {
    const s = await staffSignUp(db, actor, show.id, { personId, waitIfFull: true });
    await markAttendance(db, actor, show.id, s.id, true);
  }
}
