import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { codeText, occupations, persons } from '../people/people.schema.ts';
import { workerAccounts } from '../portal/portal.schema.ts';

/**
 * 入会申请 and 转会申请 from the portal. A join application carries the identity as the registry
 * keeps it (encrypted, blind index, masked), so approval can create the registry person without
 * asking again; a transfer names the member (`person_id`) and the union they leave. One open
 * application per worker and per identity number: the database refuses a second one.
 */
export const membershipApplications = pgTable(
  'membership_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: ['join', 'transfer'] }).notNull(),
    workerId: integer('worker_id').references(() => workerAccounts.id),
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
    name: text('name').notNull(),
    idType: codeText('id_type'),
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: codeText('id_number_bidx'),
    idMasked: text('id_masked'),
    idLast4: codeText('id_last4'),
    birthDate: text('birth_date'),
    sex: text('sex'),
    phoneMasked: text('phone_masked'),
    employerName: text('employer_name'),
    employerCreditCode: text('employer_credit_code'),
    occupation: text('occupation').references(() => occupations.code),
    /** The union that decides: the receiving union. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** For a transfer: the union the member leaves. */
    fromOrgId: integer('from_org_id').references(() => orgs.id),
    channel: text('channel', { enum: ['poster', 'portal', 'staff'] }).notNull(),
    via: text('via', { enum: ['poster', 'employer', 'joint'] }).notNull(),
    status: text('status', { enum: ['submitted', 'reviewing', 'approved', 'refused'] })
      .notNull()
      .default('submitted'),
    memberNo: text('member_no'),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => accounts.id),
  },
  (t) => [
    index('membership_applications_org_idx').on(t.orgId, t.createdAt),
    index('membership_applications_worker_idx').on(t.workerId, t.createdAt),
    index('membership_applications_person_idx').on(t.personId),
    uniqueIndex('membership_applications_open_worker_key')
      .on(t.workerId)
      .where(sql`${t.status} in ('submitted', 'reviewing')`),
    uniqueIndex('membership_applications_open_id_key')
      .on(t.idNumberBidx, t.idType)
      .where(sql`${t.status} in ('submitted', 'reviewing')`),
    check('membership_applications_kind_check', sql`${t.kind} in ('join', 'transfer')`),
    check('membership_applications_status_check', sql`${t.status} in ('submitted', 'reviewing', 'approved', 'refused')`),
    check('membership_applications_channel_check', sql`${t.channel} in ('poster', 'portal', 'staff')`),
    check('membership_applications_via_check', sql`${t.via} in ('poster', 'employer', 'joint')`),
    // A join carries the identity; a transfer names the member and the union left.
    check(
      'membership_applications_shape_check',
      sql`(${t.kind} = 'join' and ${t.idNumberBidx} is not null and ${t.idNumberEnc} is not null and ${t.idMasked} is not null)
       or (${t.kind} = 'transfer' and ${t.personId} is not null and ${t.fromOrgId} is not null)`,
    ),
    check('membership_applications_approved_check', sql`(${t.status} = 'approved') = (${t.memberNo} is not null)`),
    check('membership_applications_refused_check', sql`${t.status} <> 'refused' or ${t.reason} is not null`),
    check('membership_applications_decided_check', sql`(${t.status} in ('approved', 'refused')) = (${t.decidedAt} is not null)`),
  ],
);

export type ApplicationDbRow = typeof membershipApplications.$inferSelect;
