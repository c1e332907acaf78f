/**
 * The scope prober: an account of one county (新城区, union administrator and auditor) walks every
 * route of the OpenAPI document on the demo dataset, with ids of records outside its subtree taken
 * from the database — another county's unions, people, hardship files, campaigns organised
 * elsewhere and, in the city's campaign it takes part in, other counties' beneficiaries, points and
 * hand-outs. Nothing is listed by hand per route: the ids are chosen by the collection a path
 * parameter names, so a new route is probed the day it is added, and a route or collection the
 * prober cannot classify fails with what to do.
 *
 * - a route with path ids, given an outside id, answers 404 (or 403), never 200 and never 500;
 * - a write given outside ids in its body is refused and the database is unchanged;
 * - what the county reads (lists, counts, statistics, exports, and the views of the city's
 *   campaign) names no union outside its line, shows totals no larger than a system
 *   administrator's for its subtree, and does not move when only other counties' data changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './db.ts';
import { buildApp } from './app.ts';
import { createDemoTestDatabase } from '../testing/demo-db.ts';
import { chinaToday } from '../shared/dates.ts';
import { PASSWORD, TestClient } from '../testing/app.ts';
import { fillPath, listOperations, sampleValue, type JsonSchema, type Operation } from '../testing/openapi.ts';
import { NOT_ORG_DATA as SHARED_NOT_ORG_DATA } from '../testing/route-classes.ts';
import { hashPassword, insertSystemAccount } from '../modules/auth/index.ts';
import { withCheckCharacter } from '../shared/idcard.ts';

const DEMO_PASSWORD = 'Demo2026';
const COUNTY = '呼和浩特市新城区总工会';
const SIBLING = '呼和浩特市赛罕区总工会';
const CITY = '呼和浩特市总工会';

/** Routes that hold no org's data (shared with the scope suite), and those the scope suite covers by cases of their own. */
const NOT_ORG_DATA: Record<string, string> = {
  ...SHARED_NOT_ORG_DATA,
  'GET /api/orgs/transfer-targets': 'a directory of unions to move a worker to, across scope by design: names and ancestors only (scope suite)',
  'POST /api/occupations': 'the shared occupation list, kept by system administrators',
  'PATCH /api/occupations/{code}': 'the shared occupation list, kept by system administrators',
};

/**
 * Writes without an outside id to refuse: they act on the caller's own subtree (or upload a file
 * whose rows name their unions, refused row by row — the scope suite covers those). The prober
 * only checks that they do not fail.
 */
const OWN_SUBTREE_WRITES: Record<string, string> = {
  'POST /api/people/duplicates/scan': 'scans the caller’s own subtree',
  'POST /api/hardship/discovery/run': 'runs the discovery rules over the caller’s own subtree',
  'POST /api/people/imports': 'an upload; its rows are checked against the caller’s subtree',
  'POST /api/orgs/import': 'an upload; each row names a parent union found in the caller’s subtree',
  'POST /api/hardship/import': 'an upload; each row names a worker found in the caller’s subtree',
  'POST /api/modelworkers/import': 'an upload; each row names a worker found in the caller’s subtree',
  'POST /api/audit/verify': 'checks the whole chain; refused to a county’s auditor',
};

/**
 * Where the ids of each collection named by a path parameter come from: records outside the
 * county's subtree (`outside`), and records it may open (`inside`, to read what they show).
 * `$P` is the county's path pattern.
 */
