import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDemoTestDatabase } from '../../testing/demo-db.ts';
import { queryRows, type Database } from '../../server/db.ts';
import { GIVEN, MONGOLIAN } from './demo-people.ts';
import { verifyAuditChain } from '../../modules/audit/index.ts';

let database: Database;
beforeAll(async () => {
  // The demo as the first start loads it (built once per run, see createDemoTestDatabase).
  ({ database } = await createDemoTestDatabase());
}, 600_000);
afterAll(() => database.close());

describe('demo hardship files', () => {
  it('holds a few hundred files in every state, with assistance and overdue follow-ups', async () => {
    const states = await queryRows<{ status: string; n: number }>(database.db, sql`select status, count(*)::int as n from hardship_cases group by 1`);
    const by = Object.fromEntries(states.map((s) => [s.status, s.n]));
    expect(Object.keys(by).sort()).toEqual(['active', 'applied', 'closed', 'exited', 'noticed', 'verified']);
    expect(states.reduce((s, x) => s + x.n, 0)).toBeGreaterThan(150);
    const [extra] = await queryRows<{ relapsed: number; temporary: number; assistance: number; overdue: number }>(
      database.db,
      sql`select (select count(*) from hardship_cases where relapsed)::int as relapsed, (select count(*) from hardship_cases where kind = 'temporary')::int as temporary,
                 (select count(*) from hardship_assistance)::int as assistance, (select count(*) from hardship_followups where done_on is null and due_on < current_date)::int as overdue`,
    );
    expect(extra!.relapsed).toBeGreaterThan(0);
    expect(extra!.temporary).toBeGreaterThan(0);
    expect(extra!.assistance).toBeGreaterThan(100);
    expect(extra!.overdue).toBeGreaterThan(0);
  });
});

