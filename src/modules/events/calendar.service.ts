/**
 * 活动日历: an iCalendar feed of the events a union's subtree organises (open, closed, finished),
 * one entry per session, for staff to subscribe to in their calendar app. It answers a staff
 * session only (the union picked within the account's subtree), so it is a download to import,
 * not a link a calendar app can poll without signing in: events carry places and audiences that
 * are not public. Times are written in UTC (…Z), which every calendar app shows in its own zone.
 */
import ical from 'ical-generator';
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import * as repo from './events.repository.ts';
import { EVENT_KIND_LABELS, EVENT_STATUS_LABELS, type EventStatus } from './events.contract.ts';

export async function unionCalendar(db: Db, actor: Actor, orgId: number) {
  authorize(actor, 'events:read');
  const org = await findOrgInScope(db, actor, orgId, 'orgId');
  const rows = await repo.calendarSessions(db, await scopeOfOrg(db, actor, orgId, 'orgId'));
  const cal = ical({ name: `${org.name}活动日历`, prodId: { company: 'niangjia', product: 'events', language: 'ZH' } });
  for (const r of rows) {
    cal.createEvent({
      id: `event-${r.event_id}-session-${r.session_id}@niangjia`,
      start: new Date(r.starts_at),
      end: new Date(r.ends_at),
      summary: `${r.title}（${EVENT_KIND_LABELS[r.kind]}）`,
      description: [`主办：${r.org_name}`, `状态：${EVENT_STATUS_LABELS[r.status as EventStatus]}`, r.description].filter(Boolean).join('\n'),
      location: r.address ? `${r.place}（${r.address}）` : r.place,
    });
  }
  return { ics: cal.toString(), fileName: `${org.name}活动日历.ics` };
}
