import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.schema.ts';
import { accounts } from '../auth/auth.schema.ts';
import { persons } from '../people/people.schema.ts';

const SKILLS_SQL = sql.raw(`array['legal','medical','psych','teaching','culture','repair','driving','registration','caring','it']::text[]`);
const KINDS_SQL = sql.raw(`('legal','health','culture','care','skills','event','other')`);

/** 志愿者: a registry person who gives time, registered with a union (the person's own, at joining). */
export const volunteers = pgTable(
  'volunteers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The registering union's path (follows the tree on a move). */
    orgPath: text('org_path').notNull(),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    availability: text('availability')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    intro: text('intro'),
    status: text('status', { enum: ['active', 'left'] })
      .notNull()
      .default('active'),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteers_person_key').on(t.personId),
    index('volunteers_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('volunteers_status_check', sql`${t.status} in ('active', 'left')`),
    check('volunteers_skills_check', sql`${t.skills} <@ ${SKILLS_SQL}`),
    check('volunteers_availability_check', sql`${t.availability} <@ array['weekday','evening','weekend']::text[]`),
  ],
);

/** 服务队: volunteers of a union who serve together; orders are dispatched to a team. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    intro: text('intro'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('volunteer_teams_name_key').on(t.orgId, t.name), index('volunteer_teams_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'))],
);

export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => volunteerTeams.id),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    leader: boolean('leader').notNull().default(false),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.volunteerId] }), index('volunteer_team_members_volunteer_idx').on(t.volunteerId)],
);

/** 服务项目: a service a union runs, with shifts volunteers sign up for. */
export const volunteerProjects = pgTable(
  'volunteer_projects',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    kind: text('kind').notNull(),
    teamId: integer('team_id').references(() => volunteerTeams.id),
    place: text('place').notNull(),
    intro: text('intro'),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_projects_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('volunteer_projects_kind_check', sql`${t.kind} in ${KINDS_SQL}`),
    check('volunteer_projects_status_check', sql`${t.status} in ('open', 'closed')`),
  ],
);

/** 班次: a stretch of a project's time with the number of volunteers it needs, and the venue's check-in code. */
export const volunteerShifts = pgTable(
  'volunteer_shifts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => volunteerProjects.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place'),
    capacity: integer('capacity').notNull(),
    /** The secret in the venue's QR code: a scan proves the volunteer stood at the venue. */
    checkinCode: text('checkin_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteer_shifts_checkin_code_key').on(t.checkinCode),
    index('volunteer_shifts_project_idx').on(t.projectId, t.startsAt),
    check('volunteer_shifts_span_check', sql`${t.endsAt} > ${t.startsAt} and ${t.endsAt} - ${t.startsAt} <= interval '24 hours'`),
    check('volunteer_shifts_capacity_check', sql`${t.capacity} between 1 and 1000`),
  ],
);

/** 报名: a volunteer on a shift. A volunteer's signed-up shifts never overlap (checked under the volunteer's row lock). */
export const volunteerSignups = pgTable(
  'volunteer_signups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    shiftId: integer('shift_id')
      .notNull()
      .references(() => volunteerShifts.id),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('volunteer_signups_key').on(t.shiftId, t.volunteerId), index('volunteer_signups_volunteer_idx').on(t.volunteerId)],
);

/**
 * 服务时长: one piece of a volunteer's time, to the minute — a check-in/check-out pair scanned at
 * the venue, a back-filled pair waiting for (or given) approval, or an ordered service done.
 * Pairs of a project are numbered per volunteer and day (China time), 1 to 3, under a unique key:
 * a fourth cannot be stored. Minutes are computed by the database from the two times.
 */