const COLLECTIONS: Record<string, { outside: string; inside?: string }> = {
  '/api/events': {
    // Organised neither in the county's subtree nor above it.
    outside: `select e.id from events e join orgs o on o.id = e.org_id where o.path not like $P and $path not like o.path || '%' order by e.id limit 2`,
    inside: `select e.id from events e join orgs o on o.id = e.org_id where o.path like $P or $path like o.path || '%' order by e.id limit 3`,
  },
  '/api/events/{id}/sessions': {
    outside: `select x.event_id as id, x.id as "sessionId" from event_sessions x join events e on e.id = x.event_id join orgs o on o.id = e.org_id
               where o.path not like $P and $path not like o.path || '%' order by x.id limit 2`,
  },
  '/api/events/{id}/signups': {
    // The sibling county's people in an event organised above the county.
    outside: `select s.event_id as id, s.id as "signupId" from event_signups s join events e on e.id = s.event_id join orgs o on o.id = e.org_id
               where s.org_path not like $P and $path like o.path || '%' order by s.id limit 2`,
  },
  '/api/events/calendar': {
    outside: `select id as "orgId" from orgs where name in ('${CITY}', '${SIBLING}') order by id`,
    inside: `select id as "orgId" from orgs where path = $path`,
  },
  '/api/events/recuperation/batches': {
    // Organised neither in the county's subtree nor above it (the sibling county's batch).
    outside: `select e.id from recuperation_batches b join events e on e.id = b.event_id join orgs o on o.id = e.org_id
               where o.path not like $P and $path not like o.path || '%' order by e.id limit 2`,
  },
  '/api/events/recuperation/batches/{id}/objections': {
    outside: `select x.event_id as id, x.id as "objectionId" from recuperation_objections x join events e on e.id = x.event_id join orgs o on o.id = e.org_id
               where o.path not like $P and $path not like o.path || '%' order by x.id limit 2`,
  },
  '/api/events/recuperation/batches/{id}/applications': {
    outside: `select a.event_id as id, a.id as "applicationId" from recuperation_applications a join events e on e.id = a.event_id join orgs o on o.id = e.org_id
               where o.path not like $P and $path not like o.path || '%' order by a.id limit 2`,
  },
  '/api/events/competitions': {
    // Organised outside the county's subtree (the sibling county's contest); the demo's contest is the county's own.
    outside: `select e.id from competitions c join events e on e.id = c.event_id join orgs o on o.id = e.org_id where o.path not like $P order by e.id limit 2`,
    inside: `select e.id from competitions c join events e on e.id = c.event_id join orgs o on o.id = e.org_id where o.path like $P order by e.id limit 1`,
  },
  '/api/events/competitions/{id}/rounds': {
    outside: `select r.event_id as id, r.id as "roundId" from competition_rounds r join events e on e.id = r.event_id join orgs o on o.id = e.org_id
               where o.path not like $P order by r.id limit 2`,
  },
  '/api/events/competitions/{id}/trades': {
    outside: `select x.event_id as id, x.id as "tradeId" from competition_trades x join events e on e.id = x.event_id join orgs o on o.id = e.org_id
               where o.path not like $P order by x.id limit 2`,
  },
  '/api/events/competitions/{id}/entries': {
    outside: `select x.event_id as id, x.id as "entryId" from competition_entries x join events e on e.id = x.event_id join orgs o on o.id = e.org_id
               where o.path not like $P order by x.id limit 2`,
  },
  '/api/checkin/lists': {
    // Lists of events organised outside the county's subtree (the demo's lecture in 密云区, the sibling county's event).
    outside: `select l.id as "listId" from event_checkin_lists l join events e on e.id = l.event_id join orgs o on o.id = e.org_id
               where o.path not like $P order by l.id limit 2`,
  },
  '/api/checkin/points': {
    outside: `select p.id as "pointId" from campaign_points p join orgs o on o.id = p.org_id where o.path not like $P order by p.id limit 3`,
  },
  '/api/events/lectures/orders': {
    outside: `select x.id from lecture_orders x join orgs o on o.id = x.host_org_id where o.path not like $P order by x.id limit 2`,
    inside: `select x.id from lecture_orders x join orgs o on o.id = x.host_org_id where o.path like $P order by x.id limit 1`,
  },
  '/api/events/lectures/orders/{id}/photos': {
    outside: `select p.order_id as id, p.id as "photoId" from lecture_order_photos p join lecture_orders x on x.id = p.order_id join orgs o on o.id = x.host_org_id where o.path not like $P order by p.id limit 1`,
  },
  '/api/accounts': { outside: `select a.id from accounts a join orgs o on o.id = a.org_id where o.path not like $P order by a.id limit 2` },
  '/api/orgs': {
    // The city above and the sibling county beside.
    outside: `select id from orgs where name in ('${CITY}', '${SIBLING}') order by id`,
    inside: `select id from orgs where path like $P order by path limit 1`,
  },
  '/api/policies': { outside: `select p.id from policy_values p join orgs o on o.id = p.org_id where o.path not like $P order by o.path desc limit 2` },
  '/api/audit': { outside: `select a.id from audit_log a join orgs o on o.id = a.org_id where o.path not like $P order by a.id desc limit 2` },
  '/api/jobs': { outside: `select j.id from jobs j join orgs o on o.id = j.org_id where o.path not like $P order by j.created_at desc limit 2` },
  '/api/people/imports': {
    outside: `select j.id from jobs j join orgs o on o.id = j.org_id where o.path not like $P and j.kind like '%import%' order by j.created_at desc limit 1`,
  },
  '/api/people/duplicates': {
    outside: `select d.id from duplicate_candidates d join persons p on p.id = d.a_id join orgs o on o.id = p.org_id where o.path not like $P order by d.id limit 2`,
  },
  '/api/people/corrections': {
    outside: `select c.id from person_corrections c join persons p on p.id = c.person_id join orgs o on o.id = p.org_id where o.path not like $P and c.status = 'open' order by c.id limit 2`,
  },
  '/api/people/merges': {
    outside: `select m.id from person_merges m join persons p on p.id = m.survivor_id join orgs o on o.id = p.org_id where o.path not like $P order by m.id limit 1`,
  },
  '/api/people': {
    outside: `select p.id from persons p join orgs o on o.id = p.org_id where o.path not like $P and o.path like (select path from orgs where name = '${CITY}') || '%' order by p.id limit 2`,
    inside: `select p.id from persons p join orgs o on o.id = p.org_id where o.path like $P order by p.id limit 1`,
  },
  '/api/campaigns': {
    // Organised neither in the county's subtree nor above it.
    outside: `select c.id from campaigns c join orgs o on o.id = c.org_id where o.path not like $P and $path not like o.path || '%' order by c.id limit 2`,
    inside: `select c.id from campaigns c join orgs o on o.id = c.org_id where $path like o.path || '%' order by c.id`,
  },
  '/api/campaigns/{id}/beneficiaries': {
    outside: `select b.campaign_id as id, b.id as "beneficiaryId" from campaign_beneficiaries b join campaigns c on c.id = b.campaign_id join orgs o on o.id = c.org_id
               where b.org_path not like $P and $path like o.path || '%' order by b.id limit 2`,
  },
  '/api/points': {
    outside: `select p.id as "pointId" from campaign_points p join orgs o on o.id = p.org_id where o.path not like $P order by p.id limit 3`,
    inside: `select p.id as "pointId" from campaign_points p join orgs o on o.id = p.org_id where o.path like $P order by p.id limit 1`,
  },
  '/api/hardship/cases': {
    outside: `select c.id from hardship_cases c join orgs o on o.id = c.org_id where o.path not like $P and o.path like (select path from orgs where name = '${CITY}') || '%' order by c.id limit 2`,
    inside: `select c.id from hardship_cases c join orgs o on o.id = c.org_id where o.path like $P order by c.id limit 1`,
  },
  '/api/hardship/cases/{id}/attachments': {
    outside: `select t.case_id as id, t.id as "attachmentId" from hardship_attachments t join hardship_cases c on c.id = t.case_id join orgs o on o.id = c.org_id where o.path not like $P order by t.id limit 1`,
  },
  '/api/hardship/cases/{id}/assistance': {
    outside: `select a.case_id as id, a.id as "assistanceId" from hardship_assistance a join hardship_cases c on c.id = a.case_id join orgs o on o.id = c.org_id where o.path not like $P order by a.id limit 1`,
  },
  '/api/stations': {
    outside: `select s.id from stations s where s.org_path not like $P order by s.id limit 2`,
    inside: `select s.id from stations s where s.org_path like $P order by s.id limit 1`,
  },
  '/api/volunteers': {
    outside: `select v.id from volunteers v where v.org_path not like $P order by v.id limit 2`,
    inside: `select v.id from volunteers v where v.org_path like $P order by v.id limit 1`,
  },
  '/api/volunteers/teams': {
    outside: `select t.id from volunteer_teams t where t.org_path not like $P order by t.id limit 2`,
  },
  '/api/volunteers/teams/{id}/members': {
    outside: `select m.team_id as id, m.volunteer_id as "volunteerId" from volunteer_team_members m join volunteer_teams t on t.id = m.team_id
               where t.org_path not like $P order by m.team_id, m.volunteer_id limit 2`,
  },
  '/api/volunteers/projects': {
    outside: `select j.id from volunteer_projects j where j.org_path not like $P order by j.id limit 2`,
    inside: `select j.id from volunteer_projects j where j.org_path like $P order by j.id limit 1`,
  },
  '/api/volunteers/shifts': {
    outside: `select s.id from volunteer_shifts s join volunteer_projects j on j.id = s.project_id where j.org_path not like $P order by s.id limit 2`,
  },
  '/api/volunteers/records': {
    outside: `select r.id from volunteer_records r where r.org_path not like $P order by r.id limit 2`,
  },
  '/api/volunteers/orders': {
    outside: `select d.id from volunteer_orders d where d.org_path not like $P order by d.id limit 2`,
    inside: `select d.id from volunteer_orders d where d.org_path like $P order by d.id limit 1`,
  },
  '/api/volunteers/certificates': {
    outside: `select c.id from volunteer_certificates c join volunteers v on v.id = c.volunteer_id where v.org_path not like $P order by c.id limit 2`,
  },
  '/api/stations/{id}/managers': {
    // Outside stations with any 站长 account (bound there or not): neither may be reached.
    outside: `select s.id, a.id as "accountId" from stations s cross join accounts a where s.org_path not like $P and 'station_manager' = any(a.roles) order by s.id, a.id limit 2`,
  },
  '/api/retrofits/programmes': {
    outside: `select g.id from retrofit_programmes g where g.org_path not like $P order by g.id limit 2`,
    inside: `select g.id from retrofit_programmes g where g.org_path like $P order by g.id limit 1`,
  },
  '/api/retrofits/plans': {
    outside: `select p.id from retrofit_plans p where p.org_path not like $P order by p.id limit 2`,
    inside: `select p.id from retrofit_plans p where p.org_path like $P order by p.id limit 2`,
  },
  '/api/retrofits/plans/{id}/items': {
    outside: `select i.plan_id as id, i.id as "itemId" from retrofit_items i join retrofit_plans p on p.id = i.plan_id where p.org_path not like $P order by i.id limit 2`,
  },
  '/api/retrofits/plans/{id}/changes': {
    outside: `select c.plan_id as id, c.id as "changeId" from retrofit_changes c join retrofit_plans p on p.id = c.plan_id where p.org_path not like $P order by c.id limit 2`,
  },
  '/api/retrofits/plans/{id}/photos': {
    outside: `select f.plan_id as id, f.id as "photoId" from retrofit_photos f join retrofit_plans p on p.id = f.plan_id where p.org_path not like $P order by f.id limit 2`,
  },
  '/api/stations/{id}/photos': {
    outside: `select p.station_id as id, p.id as "photoId" from station_photos p join stations s on s.id = p.station_id where s.org_path not like $P order by p.id limit 2`,
  },
  '/api/stations/{id}/goods': {
    outside: `select g.station_id as id, g.id as "goodsId" from station_goods g join stations s on s.id = g.station_id where s.org_path not like $P order by g.id limit 2`,
  },
  '/api/stations/{id}/services': {
    outside: `select e.station_id as id, e.id as "serviceId" from station_services e join stations s on s.id = e.station_id where s.org_path not like $P order by e.id limit 2`,
  },
  '/api/membership/applications': {
    outside: `select a.id from membership_applications a join orgs o on o.id = a.org_id where o.path not like $P order by a.id limit 2`,
    inside: `select a.id from membership_applications a join orgs o on o.id = a.org_id where o.path like $P order by a.id limit 1`,
  },
  '/api/membership/orgs': {
    // The sibling county's joint union (a union workers join), and the city above.
    outside: `select id from orgs where (type = 'joint' and path like (select path from orgs where name = '${SIBLING}') || '%') or name = '${CITY}' order by id limit 2`,
    inside: `select id from orgs where type = 'joint' and path like $P order by id limit 1`,
  },
  '/api/events/camps': {
    // Organised neither in the county's subtree nor above it (包头's camp); the city's camp is open to the county's workers.
    outside: `select e.id from camps c join events e on e.id = c.event_id join orgs o on o.id = e.org_id where o.path not like $P and $path not like o.path || '%' order by e.id limit 2`,
    inside: `select e.id from camps c join events e on e.id = c.event_id join orgs o on o.id = e.org_id where $path like o.path || '%' order by e.id limit 1`,
  },
  '/api/events/camps/children': {
    outside: `select ch.id as "childId" from camp_children ch join persons p on p.id = ch.guardian_person_id join orgs o on o.id = p.org_id where o.path not like $P order by ch.id limit 2`,
  },
  '/api/events/camps/{id}/applications': {
    // Other counties' workers' children, in the city's camp the county sees and in 包头's.
    outside: `select a.event_id as id, a.id as "applicationId" from camp_applications a join persons p on p.id = a.guardian_person_id join orgs o on o.id = p.org_id
               where o.path not like $P order by a.id limit 2`,
  },
  '/api/health/programmes': {
    // Organised neither in the county's subtree nor above it (the demo's 赛罕区 programme).
    outside: `select g.id from health_programmes g where g.org_path not like $P and $path not like g.org_path || '%' order by g.id limit 2`,
    inside: `select g.id from health_programmes g where g.org_path like $P or $path like g.org_path || '%' order by g.id limit 1`,
  },
  '/api/health/programmes/{id}/slots': {
    outside: `select s.programme_id as id, s.id as "slotId" from health_slots s join health_programmes g on g.id = s.programme_id
               where g.org_path not like $P and $path not like g.org_path || '%' order by s.id limit 2`,
  },
  '/api/health/hospitals': {
    outside: `select h.id from health_hospitals h join health_programmes g on g.id = h.programme_id where g.org_path not like $P and $path not like g.org_path || '%' order by h.id limit 2`,
  },
  '/api/health/packages': {
    outside: `select k.id from health_packages k join health_programmes g on g.id = k.programme_id where g.org_path not like $P and $path not like g.org_path || '%' order by k.id limit 2`,
  },
  '/api/health/bookings': {
    outside: `select b.id from health_bookings b where b.org_path not like $P order by b.id limit 2`,
  },
  '/api/health/followups': {
    outside: `select f.id from health_followups f where f.org_path not like $P order by f.id limit 2`,
  },
  '/api/modelworkers': {
    // Model workers outside the county, in its city; and its own.
    outside: `select p.id from persons p join orgs o on o.id = p.org_id where o.path not like $P and o.path like (select path from orgs where name = '${CITY}') || '%'
                and exists (select 1 from model_worker_honours h where h.person_id = p.id) order by p.id limit 2`,
    inside: `select p.id from persons p join orgs o on o.id = p.org_id where o.path like $P and exists (select 1 from model_worker_honours h where h.person_id = p.id) order by p.id limit 2`,
  },
  '/api/modelworkers/{id}/honours': {
    outside: `select h.person_id as id, h.id as "honourId" from model_worker_honours h join persons p on p.id = h.person_id join orgs o on o.id = p.org_id
               where o.path not like $P order by h.id limit 2`,
  },
  '/api/modelworkers/runs': {
    // The city's runs (above the county) and 包头's.
    outside: `select r.id from model_worker_allowance_runs r join orgs o on o.id = r.org_id where o.path not like $P order by r.status desc, r.id limit 3`,
  },
  '/api/mutualaid/plans': {
    // Plans of unions outside the county's line (赛罕区's); the city's plan reaches the county and is read.
    outside: `select g.id from mutualaid_plans g join orgs o on o.id = g.org_id where o.path not like $P and $path not like o.path || '%' order by g.id limit 2`,
    inside: `select g.id from mutualaid_plans g join orgs o on o.id = g.org_id where o.path like $P or $path like o.path || '%' order by g.id limit 2`,
  },
  '/api/mutualaid/batches': {
    outside: `select b.id from mutualaid_batches b join orgs o on o.id = b.org_id where o.path not like $P order by b.id limit 2`,
  },
  '/api/mutualaid/enrolments': {
    outside: `select e.id from mutualaid_enrolments e join orgs o on o.id = e.org_id where o.path not like $P order by e.id limit 2`,
  },
  '/api/mutualaid/claims': {
    outside: `select c.id from mutualaid_claims c join orgs o on o.id = c.org_id where o.path not like $P order by c.status, c.id limit 3`,
  },
  '/api/mutualaid/claims/{id}/documents': {
    outside: `select d.claim_id as id, d.id as "docId" from mutualaid_claim_documents d join mutualaid_claims c on c.id = d.claim_id join orgs o on o.id = c.org_id
               where o.path not like $P order by d.id limit 2`,
  },
  '/api/mutualaid/payments': {
    outside: `select b.id from mutualaid_payments b join orgs o on o.id = b.org_id where o.path not like $P order by b.id limit 2`,
  },
  '/api/hardship/discovery': {
    outside: `select d.id from hardship_candidates d where d.org_path not like $P and d.status = 'open' order by d.id limit 2`,
  },
};

