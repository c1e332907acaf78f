/**
 * 参保: enrolment batches — from the registry by rule (the plan's audience, narrowed by the
 * batch's own rule), gifted by the union for whole groups (all couriers of a region; the union
 * pays), or from an employer's list (.xlsx: every row checked, nothing enrolled while any row has
 * a problem). The contribution is computed per person; cover starts after the waiting period.
 * Nobody is enrolled twice in a plan and period: the unique key, a repeat is skipped.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { contains, narrowTo, reachOf, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { dataRows, mapHeader, rowErrors, tooManyRows, type SheetRow } from '../../server/imports.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import { yuanWan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { idIndex } from '../people/index.ts';
import * as repo from './mutualaid.repository.ts';
import * as mine from './worker.repository.ts';
import { renderCertificate } from './certificate.pdf.ts';
import { BATCH_SOURCE_LABELS, ENROL_IMPORT_COLUMNS, PLAN_STATUS_LABELS, type EnrolByRuleInput, type EnrolResult } from './mutualaid.contract.ts';
import { periodOf, planOf, readerScope, ruleScopes } from './plans.service.ts';
import type { z } from '../../shared/contract.ts';
import type { EnrolmentStatsQuery, ListEnrolmentsQuery } from './mutualaid.contract.ts';

const MAX_ROWS = 200_000;

/** The terms every enrolment of a batch shares: cover from the later of the term's start and the enrolment day, after the waiting period. */
export function enrolTerms(g: repo.PlanRow, batchId: number, gifted: boolean, day: string): repo.EnrolTerms {
  const start = day > g.term_start ? day : g.term_start;
  const coverFrom = addDays(start, g.waiting_days);
  return {
    planId: g.id,
    period: periodOf(g),
    batchId,
    gifted,
    contributionFen: Number(g.contribution_fen),
    coverFrom: coverFrom > g.term_end ? g.term_end : coverFrom,
    coverTo: g.term_end,
    yearlyCapFen: g.formula.yearlyCapFen,
  };
}

/** The plan open for enrolment, and the union enrolling: inside both the caller's scope and the plan's reach. */
async function enrolling(db: DbOrTx, actor: Actor, planId: number, orgId: number, lock = false) {
  const g = await planOf(db, actor, planId, lock);
  if (g.status !== 'open') throw new Conflict(`该计划${PLAN_STATUS_LABELS[g.status]}，不能参保`);
  const org = await findOrgInScope(db, actor, orgId, 'orgId');
  if (!contains(reachOf({ path: g.org_path }), org.path)) throw new NotFound('参保工会', 'orgId');
  return { g, org, within: narrowTo(readerScope(actor, g), org.path) };
}

/**
 * 按条件参保 / 工会赠送: everyone of the union's subtree the plan's audience (and the batch's own
 * rule) takes and not yet enrolled, in one statement. Gifted cover is paid by the union.
 */
export async function enrolByRule(db: Db, actor: Actor, planId: number, input: EnrolByRuleInput) {
  authorize(actor, 'mutualaid:manage');
  return db.transaction(async (tx) => {
    const { g, org, within } = await enrolling(tx, actor, planId, input.orgId, true);
    const scopes = await ruleScopes(tx, actor, { path: g.org_path }, [g.audience, input.rule]);
    const source = input.gifted ? 'gift' : 'rule';
    const batchId = await repo.insertBatch(tx, {
      planId,
      orgId: org.id,
      source,
      payer: input.gifted ? 'union' : 'employer',
      persons: 0,
      amountFen: 0,
      paidOn: input.paidOn,
      note: input.note,
      createdBy: actor.accountId,
    });
    const today = chinaToday();
    const n = await repo.enrolMatching(tx, within, g.audience, input.rule, scopes, today, enrolTerms(g, batchId, input.gifted, today));
    if (!n) throw new Conflict('没有可参保的人员：符合计划参保条件的人员均已参保，或本单位没有符合条件的人员');
    const totals = await repo.settleBatch(tx, batchId);
    await recordAudit(tx, actor, {
      action: input.gifted ? 'mutualaid.gift' : 'mutualaid.enrol',
      entity: 'mutualaid_plan',
      entityId: planId,
      orgId: org.id,
      summary: `${BATCH_SOURCE_LABELS[source]}：“${g.name}”${org.name} ${n} 人，缴费 ${yuanWan(totals.amountFen)}`,
      after: { batchId, ...totals, rule: input.rule },
    });
    return { batchId, ...totals };
  });
}

/**
 * 用人单位名单参保 (.xlsx): each row's person must be in the registry of the union's subtree under
 * that name and in the plan's audience; a person already enrolled is skipped; a row repeated in
 * the file is an error. With `apply` and no error, all rows are enrolled in one batch.
 */
