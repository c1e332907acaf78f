import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export interface CaseRecordRow {
  id: number;
  caseNo: string;
  kind: 'full' | 'temporary';
  status: string;
  category: string;
  mainCause: string;
  filedOn: string;
  orgName: string;
}

/** The person's case files (as applicant) held by a union in the scope, oldest first. */
export async function findCasesOf(db: DbOrTx, scope: Scope, personId: number) {
  return queryRows<CaseRecordRow>(
    db,
    sql`select c.id, c.case_no as "caseNo", c.kind, c.status, c.category, c.main_cause as "mainCause", c.filed_on::text as "filedOn", o.name as "orgName"
          from hardship_cases c join orgs o on o.id = c.org_id
         where c.person_id = ${personId} and o.path like ${scopePattern(scope)}
         order by c.filed_on, c.id`,
  );
}

export interface CaseStepRow {
  caseId: number;
  caseNo: string;
  action: string;
  toStatus: string | null;
  reason: string | null;
  on: string;
}

/** The lifecycle steps of those files (核查, 审批建档, 解困脱困 …), oldest first. */
export async function findStepsOf(db: DbOrTx, scope: Scope, personId: number) {
  return queryRows<CaseStepRow>(
    db,
    sql`select e.case_id as "caseId", c.case_no as "caseNo", e.action, e.to_status as "toStatus", e.reason,
               (e.at at time zone 'Asia/Shanghai')::date::text as "on"
          from hardship_events e join hardship_cases c on c.id = e.case_id join orgs o on o.id = c.org_id
         where c.person_id = ${personId} and o.path like ${scopePattern(scope)}
         order by e.at, e.id`,
  );
}

export interface AssistanceRecordRow {
  caseId: number;
  type: string;
  amountFen: number;
  on: string;
  fundSource: string;
  status: string;
  note: string | null;
  orgName: string;
}

/** Assistance recorded on the person's files by unions of the scope (the record's own path, as the ledger is scoped). */
export async function findAssistanceOf(db: DbOrTx, scope: Scope, personId: number) {
  const rows = await queryRows<AssistanceRecordRow>(
    db,
    sql`select a.case_id as "caseId", a.type, a.amount_fen as "amountFen", a.on::text as "on", a.fund_source as "fundSource", a.status, a.note, o.name as "orgName"
          from hardship_assistance a join hardship_cases c on c.id = a.case_id join orgs o on o.id = a.org_id
         where c.person_id = ${personId} and a.org_path like ${scopePattern(scope)}
         order by a.on, a.id`,
  );
  return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
}

export interface FollowupRecordRow {
  caseId: number;
  caseNo: string;
  dueOn: string;
  doneOn: string | null;
  result: string | null;
  hardshipReturned: boolean | null;
}

/** Follow-up visits (回访) of the person's files held in the scope. */
export async function findFollowupsOf(db: DbOrTx, scope: Scope, personId: number) {
  return queryRows<FollowupRecordRow>(
    db,
    sql`select f.case_id as "caseId", c.case_no as "caseNo", f.due_on::text as "dueOn", f.done_on::text as "doneOn", f.result, f.hardship_returned as "hardshipReturned"
          from hardship_followups f join hardship_cases c on c.id = f.case_id join orgs o on o.id = c.org_id
         where c.person_id = ${personId} and o.path like ${scopePattern(scope)}
         order by f.due_on, f.id`,
  );
}