/** Body fields that name a record, and the collection whose outside ids they get. */
const BODY_IDS: [RegExp, string, string][] = [
  [/^(orgId|parentId|defaultOrgId|toOrgId|within|orgIds)$/, '/api/orgs', 'id'],
  [/^(personId|survivorId|mergedId|personIds)$/, '/api/people', 'id'],
  [/^(beneficiaryId|beneficiaryIds)$/, '/api/campaigns/{id}/beneficiaries', 'beneficiaryId'],
  [/^(caseId)$/, '/api/hardship/cases', 'id'],
  [/^(dutyAccountIds|accountId)$/, '/api/accounts', 'id'],
  [/^(pointId)$/, '/api/points', 'pointId'],
  [/^(applicationIds)$/, '/api/membership/applications', 'id'],
  [/^(childId)$/, '/api/events/camps/children', 'childId'],
  [/^(guardianPersonId)$/, '/api/people', 'id'],
  [/^(volunteerId)$/, '/api/volunteers', 'id'],
  [/^(teamId)$/, '/api/volunteers/teams', 'id'],
  [/^(shiftId)$/, '/api/volunteers/shifts', 'id'],
  [/^(programmeId)$/, '/api/retrofits/programmes', 'id'],
  [/^(slotId)$/, '/api/health/programmes/{id}/slots', 'slotId'],
  [/^(hospitalId)$/, '/api/health/hospitals', 'id'],
  [/^(packageId)$/, '/api/health/packages', 'id'],
  [/^(enrolmentId)$/, '/api/mutualaid/enrolments', 'id'],
];