export async function enrolFromSheet(
  deps: { db: Db; cipher: FieldCipher },
  actor: Actor,
  planId: number,
  rows: SheetRow[],
  opts: { apply: boolean; orgId: number; paidOn: string },
): Promise<EnrolResult> {
  authorize(actor, 'mutualaid:manage');
  const { db, cipher } = deps;
  const empty = { applied: false, rows: 0, enrolled: 0, skipped: 0, contributionFen: 0, batchId: null };
  const sheet = mapHeader(rows[0]?.cells ?? [], ENROL_IMPORT_COLUMNS);
  if (sheet.errors.length) return { ...empty, errors: sheet.errors };
  const body = dataRows(rows);
  if (body.length > MAX_ROWS) return { ...empty, rows: body.length, errors: [tooManyRows(body.length, MAX_ROWS)] };
  const { g, org, within } = await enrolling(db, actor, planId, opts.orgId);
  const errors = rowErrors(ENROL_IMPORT_COLUMNS);
  const { cell } = sheet;
  const today = chinaToday();

  const spoiled = body.map((r) => sheet.spoiled(r, errors));
  const keys = body.map((r, i) => {
    if (spoiled[i]!.has('idNumber')) return null;
    const parsed = parseIdNumber(cell(r.cells, 'idNumber'), today);
    if (!parsed.ok) errors.add(r.row, 'idNumber', parsed.message);
    return parsed.ok ? idIndex(cipher, parsed.number) : null;
  });
  const found = new Map((await repo.personsByIdIndex(db, within, [...new Set(keys.filter((k): k is string => !!k))])).map((p) => [p.bidx, p]));
  const ids = [...found.values()].map((p) => p.id);
  const scopes = await ruleScopes(db, actor, { path: g.org_path }, [g.audience]);
  const { matching, enrolled } = await repo.audienceCheck(db, within, g.audience, scopes, today, g.id, periodOf(g), ids);

  const seen = new Map<number, number>();
  const planned: { personId: number; orgId: number; occupation: string | null; employer: string | null }[] = [];
  let skipped = 0;
  for (const [i, r] of body.entries()) {
    const key = keys[i];
    const person = key ? found.get(key) : undefined;
    if (key && !person) {
      errors.add(r.row, 'idNumber', `职工档案中没有此人（或不在${org.name}及下级），请先登记职工档案`);
      continue;
    }
    if (!person) continue;
    if (!spoiled[i]!.has('name') && cell(r.cells, 'name') !== person.name) {
      errors.add(r.row, 'name', `姓名与职工档案不一致（档案为“${person.name}”）`);
      continue;
    }
    if (seen.has(person.id)) {
      errors.add(r.row, 'idNumber', `与第 ${seen.get(person.id)} 行是同一人`);
      continue;
    }
    seen.set(person.id, r.row);
    if (!matching.has(person.id)) {
      errors.add(r.row, 'idNumber', `${person.name}不符合“${g.name}”的参保条件，不能参保`);
      continue;
    }
    if (enrolled.has(person.id)) {
      skipped++;
      continue;
    }
    const employer = cell(r.cells, 'employer').slice(0, 100) || person.employer_name;
    planned.push({ personId: person.id, orgId: person.org_id, occupation: person.occupation, employer });
  }
  const contribution = planned.length * Number(g.contribution_fen);
  const result = { rows: body.length, skipped, contributionFen: contribution };
  if (errors.list.length || !opts.apply || !planned.length) {
    return { applied: false, ...result, enrolled: opts.apply ? 0 : planned.length, batchId: null, errors: errors.list.sort((a, b) => a.row - b.row) };
  }
  const employers = [...new Set(planned.map((p) => p.employer).filter(Boolean))];
  const batchId = await db.transaction(async (tx) => {
    const id = await repo.insertBatch(tx, {
      planId,
      orgId: org.id,
      source: 'sheet',
      payer: 'employer',
      employer: employers.length === 1 ? employers[0]! : null,
      persons: 0,
      amountFen: 0,
      paidOn: opts.paidOn,
      createdBy: actor.accountId,
    });
    await repo.insertEnrolments(tx, enrolTerms(g, id, false, today), planned);
    const totals = await repo.settleBatch(tx, id);
    await recordAudit(tx, actor, {
      action: 'mutualaid.enrol_import',
      entity: 'mutualaid_plan',
      entityId: planId,
      orgId: org.id,
      summary: `导入用人单位参保名单：“${g.name}”${org.name} ${totals.persons} 人，缴费 ${yuanWan(totals.amountFen)}，已参保跳过 ${skipped} 人`,
      after: { batchId: id, ...totals, skipped },
    });
    return id;
  });
  return { applied: true, ...result, enrolled: planned.length, batchId, errors: [] };
}

/** The plan an upload is for, found first, so a plan out of reach is not found whatever the file. */
export async function planForUpload(db: Db, actor: Actor, planId: number) {
  authorize(actor, 'mutualaid:manage');
  await planOf(db, actor, planId);
}

