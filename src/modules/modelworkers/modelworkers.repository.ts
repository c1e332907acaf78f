/**
 * Every query of 劳模关爱 about people: the register (persons with an honour in force, seen through
 * the subtree of their union), a model worker's honours, status history, care profile and care
 * timeline, and the facts the priority list is computed from.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../server/db.ts';
import { pathInScope, type Scope } from '../../server/scope.ts';
import { modelWorkerCareRecords, modelWorkerHonours, modelWorkerProfiles, modelWorkerStatuses } from './modelworkers.schema.ts';
import { HONOUR_LEVELS, VISIT_KINDS, type HonourLevel, type ListModelWorkersQuery, type MwStatus } from './modelworkers.contract.ts';

const LEVELS = sql.raw(`array[${HONOUR_LEVELS.map((l) => `'${l}'`).join(',')}]::text[]`);
const VISITS = sql.raw(`array[${VISIT_KINDS.map((k) => `'${k}'`).join(',')}]::text[]`);

/**
 * The status of `p` today: the latest recorded change, else the registry's work status (退休 or
 * 内退 reads as 退休, anything else as 在职).
 */
const STATUS = sql`coalesce((select s.status from model_worker_statuses s where s.person_id = p.id order by s.since desc, s.id desc limit 1),
                            case when p.work_status in ('retired', 'early_retired') then 'retired' else 'working' end)`;
const IN_FORCE = (extra: SQL = sql``) => sql`exists (select 1 from model_worker_honours h where h.person_id = p.id and h.revoked_on is null${extra})`;
const HONOURS_JSON = sql`(select json_agg(json_build_object('level', h.level, 'year', h.year) order by array_position(${LEVELS}, h.level), h.year)
                            from model_worker_honours h where h.person_id = p.id and h.revoked_on is null)`;

export interface PersonRow {
  id: number;
  name: string;
  sex: 'male' | 'female';
  birth_date: string;
  id_masked: string;
  phone_masked: string | null;
  address: string | null;
  org_id: number;
  org_name: string;
  org_path: string;
  tags: string[] | string;
  /** Today's status (see STATUS). */
  status: MwStatus;
}

/** A person of the scope (any person: the page of one without honours offers to record the first). */
export async function personInScope(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await queryRows<PersonRow>(
    db,
    sql`select p.id::int as id, p.name, p.sex, p.birth_date::text as birth_date, p.id_masked, p.phone_masked, p.address, p.org_id, o.name as org_name,
               o.path as org_path, p.tags, ${STATUS} as status
          from persons p join orgs o on o.id = p.org_id
         where p.id = ${id} and p.status = 'active' and ${pathInScope(scope, sql`o.path`)}`,
  );
  return row;
}

/** Locks the person's row: changes to one model worker's honours and statuses take turns. */
export async function lockPerson(db: DbOrTx, id: number) {
  await queryRows(db, sql`select id from persons where id = ${id} for update`);
}

// ---- the register ----

export interface RegisterRow {
  id: number;
  name: string;
  sex: 'male' | 'female';
  birth_date: string;
  id_masked: string;
  org_id: number;
  org_name: string;
  honours: { level: HonourLevel; year: number }[] | null;
  with_benefits: boolean;
  status: MwStatus;
}

function registerWhere(scope: Scope, q: Omit<ListModelWorkersQuery, 'page' | 'pageSize'>) {
  const parts: SQL[] = [sql`p.status = 'active'`, pathInScope(scope, sql`o.path`), IN_FORCE(q.level ? sql` and h.level = ${q.level}` : sql``)];
  if (q.q) {
    const like = `%${q.q.toLowerCase()}%`;
    parts.push(sql`(p.name like ${`%${q.q}%`} or p.name_pinyin like ${like} or p.name_initials like ${like} or p.id_last4 = ${q.q})`);
  }
  if (q.status) parts.push(sql`${STATUS} = ${q.status}`);
  return sql.join(parts, sql` and `);
}

const registerSelect = sql`select p.id::int as id, p.name, p.sex, p.birth_date::text as birth_date, p.id_masked, p.org_id, o.name as org_name,
                                  ${HONOURS_JSON} as honours,
                                  exists (select 1 from model_worker_honours h where h.person_id = p.id and h.revoked_on is null and h.with_benefits) as with_benefits,
                                  ${STATUS} as status
                             from persons p join orgs o on o.id = p.org_id`;
const registerOrder = sql`order by (select min(array_position(${LEVELS}, h.level)) from model_worker_honours h where h.person_id = p.id and h.revoked_on is null),
                                   p.name_pinyin, p.id`;

