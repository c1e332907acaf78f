/**
 * 劳模名册 and the model worker's page: who holds an honour in the caller's subtree, filtered by
 * level, status and union; one person's honours, status history, care profile and timeline,
 * allowance ledger and priority reasons; and the priority list staff work through.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { textArray } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf, type Scope } from '../../server/scope.ts';
import { NotFound } from '../../server/errors.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { scopeOfOrg } from '../orgs/index.ts';
import { ageOn } from '../people/index.ts';
import * as repo from './modelworkers.repository.ts';
import * as allowancesRepo from './allowances.repository.ts';
import { PREFILTER, priorityRules, reasonsOf, visitDue } from './priority.ts';
import type {
  CareView,
  HonourView,
  ListModelWorkersQuery,
  ListPriorityQuery,
  ModelWorkerPage,
  ModelWorkerRow,
  ModelWorkerView,
  PriorityPage,
  PriorityRow,
} from './modelworkers.contract.ts';

export const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** The scope of a list: the caller's, or one union's subtree in it (404 outside). */
export async function listScope(db: DbOrTx, actor: Actor, orgId: number | undefined): Promise<Scope> {
  return orgId ? scopeOfOrg(db, actor, orgId, 'orgId') : scopeOf(actor);
}

function presentRow(r: repo.RegisterRow, today: string): ModelWorkerRow {
  return {
    id: r.id,
    name: r.name,
    sex: r.sex,
    age: ageOn(r.birth_date, today),
    idMasked: r.id_masked,
    org: { id: r.org_id, name: r.org_name },
    honours: r.honours ?? [],
    withBenefits: r.with_benefits,
    status: r.status,
  };
}

/** The register: people of the caller's subtree with an honour in force. */
export async function listModelWorkers(db: Db, actor: Actor, q: ListModelWorkersQuery): Promise<ModelWorkerPage> {
  authorize(actor, 'modelworkers:view');
  const scope = await listScope(db, actor, q.orgId);
  const { rows, total } = await repo.listRegister(db, scope, q);
  const today = chinaToday();
  return { items: rows.map((r) => presentRow(r, today)), total, page: q.page, pageSize: q.pageSize };
}

/** The register for its export (same filters, every page, at most `max`). */
export async function modelWorkersForExport(db: Db, actor: Actor, q: Omit<ListModelWorkersQuery, 'page' | 'pageSize'>, max: number) {
  authorize(actor, 'modelworkers:view');
  const scope = await listScope(db, actor, q.orgId);
  const today = chinaToday();
  return (await repo.registerForExport(db, scope, q, max)).map((r) => ({ ...presentRow(r, today), details: r.details ?? [] }));
}

/** A person of the caller's subtree, or 404. */
export async function personOf(db: DbOrTx, actor: Actor, id: number) {
  const p = await repo.personInScope(db, scopeOf(actor), id);
  if (!p) throw new NotFound('职工');
  return p;
}

export function presentHonour(h: repo.HonourRow): HonourView {
  return {
    id: h.id,
    level: h.level,
    year: h.year,
    awardingBody: h.awarding_body,
    certificateNo: h.certificate_no,
    withBenefits: h.with_benefits,
    note: h.note,
    revokedOn: h.revoked_on,
    revokeReason: h.revoke_reason,
    createdAt: iso(h.created_at),
  };
}

function presentCare(c: repo.CareRow): CareView {
  return {
    id: c.id,
    kind: c.kind as CareView['kind'],
    on: c.on,
    place: c.place,
    visitors: c.visitors,
    detail: c.detail,
    amountFen: c.amount_fen === null ? null : Number(c.amount_fen),
    org: c.org,
    hardshipCase: c.case_id ? { id: c.case_id, caseNo: c.case_no!, status: c.case_status! } : null,
    campaign: c.campaign_id ? { id: c.campaign_id, name: c.campaign! } : null,
    by: c.by,
  };
}

