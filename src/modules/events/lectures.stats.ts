/**
 * 宣讲点单统计: orders by topic, by region (the county above the host) and by month, lectures given
 * and their audience by the month they were given (an order of December given in January counts
 * in January's), and the coverage of grassroots unions — how many of the grassroots-type unions of the subtree ordered at
 * least once in the year, of all of them. Cancelled orders are not counted; declined ones are (the
 * union asked).
 */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf } from '../../server/scope.ts';
import { NotFound } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import * as repo from './lectures.repository.ts';
import type { LectureStats } from './lectures.contract.ts';

export async function lectureStats(db: Db, actor: Actor, q: { orgId?: number; year?: number }): Promise<LectureStats> {
  authorize(actor, 'events:read');
  const own = scopeOf(actor);
  const org = await repo.orgInScope(db, own, q.orgId ?? actor.orgId);
  if (!org) throw new NotFound('工会', 'orgId');
  const scope = narrowTo(own, org.path);
  const year = q.year ?? Number(chinaToday().slice(0, 4));
  const [totals, byTopic, byRegion, byMonth, unions] = await Promise.all([
    repo.statTotals(db, scope, year),
    repo.statByTopic(db, scope, year),
    repo.statByRegion(db, scope, year),
    repo.statByMonth(db, scope, year),
    repo.countMemberUnions(db, scope),
  ]);
  const months = new Map(byMonth.map((m) => [m.month, m]));
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    orders: totals.orders,
    delivered: totals.delivered,
    attendance: totals.attendance,
    byTopic,
    byRegion: byRegion.map((r) => ({ orgId: r.org_id, name: r.name ?? '其他', orders: r.orders })),
    byMonth: Array.from({ length: 12 }, (_, k) => {
      const month = `${year}-${String(k + 1).padStart(2, '0')}`;
      const m = months.get(month);
      return { month, orders: m?.orders ?? 0, delivered: m?.delivered ?? 0, attendance: m?.attendance ?? 0 };
    }),
    coverage: { ordered: totals.hosts, total: unions, ratio: unions ? Math.round((totals.hosts / unions) * 10_000) / 10_000 : 0 },
  };
}
