import { eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { orgs } from '../orgs/orgs.schema.ts';
import { personConsents, persons } from './people.schema.ts';

export async function orgOfPerson(db: DbOrTx, personId: number) {
  const [row] = await db.select({ id: orgs.id, path: orgs.path }).from(persons).innerJoin(orgs, eq(orgs.id, persons.orgId)).where(eq(persons.id, personId));
  return row;
}

export function consentsOf(db: DbOrTx, personId: number) {
  return db.select().from(personConsents).where(eq(personConsents.personId, personId));
}

export async function setConsent(db: DbOrTx, personId: number, purpose: string, granted: boolean) {
  await db
    .insert(personConsents)
    .values({ personId, purpose, granted })
    .onConflictDoUpdate({
      target: [personConsents.personId, personConsents.purpose],
      set: { granted, changedAt: sql`case when ${personConsents.granted} = excluded.granted then ${personConsents.changedAt} else now() end` },
    });
}

export interface OwnMessageRow {
  created_at: Date | string;
  title: string;
  body: string;
  read_at: Date | string | null;
  sms_status: string | null;
}

/**
 * The portal messages the union sent the worker, for the download of their data. Read here rather
 * than through the messages module, whose tables point at this module's: the messages module may
 * depend on people, not the other way round.
 */
export function ownMessages(db: DbOrTx, personId: number, workerId: number) {
  return queryRows<OwnMessageRow>(
    db,
    sql`select m.created_at, m.title, m.body, m.read_at, o.status as sms_status
        from worker_messages m left join sms_outbox o on o.message_id = m.id
        where m.person_id = ${personId} or m.worker_id = ${workerId}
        order by m.created_at, m.id`,
  );
}