/** The model worker's page. A person of the subtree without honours is shown too, so the first can be recorded. */
export async function getModelWorker(db: Db, actor: Actor, id: number): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:view');
  const scope = scopeOf(actor);
  const p = await personOf(db, actor, id);
  const today = chinaToday();
  const [honours, statuses, profile, care, lines, cases, facts, lastVisit] = [
    await repo.honoursOf(db, id),
    await repo.statusesOf(db, id),
    await repo.profileOf(db, id),
    await repo.careOf(db, scope, id),
    await allowancesRepo.linesOfPerson(db, id),
    await repo.hardshipCasesOf(db, scope, id),
    await repo.careFacts(db, scope, { minAge: PREFILTER.minAge, hospitalSince: addDays(today, -PREFILTER.maxVisitDays), today, personId: id }),
    await repo.lastVisitOf(db, id),
  ];
  const rules = await priorityRules(db, today)(p.org_path);
  const fact = facts[0];
  const latest = statuses[0];
  return {
    id: p.id,
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    age: ageOn(p.birth_date, today),
    idMasked: p.id_masked,
    phoneMasked: p.phone_masked,
    address: p.address,
    org: { id: p.org_id, name: p.org_name },
    tags: textArray(p.tags),
    status: { status: p.status, since: latest?.since ?? null, fromRegistry: !latest },
    statuses: statuses.map((s) => ({ id: s.id, status: s.status, since: s.since, note: s.note, by: s.by, at: iso(s.at) })),
    honours: honours.map(presentHonour),
    profile: profile
      ? { livingAlone: profile.living_alone, disability: profile.disability, illness: profile.illness, note: profile.note, updatedAt: iso(profile.updated_at) }
      : { livingAlone: false, disability: 'none', illness: null, note: null, updatedAt: null },
    care: care.map(presentCare),
    allowances: lines.map((l) => ({
      id: l.id,
      runId: l.run_id,
      kind: l.kind,
      period: l.period,
      level: l.level,
      amountFen: Number(l.amount_fen),
      state: l.state,
      paidOn: l.paid_on,
      org: l.org,
    })),
    reasons: fact ? reasonsOf(fact, rules, today) : [],
    lastVisitOn: lastVisit,
    hardshipCases: cases.map((c) => ({ id: c.id, caseNo: c.case_no, status: c.status })),
    can: { manage: can(actor, 'modelworkers:manage') },
  };
}

/** Everyone on the priority list of a scope, with the reasons and whether a visit is due, oldest first. */
export async function priorityRows(db: DbOrTx, scope: Scope, today = chinaToday()): Promise<PriorityRow[]> {
  const facts = await repo.careFacts(db, scope, { minAge: PREFILTER.minAge, hospitalSince: addDays(today, -PREFILTER.maxVisitDays), today });
  const rulesAt = priorityRules(db, today);
  const out: PriorityRow[] = [];
  for (const f of facts) {
    const rules = await rulesAt(f.org_path);
    const reasons = reasonsOf(f, rules, today);
    if (!reasons.length) continue;
    out.push({
      id: f.id,
      name: f.name,
      age: ageOn(f.birth_date, today),
      sex: f.sex,
      org: { id: f.org_id, name: f.org_name },
      honours: f.honours ?? [],
      status: f.status,
      reasons,
      lastVisitOn: f.last_visit,
      visitDays: rules.visitDays,
      due: visitDue(f.last_visit, rules, today),
    });
  }
  return out;
}

/** The priority list staff work through: by default those due a visit. */
export async function listPriority(db: Db, actor: Actor, q: ListPriorityQuery): Promise<PriorityPage> {
  authorize(actor, 'modelworkers:view');
  const scope = await listScope(db, actor, q.orgId);
  const rows = (await priorityRows(db, scope)).filter((r) => (q.due === '0' || r.due) && (!q.reason || r.reasons.some((x) => x.code === q.reason)));
  return { items: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: rows.length, page: q.page, pageSize: q.pageSize };
}

/**
 * A person of `scope` as a model worker — the honours in force, the status, why they are a priority
 * for care — or null when they hold no honour (for other modules: the retrofits' 一户一策 plans).
 */
export async function modelWorkerFacts(db: DbOrTx, scope: Scope, personId: number) {
  const p = await repo.personInScope(db, scope, personId);
  if (!p) return null;
  const honours = (await repo.honoursOf(db, personId)).filter((h) => !h.revoked_on);
  if (!honours.length) return null;
  const today = chinaToday();
  const [fact] = await repo.careFacts(db, scope, { minAge: PREFILTER.minAge, hospitalSince: addDays(today, -PREFILTER.maxVisitDays), today, personId });
  const rules = await priorityRules(db, today)(p.org_path);
  return {
    personId,
    name: p.name,
    honours: honours.map((h) => ({ level: h.level, year: h.year, withBenefits: h.with_benefits })),
    status: p.status,
    reasons: fact ? reasonsOf(fact, rules, today) : [],
  };
}