export async function listRegister(db: DbOrTx, scope: Scope, q: ListModelWorkersQuery) {
  const where = registerWhere(scope, q);
  const [rows, [count]] = await Promise.all([
    queryRows<RegisterRow>(db, sql`${registerSelect} where ${where} ${registerOrder} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from persons p join orgs o on o.id = p.org_id where ${where}`),
  ]);
  return { rows, total: count!.n };
}

/** The whole register of the filters (the export), at most `max` rows, with each honour's certificate and awarding body. */
export function registerForExport(db: DbOrTx, scope: Scope, q: Omit<ListModelWorkersQuery, 'page' | 'pageSize'>, max: number) {
  return queryRows<RegisterRow & { details: { level: HonourLevel; year: number; body: string; no: string | null; benefits: boolean }[] | null }>(
    db,
    sql`select r.*, (select json_agg(json_build_object('level', h.level, 'year', h.year, 'body', h.awarding_body, 'no', h.certificate_no, 'benefits', h.with_benefits)
                                     order by array_position(${LEVELS}, h.level), h.year)
                       from model_worker_honours h where h.person_id = r.id and h.revoked_on is null) as details
          from (${registerSelect} where ${registerWhere(scope, q)} ${registerOrder} limit ${max}) r`,
  );
}

// ---- honours ----

export interface HonourRow {
  id: number;
  person_id: number;
  level: HonourLevel;
  year: number;
  awarding_body: string;
  certificate_no: string | null;
  with_benefits: boolean;
  note: string | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  created_at: Date | string;
}

const honourSelect = sql`select h.id, h.person_id::int as person_id, h.level, h.year, h.awarding_body, h.certificate_no, h.with_benefits, h.note,
                                h.revoked_on::text as revoked_on, h.revoke_reason, h.created_at
                           from model_worker_honours h`;

export function honoursOf(db: DbOrTx, personId: number) {
  return queryRows<HonourRow>(
    db,
    sql`${honourSelect} where h.person_id = ${personId} order by h.revoked_on nulls first, array_position(${LEVELS}, h.level), h.year, h.id`,
  );
}

export async function honourOf(db: DbOrTx, personId: number, honourId: number) {
  const [row] = await queryRows<HonourRow>(db, sql`${honourSelect} where h.id = ${honourId} and h.person_id = ${personId} for update`);
  return row;
}

/** Whether another honour of `level` carries this certificate number (its holder is not named: they may be outside the caller's scope). */
export async function certificateTaken(db: DbOrTx, level: HonourLevel, certificateNo: string, exceptId: number | null) {
  const rows = await queryRows(
    db,
    sql`select 1 from model_worker_honours where level = ${level} and certificate_no = ${certificateNo} and id is distinct from ${exceptId} limit 1`,
  );
  return rows.length > 0;
}

export type HonourInsert = typeof modelWorkerHonours.$inferInsert;

export async function insertHonour(db: DbOrTx, row: HonourInsert) {
  const [r] = await db.insert(modelWorkerHonours).values(row).returning({ id: modelWorkerHonours.id });
  return r!.id;
}

