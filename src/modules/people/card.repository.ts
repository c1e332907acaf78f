/** What the member card shows and its verification reads: the person, their union and their membership. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import type { MembershipState } from './people.contract.ts';

export interface CardHolderRow {
  personId: number;
  name: string;
  orgName: string;
  orgPath: string;
  memberNo: string | null;
  joinedOn: string | null;
  state: MembershipState | null;
}

/** The active person with their union and membership (null columns when they have none). */
export async function findCardHolder(db: DbOrTx, personId: number): Promise<CardHolderRow | undefined> {
  const [row] = await queryRows<CardHolderRow>(
    db,
    sql`select p.id as "personId", p.name, o.name as "orgName", o.path as "orgPath", m.member_no as "memberNo", m.joined_on::text as "joinedOn", m.state
          from persons p join orgs o on o.id = p.org_id left join memberships m on m.person_id = p.id
         where p.id = ${personId} and p.status = 'active'`,
  );
  return row ? { ...row, personId: Number(row.personId) } : undefined;
}
