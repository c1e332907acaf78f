/**
 * 公示名单 as the sheet posted on the union's notice board: the files in public notice in the actor's
 * subtree, surnames only, each with its notice period (from the day it started, for the policy's
 * number of days), and the union's phone for objections (its 联系电话, which staff keep on the org page).
 */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { chinaToday } from '../../shared/dates.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { CATEGORY_LABELS, maskName, type Category } from './hardship.contract.ts';
import * as casesRepo from './cases.repository.ts';
import { noticeDays } from './hardship.policy.ts';

const plusDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export async function noticeDocument(db: Db, actor: Actor) {
  authorize(actor, 'hardship:read');
  const union = await findOrgInScope(db, actor, actor.orgId);
  const today = chinaToday();
  const rows = [];
  for (const r of await casesRepo.noticeList(db, scopeOf(actor))) {
    const start = r.c.noticedOn ?? today;
    const days = await noticeDays(db, { path: r.orgPath }, start);
    rows.push({
      maskedName: maskName(r.name),
      orgName: r.orgName,
      category: CATEGORY_LABELS[r.c.category as Category | 'none'],
      start,
      end: plusDays(start, Math.max(1, days) - 1),
    });
  }
  return { unionName: union.name, complaintPhone: union.contactPhone, today, rows };
}