/** Lists whose union filter picks that union's own records, not its subtree: no total to compare. */
const ONE_UNION_FILTERS: Record<string, string> = {
  'GET /api/audit': 'orgId picks the entries about one union',
};

/**
 * Values for fields whose rules the document cannot state (a password's letters and digits, a
 * package's items, which kind of evidence), so a write gets as far as finding its record.
 */
const FIELD_HINTS: Record<string, unknown> = {
  password: 'Probe12345',
  evidence: { kind: 'paper', sheetRef: 'QL-0001' },
  packages: [{ name: '慰问金', kind: 'cash', valueFen: 100_00 }],
  // A period ends after it starts (a session, a lecture's schedule).
  startsAt: '2030-05-20T09:00:00+08:00',
  endsAt: '2030-05-20T11:00:00+08:00',
  // A phone's offline queue: its device and one scanned code (the pattern of a code is not in the document).
  deviceId: 'probe-phone-0001',
  items: [{ idempotencyKey: 'probe-key-0001', code: 'NJE1-1-AAAAAAAAAAAAAAAA', scannedAt: '2030-05-20T09:00:00+08:00' }],
  // A point in China with the datum of the first source (高德, GCJ-02).
  lng: 111.67,
  lat: 40.81,
  datum: 'gcj02',
};

