import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db.ts';
import { memberships, persons } from './people.schema.ts';
import type { ProtectedId, ProtectedPhone } from './identity.ts';

export type DemoPerson = ProtectedId &
  ProtectedPhone & {
    orgId: number;
    name: string;
    namePinyin: string;
    nameInitials: string;
    ethnicity: string;
    occupation: string;
    employmentForm: string;
    workStatus: string;
    employerName: string;
    hukouType: string;
    tags: string[];
    /** Joining date when a member. */
    member: string | null;
  };

/** Bulk insert of the demo population (people and memberships), in batches. */
export async function insertDemoPeople(db: DbOrTx, people: DemoPerson[]) {
  let members = 0;
  for (let i = 0; i < people.length; i += 500) {
    const batch = people.slice(i, i + 500);
    const rows = await db
      .insert(persons)
      .values(batch.map(({ member: _m, ...p }) => p))
      .onConflictDoNothing()
      .returning({ id: persons.id, idNumberBidx: persons.idNumberBidx });
    const byBidx = new Map(rows.map((r) => [r.idNumberBidx, r.id]));
    const joined = batch.filter((p) => p.member && byBidx.has(p.idNumberBidx));
    if (joined.length) {
      await db.insert(memberships).values(
        joined.map((p) => ({
          personId: byBidx.get(p.idNumberBidx)!,
          memberNo: sql`${p.idMasked.slice(0, 6)} || ${p.member!.slice(0, 4)} || lpad(nextval('member_no_seq')::text, 7, '0')`,
          joinedOn: p.member!,
        })) as never,
      );
      members += joined.length;
    }
  }
  return { people: people.length, members };
}