/** Many honours at once (the import), in the order given. */
export async function insertHonours(db: DbOrTx, rows: HonourInsert[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(modelWorkerHonours).values(rows.slice(i, i + 500));
}

export async function updateHonour(
  db: DbOrTx,
  id: number,
  set: Pick<HonourInsert, 'level' | 'year' | 'awardingBody' | 'certificateNo' | 'withBenefits' | 'note'> | Pick<HonourInsert, 'revokedOn' | 'revokeReason'>,
) {
  await db
    .update(modelWorkerHonours)
    .set(set)
    .where(sql`${modelWorkerHonours.id} = ${id}`);
}

/** The honours the import names that already exist: `personId|level|year` keys, and the certificate numbers taken, `level|number`. */
export async function existingHonours(db: DbOrTx, personIds: number[], certificates: { level: string; no: string }[]) {
  const [own, taken] = await Promise.all([
    personIds.length
      ? queryRows<{ key: string }>(
          db,
          sql`select person_id::text || '|' || level || '|' || year::text as key from model_worker_honours where person_id = any(${`{${personIds.join(',')}}`}::bigint[])`,
        )
      : [],
    certificates.length
      ? queryRows<{ key: string }>(
          db,
          sql`select level || '|' || certificate_no as key from model_worker_honours
               where (level, certificate_no) in (select * from unnest(${toArray(certificates.map((c) => c.level))}::text[], ${toArray(certificates.map((c) => c.no))}::text[]))`,
        )
      : [],
  ]);
  return { own: new Set(own.map((r) => r.key)), taken: new Set(taken.map((r) => r.key)) };
}

/** The people of the scope with these ID keys (blind index), with their name and union. */
export function personsByIdIndex(db: DbOrTx, scope: Scope, bidx: string[]) {
  if (!bidx.length) return Promise.resolve([]);
  return queryRows<{ id: number; name: string; org_id: number; bidx: string }>(
    db,
    sql`select p.id::int as id, p.name, p.org_id, p.id_number_bidx as bidx from persons p join orgs o on o.id = p.org_id
         where p.status = 'active' and p.id_number_bidx = any(${toArray(bidx)}::text[]) and ${pathInScope(scope, sql`o.path`)}`,
  );
}

// ---- statuses ----

export interface StatusRow {
  id: number;
  status: MwStatus;
  since: string;
  note: string | null;
  by: string | null;
  at: Date | string;
}

export function statusesOf(db: DbOrTx, personId: number) {
  return queryRows<StatusRow>(
    db,
    sql`select s.id, s.status, s.since::text as since, s.note, coalesce(a.display_name, a.username) as by, s.created_at as at
          from model_worker_statuses s left join accounts a on a.id = s.created_by
         where s.person_id = ${personId} order by s.since desc, s.id desc`,
  );
}

export async function insertStatus(db: DbOrTx, row: typeof modelWorkerStatuses.$inferInsert) {
  const [r] = await db.insert(modelWorkerStatuses).values(row).returning({ id: modelWorkerStatuses.id });
  return r!.id;
}

// ---- the care profile ----

export interface ProfileRow {
  living_alone: boolean;
  disability: 'none' | 'disabled' | 'semi_incapacitated' | 'incapacitated';
  illness: string | null;
  note: string | null;
  updated_at: Date | string;
}

export async function profileOf(db: DbOrTx, personId: number) {
  const [row] = await queryRows<ProfileRow>(
    db,
    sql`select living_alone, disability, illness, note, updated_at from model_worker_profiles where person_id = ${personId}`,
  );
  return row;
}

export async function upsertProfile(db: DbOrTx, row: typeof modelWorkerProfiles.$inferInsert) {
  await db
    .insert(modelWorkerProfiles)
    .values(row)
    .onConflictDoUpdate({
      target: modelWorkerProfiles.personId,
      set: { livingAlone: row.livingAlone, disability: row.disability, illness: row.illness, note: row.note, updatedBy: row.updatedBy, updatedAt: sql`now()` },
    });
}

// ---- care records ----

export interface CareRow {
  id: number;
  kind: string;
  on: string;
  place: string | null;
  visitors: string | null;
  detail: string | null;
  amount_fen: number | string | null;
  org: string;
  case_id: number | null;
  case_no: string | null;
  case_status: string | null;
  campaign_id: number | null;
  campaign: string | null;
  by: string | null;
}

/**
 * The person's care timeline, newest first: the module's own records, and the care campaigns'
 * hand-outs to them (慰问活动, read from the campaign's ledger: not reversed), as the scope sees them.
 */
export function careOf(db: DbOrTx, scope: Scope, personId: number) {
  return queryRows<CareRow>(
    db,
    sql`select * from (
          select r.id, r.kind, r."on"::text as "on", r.place, r.visitors, r.detail, r.amount_fen, o.name as org,
                 c.id as case_id, c.case_no, c.status as case_status, null::int as campaign_id, null::text as campaign, coalesce(a.display_name, a.username) as by
            from model_worker_care_records r join orgs o on o.id = r.org_id
            left join hardship_cases c on c.id = r.hardship_case_id left join accounts a on a.id = r.created_by
           where r.person_id = ${personId}
          union all
          select d.id::int, 'campaign', d."on"::text, null, null, pk.name, d.amount_fen, o.name, null, null, null, cp.id, cp.name, coalesce(a.display_name, a.username)
            from disbursement_lines d join campaigns cp on cp.id = d.campaign_id join campaign_packages pk on pk.id = d.package_id
            join orgs o on o.id = d.org_id left join accounts a on a.id = d.handled_by
           where d.person_id = ${personId} and d.kind = 'issue' and ${pathInScope(scope, sql`d.org_path`)}
             and not exists (select 1 from disbursement_lines x where x.reverses_line_id = d.id)
        ) t order by t."on" desc, t.id desc`,
  );
}

export async function insertCare(db: DbOrTx, row: typeof modelWorkerCareRecords.$inferInsert) {
  const [r] = await db.insert(modelWorkerCareRecords).values(row).returning({ id: modelWorkerCareRecords.id });
  return r!.id;
}

/** The person's hardship files in the scope — theirs or their household's — to link special hardship support to. */
export function hardshipCasesOf(db: DbOrTx, scope: Scope, personId: number) {
  return queryRows<{ id: number; case_no: string; status: string }>(
    db,
    sql`select c.id, c.case_no, c.status from hardship_cases c join orgs o on o.id = c.org_id
         where (c.person_id = ${personId} or exists (select 1 from hardship_members m where m.case_id = c.id and m.person_id = ${personId}))
           and ${pathInScope(scope, sql`o.path`)}
         order by c.filed_on desc, c.id desc`,
  );
}

// ---- the priority list ----

export interface CareFactsRow {
  id: number;
  name: string;
  sex: 'male' | 'female';
  birth_date: string;
  org_id: number;
  org_name: string;
  org_path: string;
  honours: { level: HonourLevel; year: number }[] | null;
  status: MwStatus;
  living_alone: boolean;
  disability: ProfileRow['disability'];
  illness: string | null;
  last_visit: string | null;
  last_hospital: string | null;
}

/** The date of the person's last visit of any kind (a care record that is a visit, or a campaign hand-out). */
const LAST_VISIT = sql`greatest(
    (select max(r."on") from model_worker_care_records r where r.person_id = p.id and r.kind = any(${VISITS})),
    (select max(d."on") from disbursement_lines d where d.person_id = p.id and d.kind = 'issue'
        and not exists (select 1 from disbursement_lines x where x.reverses_line_id = d.id)))::text`;

/**
 * The living model workers of the scope who may be on the priority list — old enough for the
 * lowest age a union may set, disabled or incapacitated, living alone, ill or lately in hospital —
 * with the facts their reasons are read from; `personId` narrows to one.
 */
export function careFacts(db: DbOrTx, scope: Scope, opts: { minAge: number; hospitalSince: string; today: string; personId?: number }) {
  return queryRows<CareFactsRow>(
    db,
    sql`select * from (
          select p.id::int as id, p.name, p.sex, p.birth_date::text as birth_date, p.org_id, o.name as org_name, o.path as org_path,
                 ${HONOURS_JSON} as honours, ${STATUS} as status,
                 coalesce(f.living_alone, false) as living_alone, coalesce(f.disability, 'none') as disability, f.illness,
                 ${LAST_VISIT} as last_visit,
                 (select max(r."on")::text from model_worker_care_records r where r.person_id = p.id and r.kind = 'hospital_visit') as last_hospital
            from persons p join orgs o on o.id = p.org_id left join model_worker_profiles f on f.person_id = p.id
           where p.status = 'active' and ${pathInScope(scope, sql`o.path`)} and ${IN_FORCE()}
             ${opts.personId ? sql`and p.id = ${opts.personId}` : sql``}
             and (p.birth_date <= (${opts.today}::date - make_interval(years => ${opts.minAge}))::date
                  or f.living_alone or f.disability <> 'none' or f.illness is not null
                  or exists (select 1 from model_worker_care_records r where r.person_id = p.id and r.kind = 'hospital_visit' and r."on" >= ${opts.hospitalSince}::date))
        ) t where t.status <> 'deceased'
        order by t.birth_date, t.id`,
  );
}

/** The date of the person's last visit (see LAST_VISIT). */
export async function lastVisitOf(db: DbOrTx, personId: number) {
  const [row] = await queryRows<{ last_visit: string | null }>(db, sql`select ${LAST_VISIT} as last_visit from persons p where p.id = ${personId}`);
  return row?.last_visit ?? null;
}

// ---- figures ----

/** Model workers of the scope by the level of their highest honour in force (living or not). */
export function countByLevel(db: DbOrTx, scope: Scope) {
  return queryRows<{ level: HonourLevel; n: number }>(
    db,
    sql`select lv as level, count(*)::int as n from (
          select (select h.level from model_worker_honours h where h.person_id = p.id and h.revoked_on is null order by array_position(${LEVELS}, h.level) limit 1) as lv
            from persons p join orgs o on o.id = p.org_id where p.status = 'active' and ${pathInScope(scope, sql`o.path`)} and ${IN_FORCE()}
        ) t group by lv`,
  );
}

/** A JS array as one PostgreSQL array literal parameter (works the same on PGlite and node-postgres). */
function toArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