/** Tables a refused request may still write: the session's own bookkeeping. */
const BOOKKEEPING = new Set(['sessions', 'login_throttle', 'login_addresses']);

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
let county: TestClient;
let admin: TestClient;
let countyPath: string;
let operations: Operation[];
const outside = new Map<string, Record<string, string | number>[]>();
const inside = new Map<string, Record<string, string | number>[]>();
/** Names of unions outside the county's line (neither in its subtree nor above it). */
let outsideNames: string[];
/** The city's running campaign: allocated to the sibling county, covering the county from above. */
let cityCampaign: number;

async function login(username: string, password = DEMO_PASSWORD) {
  return new TestClient(app).login(username, password);
}

async function rows<T>(text: string) {
  const q = text.replaceAll('$P', `'${countyPath}%'`).replaceAll('$path', `'${countyPath}'`);
  // PostgreSQL answers bigint ids as strings (PGlite as numbers): ids go into JSON bodies as numbers.
  const idKey = (k: string) => k === 'id' || /Id$/.test(k);
  return (await queryRows<Record<string, unknown>>(database.db, sql.raw(q))).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, idKey(k) && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])),
  ) as T[];
}

beforeAll(async () => {
  const demo = await createDemoTestDatabase();
  const { config, cipher } = demo;
  database = demo.database;
  app = await buildApp({ db: database.db, config, cipher, copyInto: database.copyInto });
  await app.ready();
  const [c] = await rows<{ id: number; path: string }>(`select id, path from orgs where name = '${COUNTY}'`);
  countyPath = c!.path;
  await insertSystemAccount(database.db, {
    username: 'probe_county',
    displayName: '新城区管理员',
    orgId: c!.id,
    roles: ['union_admin', 'auditor'],
    passwordHash: await hashPassword(PASSWORD),
    mustChangePassword: false,
  });
  admin = await login('admin', PASSWORD);
  county = await login('probe_county', PASSWORD);
  await seedOutside();
  for (const [collection, q] of Object.entries(COLLECTIONS)) {
    outside.set(collection, await rows(q.outside));
    if (q.inside) inside.set(collection, await rows(q.inside));
  }
  outsideNames = (
    await rows<{ name: string }>(
      `select name from orgs where path not like $P and $path not like path || '%' and path like (select path from orgs where name = '${CITY}') || '%'`,
    )
  ).map((r) => r.name);
  // Worker routes (/api/m/) hold only the worker's own records, walked with another worker's ids by the portal's own suite.
  operations = (await listOperations(app)).filter((o) => !o.path.startsWith('/api/m/'));
}, 600_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** A 疗休养 batch of the sibling county, noticed, with a nominee and an objection against them. */
async function recuperationInSibling(sibling: number) {
  const sh = await login('saihanqu_cadre');
  const year = Number(chinaToday().slice(0, 4));
  const batch = await sh.post('/api/events/recuperation/batches', {
    orgId: sibling,
    title: '赛罕区职工疗休养',
    year,
    destination: '阿尔山',
    startsOn: `${year + 1}-06-01`,
    endsOn: `${year + 1}-06-05`,
    places: 2,
    subsidyFen: 150_000,
  });
  expect(batch.statusCode, batch.body).toBe(201);
  const id = batch.json().id as number;
  const [person] = await rows<{ id: number }>(
    `select p.id from persons p join orgs o on o.id = p.org_id where o.path like (select path from orgs where name = '${SIBLING}') || '%'
      and p.status = 'active' and p.birth_date > '1975-01-01' order by p.id limit 1`,
  );
  const nominated = await sh.post(`/api/events/recuperation/batches/${id}/nominations`, { personId: person!.id, healthDeclared: true });
  expect(nominated.statusCode, nominated.body).toBeLessThan(300);
  expect((await sh.post(`/api/events/recuperation/batches/${id}/notice`, {})).statusCode).toBe(200);
  const [application] = await rows<{ id: number }>(`select id::int as id from recuperation_applications where event_id = ${id} order by id limit 1`);
  const objection = await sh.post(`/api/events/recuperation/batches/${id}/objections`, { applicationId: application!.id, text: '工龄有误' });
  expect(objection.statusCode, objection.body).toBe(201);
}

/** A photo of the sibling county's station, uploaded by its cadre. */
async function stationPhotoInSibling() {
  const sh = await login('saihanqu_cadre');
  const [station] = await rows<{ id: number }>(
    `select s.id from stations s where s.org_path like (select path from orgs where name = '${SIBLING}') || '%' order by s.id limit 1`,
  );
  const boundary = 'probe-photo';
  const res = await sh.request({
    method: 'POST',
    url: `/api/stations/${station!.id}/photos`,
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="门头.png"\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** A skills competition of the sibling county with a trade, a round, a judge and an entry. */
async function competitionInSibling(sibling: number) {
  const sh = await login('saihanqu_cadre');
  const base = '/api/events/competitions';
  const contest = await sh.post(base, { orgId: sibling, title: '赛罕区职工技能大赛' });
  expect(contest.statusCode, contest.body).toBe(201);
  const id = contest.json().id as number;
  const trade = await sh.post(`${base}/${id}/trades`, { name: '焊工', firstPrizes: 1, secondPrizes: 1, thirdPrizes: 1, meritPrizes: 0 });
  expect(trade.statusCode, trade.body).toBe(201);
  const round = await sh.post(`${base}/${id}/rounds`, { name: '预赛', advance: 3 });
  expect(round.statusCode, round.body).toBe(201);
  const judge = await sh.post(`${base}/${id}/judges`, { roundId: round.json().id, tradeId: trade.json().id, name: '王评委' });
  expect(judge.statusCode, judge.body).toBe(201);
  const [person] = await rows<{ id: number }>(
    `select p.id::int as id from persons p join orgs o on o.id = p.org_id
      where p.status = 'active' and o.path like (select path from orgs where id = ${sibling}) || '%' order by p.id limit 1`,
  );
  const entry = await sh.post(`${base}/${id}/entries`, { tradeId: trade.json().id, kind: 'individual', personIds: [person!.id] });
  expect(entry.statusCode, entry.body).toBe(201);
}

/**
 * What the demo lacks outside the county, made through the API as the unions themselves would:
 * the city's running campaign (allocated to the sibling county, with a point and a hand-out there
 * and a point in the county), an upload, a merge, an attachment.
 */
async function seedOutside() {
  const hhht = await login('hhht_admin');
  const nmg = await login('nmg_admin');
  const [city, sibling, countyOrg] = await Promise.all(
    [CITY, SIBLING, COUNTY].map(async (n) => (await rows<{ id: number }>(`select id from orgs where name = '${n}'`))[0]!.id),
  );
  const created = await hhht.post('/api/campaigns', {
    name: '呼和浩特市环卫工人夏送清凉',
    kind: 'summer_cool',
    orgId: city,
    // Hand-outs happen only within the period: this year's, whenever the test runs.
    startsOn: `${chinaToday().slice(0, 4)}-01-01`,
    endsOn: `${chinaToday().slice(0, 4)}-12-31`,
    mode: 'cascade',
    rule: { occupations: ['sanitation'] },
    funds: [{ source: 'own_budget', amountFen: 50_000_000 }],
    packages: [{ name: '清凉慰问金', kind: 'cash', valueFen: 100_00 }],
  });
  expect(created.statusCode, created.body).toBeLessThan(300);
  cityCampaign = created.json().id;
  const put = async (orgId: number, quota: number, budgetFen: number) => {
    const res = await hhht.put(`/api/campaigns/${cityCampaign}/allocations`, { orgId, quota, budgetFen });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  await put(city!, 5000, 50_000_000);
  await put(sibling!, 500, 5_000_000);
  let v = (await hhht.get(`/api/campaigns/${cityCampaign}`)).json().version;
  v = (await hhht.post(`/api/campaigns/${cityCampaign}/transition`, { action: 'submit', version: v })).json().version;
  v = (await nmg.post(`/api/campaigns/${cityCampaign}/transition`, { action: 'approve', version: v })).json().version;
  expect((await hhht.post(`/api/campaigns/${cityCampaign}/transition`, { action: 'start', version: v })).statusCode).toBe(200);
  for (const [name, orgId] of [
    ['赛罕区发放点', sibling],
    ['新城区发放点', countyOrg],
  ] as const) {
    const res = await hhht.post(`/api/campaigns/${cityCampaign}/points`, { name, orgId });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  await handOutInSibling(1);
  await recuperationInSibling(sibling!);
  await stationPhotoInSibling();
  await competitionInSibling(sibling!);

  // A roster upload, a merge and a scanned proof in 包头 (another city).
  const baotou = await login('baotou_admin');
  const boundary = 'probe-upload';
  const upload = (name: string, body: Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
      body,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const up = await baotou.request({
    method: 'POST',
    url: '/api/people/imports',
    payload: upload('a.csv', Buffer.from('姓名,身份证号\n张三,11010519491231002X\n')),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(up.statusCode, up.body).toBeLessThan(300);
  const [a, b] = await rows<{ id: number }>(
    `select p.id from persons p join orgs o on o.id = p.org_id where o.name = '包头市总工会' or o.path like (select path from orgs where name = '包头市总工会') || '%' order by p.id desc limit 2`,
  );
  const merged = await admin.post('/api/people/merge', { survivorId: a!.id, mergedId: b!.id, reason: '重复录入' });
  expect(merged.statusCode, merged.body).toBeLessThan(300);
  const [file] = await rows<{ id: number }>(
    `select c.id from hardship_cases c join orgs o on o.id = c.org_id where o.path like (select path from orgs where name = '包头市总工会') || '%' order by c.id limit 1`,
  );
  const attached = await admin.request({
    method: 'POST',
    url: `/api/hardship/cases/${file!.id}/attachments`,
    payload: upload('a.pdf', Buffer.from('%PDF-1.4 probe')),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(attached.statusCode, attached.body).toBeLessThan(300);
  const [unit] = await rows<{ id: number }>(`select id from orgs where parent_id = (select id from orgs where name = '包头市总工会') order by id limit 1`);
  // Two near-duplicates for the duplicate scan; one marked 大病 with no file, a lead for the discovery run.
  for (const [first17, tags] of [
    ['15020319800101001', ['大病']],
    ['15020319800101003', []],
  ] as const) {
    const res = await admin.post('/api/people', { name: '韩梅梅', idNumber: withCheckCharacter(first17), orgId: unit!.id, tags });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  const scan = await baotou.post('/api/people/duplicates/scan', {});
  expect(scan.statusCode, scan.body).toBeLessThan(300);
  const discovery = await baotou.post('/api/hardship/discovery/run');
  expect(discovery.statusCode, discovery.body).toBeLessThan(300);
  await waitForJobs();
}

async function waitForJobs() {
  for (let i = 0; i < 400; i++) {
    const [{ n }] = (await rows<{ n: number }>(`select count(*)::int as n from jobs where status = 'running'`)) as [{ n: number }];
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Hands `n` more packages out at the sibling county's point of the city's campaign. */
async function handOutInSibling(n: number) {
  const hhht = await login('hhht_admin');
  const [point] = await rows<{ id: number }>(`select id from campaign_points where campaign_id = ${cityCampaign} and name = '赛罕区发放点'`);
  const pending = await rows<{ id: number }>(
    `select b.id from campaign_beneficiaries b join orgs o on o.id = b.org_id where b.campaign_id = ${cityCampaign} and b.received = 0 and not b.excluded
        and o.path like (select path from orgs where name = '${SIBLING}') || '%' order by b.id limit ${n}`,
  );
  expect(pending.length).toBe(n);
  for (const b of pending) {
    const res = await hhht.post(`/api/points/${point!.id}/confirm`, {
      beneficiaryId: b.id,
      evidence: { kind: 'paper', sheetRef: `QL-${b.id}` },
      idempotencyKey: `probe-${b.id}-${Date.now()}`,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

/** Per table: rows and a hash of their contents, to see that a refused write changed nothing. */
async function fingerprint() {
  const tables = await rows<{ t: string }>(
    `select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    if (BOOKKEEPING.has(t)) continue;
    const [r] = await rows<{ n: number; h: string }>(`select count(*)::int as n, coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from "${t}" x`);
    out[t] = `${r!.n}:${r!.h}`;
  }
  return out;
}

/** The body a write gets: what its schema requires, with outside ids wherever a field names a record. */
function outsideBody(schema: JsonSchema | undefined) {
  if (!schema) return undefined;
  return sampleValue(schema, (name, prop) => {
    if (name in FIELD_HINTS) return FIELD_HINTS[name];
    if (/Fen$/.test(name) && prop.type === 'integer') return 100_00;
    const match = BODY_IDS.find(([re]) => re.test(name));
    if (!match) return undefined;
    const value = outside.get(match[1])?.[0]?.[match[2]];
    if (value === undefined) return undefined;
    return prop.type === 'array' ? [value] : value;
  });
}

/** The url with the query parameters the route requires, each given a value of its type (the record they name need not exist). */
function withRequiredQuery(op: Operation, url: string) {
  const required = op.queryParams.filter((p) => p.required);
  if (!required.length) return url;
  return `${url}?${required.map((p) => `${p.name}=${encodeURIComponent(String(p.schema ? sampleValue(p.schema, undefined, p.name) : '1'))}`).join('&')}`;
}

function request(client: TestClient, op: Operation, path: string, body: unknown) {
  const url = withRequiredQuery(op, path);
  if (op.method !== 'GET' && body === undefined && op.method === 'POST') {
    // Uploads are not described in the document: a tiny file, so the route gets as far as its checks.
    const boundary = 'probe-body';
    return client.request({
      method: op.method,
      url,
      payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 probe\r\n--${boundary}--\r\n`),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }
  return client.request({ method: op.method, url, payload: body as object | undefined });
}

/** Every text a response carries: JSON as is, a workbook's cells. */
async function textOf(res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer }) {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
    return cells.join('\n');
  }
  if (type.includes('pdf')) return '';
  return res.body;
}

const collectionsOf = (op: Operation) => [...new Set(op.pathParams.map((p) => op.path.slice(0, op.path.indexOf(`/{${p.name}}`))))];
/** The collection whose entries fill every path parameter of the route (the last one's). */
const collectionFor = (op: Operation) => collectionsOf(op).at(-1)!;

describe('scope prober: a county account walks every route of the OpenAPI document with ids from outside its subtree', () => {
  it('knows every route: each is probed, or listed as not org data with its reason', () => {
    expect(operations.length).toBeGreaterThan(60);
    const keys = operations.map((o) => o.key);
    expect(
      Object.keys({ ...NOT_ORG_DATA, ...OWN_SUBTREE_WRITES, ...ONE_UNION_FILTERS }).filter((k) => !keys.includes(k)),
      'exemptions name routes that exist',
    ).toEqual([]);
    const unknown = operations
      .filter((o) => !(o.key in NOT_ORG_DATA) && o.pathParams.length)
      .map(collectionFor)
      .filter((c) => !(c in COLLECTIONS));
    expect(unknown, 'a route picks a record of a collection the prober has no outside ids for: add it to COLLECTIONS (or the route to NOT_ORG_DATA)').toEqual(
      [],
    );
  });

  it('has outside ids for every collection (the demo and the set-up hold such records)', () => {
    const empty = Object.keys(COLLECTIONS).filter((c) => !outside.get(c)?.length);
    expect(empty).toEqual([]);
  });

  it('is refused (404/403, never 200 or 500) on every route with a path id, given an outside id — writes change nothing', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.pathParams.length && !(o.key in NOT_ORG_DATA))) {
      for (const entry of outside.get(collectionFor(op)) ?? []) {
        const url = fillPath(op, (p) => entry[p.name] ?? entry.id!);
        if (op.method !== 'GET') await waitForJobs();
        const before = op.method === 'GET' ? undefined : await fingerprint();
        const res = await request(county, op, url, outsideBody(op.body));
        if (![403, 404].includes(res.statusCode)) failures.push(`${op.key} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        if (before) {
          await waitForJobs();
          const after = await fingerprint();
          const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
          if (changed.length) failures.push(`${op.key} ${url} changed ${changed.join(', ')}`);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 900_000);

  it('refuses every write without a path id given outside ids in its body, and changes nothing', { timeout: 900_000 }, async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.method !== 'GET' && !o.pathParams.length && !(o.key in NOT_ORG_DATA))) {
      const own = op.key in OWN_SUBTREE_WRITES;
      // Work an earlier write started in the background (an own-subtree write's job) settles
      // first, so what changes between the two fingerprints is this write's doing.
      await waitForJobs();
      const before = own ? undefined : await fingerprint();
      const res = await request(county, op, op.path, outsideBody(op.body));
      if (res.statusCode >= 500) failures.push(`${op.key} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      if (own) continue;
      if (res.statusCode < 400 || res.statusCode === 401) failures.push(`${op.key} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      await waitForJobs();
      const after = await fingerprint();
      const changed = Object.keys(after).filter((t) => after[t] !== before![t]);
      if (changed.length) failures.push(`${op.key} changed ${changed.join(', ')}`);
    }
    await waitForJobs();
    expect(failures, failures.join('\n')).toEqual([]);
  });

  /** Every read the county may make: routes without ids, and those with ids of records it may open. */
  const reads = () =>
    operations
      .filter((o) => o.method === 'GET' && !(o.key in NOT_ORG_DATA))
      .flatMap((op) =>
        op.pathParams.length ? (inside.get(collectionFor(op)) ?? []).map((entry) => fillPath(op, (p) => entry[p.name] ?? entry.id!)) : [op.path],
      );

  it('names no union outside its line in anything it reads (lists, counts, statistics, exports, the city campaign’s views)', { timeout: 900_000 }, async () => {
    expect(outsideNames).toContain(SIBLING);
    const failures: string[] = [];
    for (const url of reads()) {
      const res = await county.get(url);
      if (res.statusCode >= 500) failures.push(`${url} → ${res.statusCode}`);
      if (res.statusCode !== 200) continue;
      const text = await textOf(res);
      const named = outsideNames.filter((n) => text.includes(n));
      if (named.length) failures.push(`${url} names ${named.slice(0, 3).join('、')}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('counts no more than a system administrator counts in its subtree, wherever a list can be narrowed to one union', { timeout: 900_000 }, async () => {
    const [countyOrg] = await rows<{ id: number }>(`select id from orgs where path = '${countyPath}'`);
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.method === 'GET' && !o.pathParams.length && !(o.key in NOT_ORG_DATA))) {
      const filter = op.queryParams.find((p) => p.name === 'orgId' || p.name === 'within');
      if (!filter || op.key in ONE_UNION_FILTERS) continue;
      const mine = await county.get(op.path);
      const theirs = await admin.get(`${op.path}?${filter.name}=${countyOrg!.id}`);
      if (mine.statusCode !== 200 || theirs.statusCode !== 200 || !String(mine.headers['content-type']).includes('json')) continue;
      const a = mine.json() as { total?: number };
      const b = theirs.json() as { total?: number };
      if (typeof a.total === 'number' && typeof b.total === 'number' && a.total > b.total) failures.push(`${op.key}: ${a.total} > ${b.total}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('reads the same figures when only other counties’ data changes', { timeout: 900_000 }, async () => {
    const normalise = (text: string) =>
      text.replace(/"(at|lastSeenAt|createdAt|updatedAt|startedAt|finishedAt|heartbeatAt|csrfToken|asOf)":"[^"]*"/g, '"$1":…');
    const snapshot = async () => {
      const out = new Map<string, string>();
      for (const url of reads()) {
        const res = await county.get(url);
        if (res.statusCode === 200 && String(res.headers['content-type']).includes('json')) out.set(url, normalise(res.body));
      }
      return out;
    };
    // What the county's own reads move (an export is written to the audit log it lists) is not compared.
    const first = await snapshot();
    const before = await snapshot();
    const unstable = [...before.keys()].filter((url) => first.get(url) !== before.get(url));
    expect(unstable.length, unstable.join(', ')).toBeLessThan(3);
    // The sibling county hands out, gets a larger allocation, files a hardship case and registers a worker.
    await handOutInSibling(2);
    const hhht = await login('hhht_admin');
    const [sibling] = await rows<{ id: number }>(`select id from orgs where name = '${SIBLING}'`);
    expect((await hhht.put(`/api/campaigns/${cityCampaign}/allocations`, { orgId: sibling!.id, quota: 600, budgetFen: 6_000_000 })).statusCode).toBe(200);
    const [grassroots] = await rows<{ id: number }>(`select id from orgs where parent_id = ${sibling!.id} order by id limit 1`);
    const person = await hhht.post('/api/people', { name: '赛罕新职工', idNumber: '11010519491231002X', orgId: grassroots!.id, occupation: 'sanitation' });
    expect(person.statusCode, person.body).toBeLessThan(300);
    const after = await snapshot();
    const moved = [...before.keys()].filter((url) => !unstable.includes(url) && after.get(url) !== before.get(url));
    expect(moved).toEqual([]);
  });
});

describe('the city’s campaign as a county sees it', () => {
  it('shows the county its own line — what was handed out and listed in it — and nothing of the city’s or the sibling’s', async () => {
    const nodes = (await county.get(`/api/campaigns/${cityCampaign}/allocations`)).json() as {
      orgName: string;
      parentOrgId: number | null;
      quota: number | null;
      budgetFen: number | null;
      beneficiaries: number;
    }[];
    const [listed] = await rows<{ n: number }>(
      `select count(*)::int as n from campaign_beneficiaries where campaign_id = ${cityCampaign} and not excluded and org_path like '${countyPath}%'`,
    );
    expect(nodes).toEqual([expect.objectContaining({ orgName: COUNTY, parentOrgId: null, quota: null, budgetFen: null, beneficiaries: listed!.n })]);
    const view = (await county.get(`/api/campaigns/${cityCampaign}`)).json();
    expect(view.funds).toEqual([]);
    const progress = (await county.get(`/api/campaigns/${cityCampaign}/progress`)).json();
    expect(progress.total).toMatchObject({ orgName: COUNTY, beneficiaries: listed!.n });
  });

  it('shows the sibling county its allocation from the city as its own top line', async () => {
    const sh = await login('saihanqu_cadre');
    const nodes = (await sh.get(`/api/campaigns/${cityCampaign}/allocations`)).json() as {
      orgName: string;
      parentOrgId: number | null;
      quota: number | null;
    }[];
    expect(nodes[0]).toMatchObject({ orgName: SIBLING, parentOrgId: null, quota: expect.any(Number) });
    expect(nodes.map((n) => n.orgName)).not.toContain(CITY);
  });
});
