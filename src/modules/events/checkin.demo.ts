/**
 * Demo: a lecture of 北京市密云区总工会 with a session today, five of its workers signed up, and two
 * check-in lists (入场 once, 午餐 once a day) for the volunteer's phone.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { insertDemoCheckinEvent } from './checkin.repository.ts';

export async function loadCheckinDemo(tx: DbOrTx, ctx: DemoContext) {
  const miyun = ctx.org('北京市密云区总工会');
  await insertDemoCheckinEvent(tx, {
    orgId: miyun.id,
    orgPath: miyun.path,
    title: '劳模工匠进基层宣讲会',
    startsAt: `${ctx.today}T14:00:00+08:00`,
    endsAt: `${ctx.today}T16:00:00+08:00`,
    place: '密云区职工之家',
    people: 5,
    lists: [
      { name: '入场签到', kind: 'entry', mode: 'once' },
      { name: '午餐', kind: 'meal', mode: 'daily' },
    ],
    createdBy: ctx.accounts.get('miyun_admin') ?? null,
  });
}
