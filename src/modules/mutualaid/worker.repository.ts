/**
 * The worker portal's queries of 互助保障: everything by the signed-in worker's person, so another
 * worker's enrolment or claim is simply not found; the plans a worker may join are those of the
 * unions at or above theirs that take self-enrolment.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { claimSelect, enrolmentSelect, planSelect, type ClaimRow, type EnrolmentRow, type PlanRow } from './mutualaid.repository.ts';

export interface Member {
  id: number;
  name: string;
  status: string;
  org_id: number;
  org_path: string;
  occupation: string | null;
  employer_name: string | null;
}

export async function member(db: DbOrTx, personId: number) {
  const [row] = await queryRows<Member>(
    db,
    sql`select p.id::int as id, p.name, p.status, p.org_id, o.path as org_path, p.occupation, p.employer_name
          from persons p join orgs o on o.id = p.org_id where p.id = ${personId}`,
  );
  return row;
}

/** Open plans taking self-enrolment, organised at or above the person's union (`id`: that one only; `lock` takes its row). */
export async function selfEnrolPlans(db: DbOrTx, personId: number, id?: number, lock = false) {
  if (id !== undefined && lock) await queryRows(db, sql`select id from mutualaid_plans where id = ${id} for update`);
  return queryRows<PlanRow>(
    db,
    sql`${planSelect} join persons p on p.id = ${personId} join orgs po on po.id = p.org_id
         where g.status = 'open' and g.self_enrol and po.path like o.path || '%' ${id === undefined ? sql`` : sql`and g.id = ${id}`}
         order by g.term_start desc, g.id desc`,
  );
}

export type MyEnrolmentRow = EnrolmentRow & {
  plan_name: string;
  plan_kind: PlanRow['kind'];
  plan_org: string;
  payer: 'employer' | 'union' | 'self';
  paid_on: string | null;
  required_documents: PlanRow['required_documents'];
  claim_deadline_days: number;
  formula: PlanRow['formula'];
};

const mine = sql`select x.*, g.name as plan_name, g.kind as plan_kind, go.name as plan_org, b.payer, b.paid_on::text as paid_on,
                        g.required_documents, g.claim_deadline_days, g.formula
                   from (${enrolmentSelect}) x`;

/** The person's enrolments, the newest cover first (`id`: that one only, if it is theirs; `lock` takes its row). */
export async function enrolmentsOf(db: DbOrTx, personId: number, id?: number, lock = false) {
  if (id !== undefined && lock) await queryRows(db, sql`select id from mutualaid_enrolments where id = ${id} and person_id = ${personId} for update`);
  return queryRows<MyEnrolmentRow>(
    db,
    sql`${mine} join mutualaid_enrolments e2 on e2.id = x.id join mutualaid_batches b on b.id = e2.batch_id
          join mutualaid_plans g on g.id = x.plan_id join orgs go on go.id = g.org_id
         where x.person_id = ${personId} ${id === undefined ? sql`` : sql`and x.id = ${id}`}
         order by x.cover_to desc, x.id desc`,
  );
}

/** An enrolment in the scope with its plan's terms, as the certificate of cover states them (the union's desk). */
export async function enrolmentWithPlanInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<MyEnrolmentRow>(
    db,
    sql`${mine} join mutualaid_enrolments e2 on e2.id = x.id join mutualaid_batches b on b.id = e2.batch_id
          join mutualaid_plans g on g.id = x.plan_id join orgs go on go.id = g.org_id
         where x.id = ${id} and ${pathInScope(scope, sql`x.org_path`)}`,
  );
  return row;
}

/** The person's claims, newest first (`id`: that one only, if it is theirs; `lock` takes its row). */
export async function claimsOf(db: DbOrTx, personId: number, id?: number, lock = false) {
  if (id !== undefined && lock) await queryRows(db, sql`select id from mutualaid_claims where id = ${id} and person_id = ${personId} for update`);
  return queryRows<ClaimRow>(
    db,
    sql`select y.* from (${claimSelect}) y
         where y.person_id = ${personId} ${id === undefined ? sql`` : sql`and y.id = ${id}`}
         order by y.id desc`,
  );
}

/** Claims the person filed on the portal on `day` (China time). */
export async function filedOn(db: DbOrTx, personId: number, day: string) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from mutualaid_claims
         where person_id = ${personId} and source = 'worker' and (created_at at time zone 'Asia/Shanghai')::date = ${day}::date`,
  );
  return r!.n;
}

/** The 互助保障 tile: the person's claims the union is still handling (受理 to 审批, not yet paid). */
export async function claimsInProgress(db: DbOrTx, personId: number) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from mutualaid_claims where person_id = ${personId} and status in ('received', 'reviewed', 'rechecked', 'approved')`,
  );
  return r!.n;
}