describe('demo hardship dates', () => {
  it('are spread over past years, in lifecycle order and never in the future', async () => {
    const today = (await queryRows<{ d: string }>(database.db, sql`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0]!.d;
    const [span] = await queryRows<{ years: number; oldest: string; future: number }>(
      database.db,
      sql`select count(distinct extract(year from filed_on))::int as years, min(filed_on)::text as oldest,
                 (select count(*) from hardship_cases where filed_on > ${today}::date or assessed_on > ${today}::date or noticed_on > ${today}::date)::int
                 + (select count(*) from hardship_assistance where "on" > ${today}::date)::int
                 + (select count(*) from hardship_events where (at at time zone 'Asia/Shanghai')::date > ${today}::date)::int
                 + (select count(*) from hardship_followups where done_on > ${today}::date)::int as future
            from hardship_cases`,
    );
    expect(span!.years).toBeGreaterThanOrEqual(3);
    // Some files are over two years old.
    expect(span!.oldest < `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`).toBe(true);
    expect(span!.future).toBe(0);
    // Filed, assessed, noticed, approved, paid, exited and followed up, in that order.
    const disorder = await queryRows<{ case_no: string; problem: string }>(
      database.db,
      sql`with d as (
            select c.case_no, c.filed_on, c.assessed_on, c.noticed_on,
                   (select min((e.at at time zone 'Asia/Shanghai')::date) from hardship_events e where e.case_id = c.id and e.action = 'approve') as approved_on,
                   (select min(a.on) from hardship_assistance a where a.case_id = c.id) as first_aid,
                   (select max(a.on) from hardship_assistance a where a.case_id = c.id) as last_aid,
                   (select max((e.at at time zone 'Asia/Shanghai')::date) from hardship_events e where e.case_id = c.id and e.action = 'exit') as exited_on,
                   (select min(f.due_on) from hardship_followups f where f.case_id = c.id) as first_due
              from hardship_cases c)
          select case_no, case
                   when assessed_on < filed_on then 'assessed before filed'
                   when noticed_on < assessed_on then 'noticed before assessed'
                   when approved_on < coalesce(noticed_on + 5, assessed_on) then 'approved before the notice ran its course'
                   when first_aid < approved_on then 'assistance before approval'
                   when exited_on < last_aid then 'exited before its last assistance'
                   when first_due <= exited_on then 'follow-up due before the exit'
                 end as problem
            from d`,
    );
    expect(disorder.filter((d) => d.problem)).toEqual([]);
    const [exits] = await queryRows<{ past: number }>(
      database.db,
      sql`select count(*)::int as past from hardship_events where action = 'exit' and (at at time zone 'Asia/Shanghai')::date < ${today}::date - 180`,
    );
    expect(exits!.past).toBeGreaterThan(0);
  });
});

describe('demo audit log', () => {
  it('verifies as one chain and has an entry for every step of every hardship file', async () => {
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, problem: null });
    const [counts] = await queryRows<{ steps: number; entries: number }>(
      database.db,
      sql`select (select count(*) from hardship_events)::int as steps,
                 (select count(*) from audit_log where entity = 'hardship_case' and action like 'hardship.%')::int as entries`,
    );
    expect(counts!.entries).toBe(counts!.steps);
  });
});

describe('demo campaigns', () => {
  it('holds a finished cascaded campaign with every package handed out, a running one part-way and one awaiting approval', async () => {
    const rows = await queryRows<{ name: string; status: string; beneficiaries: number; lines: number; spent: string; allocations: number }>(
      database.db,
      sql`select c.name, c.status,
                 (select count(*) from campaign_beneficiaries b where b.campaign_id = c.id and not b.excluded)::int as beneficiaries,
                 (select count(*) from disbursement_lines d where d.campaign_id = c.id)::int as lines,
                 (select sum(spent_fen) from campaign_allocations a where a.campaign_id = c.id)::bigint as spent,
                 (select count(*) from campaign_allocations a where a.campaign_id = c.id)::int as allocations
            from campaigns c order by c.id`,
    );
    expect(rows.map((r) => r.status)).toEqual(['ended', 'running', 'submitted']);
    const [finished, running, waiting] = rows;
    // A county cadre's campaign waits for an administrator above to approve it: nothing frozen yet.
    expect(waiting!.beneficiaries).toBe(0);
    expect(finished!.beneficiaries).toBeGreaterThan(300);
    expect(finished!.lines).toBe(finished!.beneficiaries);
    expect(finished!.allocations).toBeGreaterThan(5);
    expect(running!.lines).toBeGreaterThan(0);
    expect(running!.lines).toBeLessThan(running!.beneficiaries);
    // The counters agree with the ledger.
    const [check] = await queryRows<{ ok: boolean }>(
      database.db,
      sql`select (select sum(amount_fen) from disbursement_lines) = (select sum(amount_fen) from campaign_progress)
             and (select sum(amount_fen) from disbursement_lines) = (select sum(spent_fen) from campaign_allocations) as ok`,
    );
    expect(check!.ok).toBe(true);
  });
});

describe('demo people', () => {
  it('have the sex that their given name and the sequence digit of their ID number say', async () => {
    const people = await queryRows<{ name: string; sex: 'male' | 'female'; id_masked: string; ethnicity: string }>(
      database.db,
      sql`select name, sex, id_masked, ethnicity from persons`,
    );
    expect(people.length).toBeGreaterThan(1000);
    const wrong = people.filter((p) => {
      const byId = Number(p.id_masked[16]) % 2 === 1 ? 'male' : 'female';
      const mongolian = p.ethnicity === '蒙古族' && (MONGOLIAN.female as readonly string[]).concat(MONGOLIAN.male).includes(p.name);
      const byName = mongolian ? (MONGOLIAN.female as readonly string[]).includes(p.name) : GIVEN.female.includes(p.name.at(-1)!);
      return byId !== p.sex || (byName ? 'female' : 'male') !== p.sex || (!mongolian && !GIVEN[p.sex].includes(p.name.at(-1)!));
    });
    expect(wrong.map((p) => `${p.name} ${p.sex} ${p.id_masked}`)).toEqual([]);
    expect(people.filter((p) => p.sex === 'female').length).toBeGreaterThan(people.length / 3);
  });
});

describe('demo ledger', () => {
  it('shows the hand-outs of the running campaign over the days up to today, not all today', async () => {
    const [days] = await queryRows<{ days: number; latest_ok: boolean }>(
      database.db,
      sql`select count(distinct d.on)::int as days, max(d.on) <= (now() at time zone 'Asia/Shanghai')::date as latest_ok
            from disbursement_lines d join campaigns c on c.id = d.campaign_id where c.status = 'running'`,
    );
    expect(days!.days).toBeGreaterThan(5);
    expect(days!.latest_ok).toBe(true);
  });
});