export async function listBatches(db: Db, actor: Actor, planId: number, q: { page: number; pageSize: number }) {
  authorize(actor, 'mutualaid:view');
  const g = await planOf(db, actor, planId);
  const { rows, total } = await repo.listBatches(db, readerScope(actor, g), planId, q.page, q.pageSize);
  return {
    items: rows.map(presentBatch),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function presentBatch(b: repo.BatchRow) {
  return {
    id: b.id,
    source: b.source,
    payer: b.payer,
    org: { id: b.org_id, name: b.org_name },
    employer: b.employer,
    persons: b.persons,
    amountFen: Number(b.amount_fen),
    paidOn: b.paid_on,
    createdBy: b.created_by_name,
    createdAt: new Date(b.created_at).toISOString(),
  };
}

/**
 * 登记缴费: a worker who joined a plan on the phone paid the contribution at the union's desk (in
 * cash, by transfer): the day it was paid is recorded once. Only a batch the worker pays for, inside
 * the caller's scope; the update takes it only while it has no day, so two desks cannot both record.
 */
export async function markBatchPaid(db: Db, actor: Actor, batchId: number, paidOn: string) {
  authorize(actor, 'mutualaid:manage');
  return db.transaction(async (tx) => {
    const b = await repo.batchInScope(tx, scopeOf(actor), batchId, true);
    if (!b) throw new NotFound('参保批次');
    if (b.payer !== 'self') throw new Conflict('该批次的保费由用人单位或工会缴纳，无须登记职工缴费');
    if (b.paid_on) throw new Conflict(`该批次已于 ${b.paid_on} 登记缴费`);
    if (paidOn > chinaToday()) throw Invalid.field('paidOn', '缴费日期不能晚于今天');
    if (paidOn < b.created_day) throw Invalid.field('paidOn', `缴费日期不能早于参保日期（${b.created_day}）`);
    if (!(await repo.setBatchPaid(tx, batchId, paidOn))) throw new Conflict('该批次已登记缴费');
    await recordAudit(tx, actor, {
      action: 'mutualaid.batch_paid',
      entity: 'mutualaid_batch',
      entityId: batchId,
      orgId: b.org_id,
      summary: `“${b.plan_name}”职工自行参保的保费已缴：${b.persons} 人，${yuanWan(Number(b.amount_fen))}，缴费日期 ${paidOn}`,
    });
    return presentBatch({ ...b, paid_on: paidOn });
  });
}

/** 保障凭证号: the plan, the period and the enrolment, as printed on the certificate of cover. */
export const certificateNo = (e: { plan_id: number; period: string; id: number }) => `HZBZ-${e.period}-${e.plan_id}-${String(e.id).padStart(8, '0')}`;

/** 打印保障凭证 at the union's desk: an enrolment of a worker inside the caller's subtree. */
export async function enrolmentCertificate(db: Db, actor: Actor, enrolmentId: number) {
  authorize(actor, 'mutualaid:view');
  const e = await mine.enrolmentWithPlanInScope(db, scopeOf(actor), enrolmentId);
  if (!e) throw new NotFound('参保记录');
  return renderCertificate(e, certificateNo(e), chinaToday());
}

export async function listEnrolments(db: Db, actor: Actor, planId: number, q: z.infer<typeof ListEnrolmentsQuery>) {
  authorize(actor, 'mutualaid:view');
  const g = await planOf(db, actor, planId);
  let within = readerScope(actor, g);
  if (q.orgId) within = narrowTo(within, (await findOrgInScope(db, actor, q.orgId, 'orgId')).path);
  const { rows, total } = await repo.listEnrolments(db, within, planId, q);
  return {
    items: rows.map((e) => ({
      id: e.id,
      personId: e.person_id,
      name: e.name,
      idMasked: e.id_masked,
      org: e.org,
      occupation: e.occupation_label,
      employer: e.employer || null,
      gifted: e.gifted,
      contributionFen: Number(e.contribution_fen),
      coverFrom: e.cover_from,
      coverTo: e.cover_to,
      approvedFen: Number(e.approved_fen),
      certificateNo: certificateNo(e),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Enrolled people by occupation and by child union (rolled up), under a union of the caller's subtree. */
export async function enrolmentStats(db: Db, actor: Actor, q: z.infer<typeof EnrolmentStatsQuery>) {
  authorize(actor, 'mutualaid:view');
  const org = await findOrgInScope(db, actor, q.orgId ?? actor.orgId, 'orgId');
  let within = narrowTo(scopeOf(actor), org.path);
  if (q.planId) {
    const g = await planOf(db, actor, q.planId);
    if (!contains(reachOf({ path: g.org_path }), org.path) && !contains(within, g.org_path)) throw new NotFound('保障计划', 'planId');
    within = narrowTo(scopeOf(actor), org.path);
  }
  const s = await repo.enrolmentStats(db, within, q.planId ?? null);
  return {
    org: { id: org.id, name: org.name },
    total: s.total,
    gifted: s.gifted,
    byOccupation: s.byOccupation.map((r) => ({ occupation: r.occupation, label: r.label ?? '未填写职业', persons: r.persons })),
    byUnion: s.byUnion,
  };
}