export const volunteerRecords = pgTable(
  'volunteer_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    projectId: integer('project_id').references(() => volunteerProjects.id),
    shiftId: integer('shift_id').references(() => volunteerShifts.id),
    orderId: integer('order_id').references(() => volunteerOrders.id),
    /** The path of the union the time was given for (the project's or the order's), for the roll-up. */
    orgPath: text('org_path').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    pairNo: smallint('pair_no'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    minutes: integer('minutes').generatedAlwaysAs(sql`(floor(extract(epoch from (ended_at - started_at)) / 60))::int`),
    source: text('source', { enum: ['qr', 'backfill', 'order'] }).notNull(),
    status: text('status', { enum: ['open', 'pending', 'valid', 'rejected'] }).notNull(),
    reason: text('reason'),
    createdBy: integer('created_by').references(() => accounts.id),
    reviewedBy: integer('reviewed_by').references(() => accounts.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteer_records_pair_key').on(t.volunteerId, t.projectId, t.day, t.pairNo),
    /** Checked in at one place at a time. */
    uniqueIndex('volunteer_records_one_open_key')
      .on(t.volunteerId)
      .where(sql`${t.status} = 'open'`),
    uniqueIndex('volunteer_records_order_key')
      .on(t.orderId)
      .where(sql`${t.orderId} is not null`),
    index('volunteer_records_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.day),
    index('volunteer_records_volunteer_idx').on(t.volunteerId, t.day),
    index('volunteer_records_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    check('volunteer_records_source_check', sql`${t.source} in ('qr', 'backfill', 'order')`),
    check('volunteer_records_status_check', sql`${t.status} in ('open', 'pending', 'valid', 'rejected')`),
    check('volunteer_records_order_check', sql`(${t.source} = 'order') = (${t.orderId} is not null and ${t.projectId} is null)`),
    check(
      'volunteer_records_pair_check',
      sql`case when ${t.source} = 'order' or ${t.status} = 'rejected' then ${t.pairNo} is null else ${t.pairNo} between 1 and 3 end`,
    ),
    check('volunteer_records_open_check', sql`(${t.status} = 'open') = (${t.endedAt} is null)`),
    check(
      'volunteer_records_span_check',
      sql`${t.endedAt} is null or (${t.endedAt} > ${t.startedAt} and ${t.endedAt} - ${t.startedAt} <= interval '24 hours')`,
    ),
    check('volunteer_records_review_check', sql`${t.status} not in ('valid', 'rejected') or ${t.source} <> 'backfill' or ${t.reviewedBy} is not null`),
  ],
);

/** 三单制: a service ordered by a worker or a union, dispatched to a team, accepted by a volunteer, done, rated. */
export const volunteerOrders = pgTable(
  'volunteer_orders',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The union handling it (the worker's own union when a worker orders). */
    orgPath: text('org_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    place: text('place').notNull(),
    wantedOn: date('wanted_on', { mode: 'string' }).notNull(),
    /** The worker who ordered (null when the union ordered, then `ordered_by` is the staff account). */
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
    orderedBy: integer('ordered_by').references(() => accounts.id),
    status: text('status', { enum: ['ordered', 'dispatched', 'accepted', 'done', 'rated', 'declined', 'cancelled'] })
      .notNull()
      .default('ordered'),
    teamId: integer('team_id').references(() => volunteerTeams.id),
    dispatchedBy: integer('dispatched_by').references(() => accounts.id),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    volunteerId: integer('volunteer_id').references(() => volunteers.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    note: text('note'),
    rating: smallint('rating'),
    comment: text('comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_orders_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops'), t.status),
    index('volunteer_orders_team_idx')
      .on(t.teamId)
      .where(sql`${t.status} = 'dispatched'`),
    index('volunteer_orders_person_idx').on(t.personId),
    index('volunteer_orders_volunteer_idx').on(t.volunteerId),
    check('volunteer_orders_kind_check', sql`${t.kind} in ${KINDS_SQL}`),
    check('volunteer_orders_by_check', sql`${t.personId} is not null or ${t.orderedBy} is not null`),
    check(
      'volunteer_orders_flow_check',
      sql`case ${t.status}
            when 'ordered' then ${t.teamId} is null and ${t.volunteerId} is null
            when 'dispatched' then ${t.teamId} is not null and ${t.volunteerId} is null
            when 'accepted' then ${t.teamId} is not null and ${t.volunteerId} is not null and ${t.endedAt} is null
            when 'done' then ${t.volunteerId} is not null and ${t.endedAt} is not null and ${t.rating} is null
            when 'rated' then ${t.volunteerId} is not null and ${t.endedAt} is not null and ${t.rating} between 1 and 5
            when 'declined' then ${t.declineReason} is not null and ${t.volunteerId} is null
            else ${t.volunteerId} is null end`,
    ),
    check('volunteer_orders_span_check', sql`${t.endedAt} is null or ${t.endedAt} > ${t.startedAt}`),
  ],
);

/** 志愿服务记录证明: the valid time of a period, as issued; anyone can check it by its code. */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    records: integer('records').notNull(),
    issuedBy: integer('issued_by').references(() => accounts.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('volunteer_certificates_code_key').on(t.code),
    index('volunteer_certificates_volunteer_idx').on(t.volunteerId),
    index('volunteer_certificates_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('volunteer_certificates_period_check', sql`${t.periodTo} >= ${t.periodFrom}`),
    check('volunteer_certificates_revoke_check', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
  ],
);
