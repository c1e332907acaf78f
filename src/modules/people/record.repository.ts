/**
 * The people module's part of a person's record: membership with its events and transfers, and
 * the tags that follow from records. A union's name is shown only when it lies in the caller's
 * scope (a worker who came from another region shows 其他工会, never that region's union).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { scopePattern, type Scope } from '../../server/scope.ts';

export interface MembershipRecordRow {
  memberNo: string;
  joinedOn: string;
  state: string;
  orgName: string | null;
}

/** The person's membership, if any, with the union it is held in. */
export async function findMembership(db: DbOrTx, scope: Scope, personId: number) {
  const [row] = await queryRows<MembershipRecordRow>(
    db,
    sql`select m.member_no as "memberNo", m.joined_on::text as "joinedOn", m.state, case when o.path like ${scopePattern(scope)} then o.name end as "orgName"
          from memberships m join persons p on p.id = m.person_id join orgs o on o.id = p.org_id
         where m.person_id = ${personId}`,
  );
  return row;
}

export interface MovementRow {
  kind: 'event' | 'transfer';
  action: string;
  on: string;
  fromName: string | null;
  toName: string | null;
  reason: string | null;
}

/** Membership events and transfers between unions, oldest first. */
export async function findMovements(db: DbOrTx, scope: Scope, personId: number) {
  const p = scopePattern(scope);
  return queryRows<MovementRow>(
    db,
    sql`select * from (
          select 'event' as kind, e.action, e.on::text as "on",
                 case when f.path like ${p} then f.name end as "fromName", case when t.path like ${p} then t.name end as "toName", e.reason, e.at
            from membership_events e left join orgs f on f.id = e.from_org_id left join orgs t on t.id = e.to_org_id
           where e.person_id = ${personId}
          union all
          select 'transfer', 'transfer', (tr.at at time zone 'Asia/Shanghai')::date::text,
                 case when f.path like ${p} then f.name end, case when t.path like ${p} then t.name end, tr.reason, tr.at
            from person_transfers tr join orgs f on f.id = tr.from_org_id join orgs t on t.id = tr.to_org_id
           where tr.person_id = ${personId}
        ) x order by x.at, x.kind`,
  );
}

/** The person's tags as staff and records set them. */
export async function findTags(db: DbOrTx, personId: number) {
  const [row] = await queryRows<{ tags: string[] }>(db, sql`select tags from persons where id = ${personId}`);
  return row?.tags ?? [];
}

export interface DerivedTagRow {
  tag: string;
  source: string;
  reason: string;
  since: string;
}

/** The person's tags that follow from records, with why. */
export async function findDerivedTags(db: DbOrTx, personId: number) {
  return queryRows<DerivedTagRow>(
    db,
    sql`select tag, source, reason, (since at time zone 'Asia/Shanghai')::date::text as since
          from person_derived_tags where person_id = ${personId} order by since, tag`,
  );
}
