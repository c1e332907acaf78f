/**
 * 互助保障 for the signed-in worker (职工端): the plans they may join themselves, joining under the
 * same rules as the union's enrolment (the plan's audience, once per plan and period — the unique
 * key), their cover and claims, a claim sent with photos of the plan's documents through the same
 * intake as the counter's (it enters the union's queue at 受理, marked 职工申请), and an appeal of a
 * refused claim. Everything is read by the worker's own person: another's record is not found.
 */
import type { Actor } from '../../server/actor.ts';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { reachOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, TooManyRequests } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import type { ReceivedPart } from '../../server/uploads.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { EMPLOYMENT_FORM_LABELS, SEX_LABELS } from '../people/people.contract.ts';
import * as repo from './mutualaid.repository.ts';
import * as mine from './worker.repository.ts';
import { MEMBERSHIP_FILTER_LABELS } from '../people/eligibility.contract.ts';
import { CLAIM_STATUS_LABELS, DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, type DocumentKind, type EligibilityRule } from './mutualaid.contract.ts';
import {
  CLAIM_FACTS,
  FACT_OF_PART,
  MAX_CLAIMS_PER_DAY,
  MAX_CLAIM_PHOTOS,
  type MyClaim,
  type MyCover,
  type MyEnrolment,
  type WorkerClaimInput,
  type WorkerPlan,
} from './worker.contract.ts';
import { certificateNo, enrolTerms } from './enrolment.service.ts';
import { intakeClaim, reopenOnAppeal, sniffScan } from './claims.service.ts';
import { periodOf, ruleScopes } from './plans.service.ts';
import { describeFormula } from './payout.ts';
import { renderCertificate } from './certificate.pdf.ts';

/** A worker who is in the registry (requireRegisteredWorker). */
export type RegisteredWorker = WorkerActor & { personId: number };

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const y = (fen: number) => `${yuan(fen)}元`;

/** The worker as the audit log names them: no staff account, their masked phone, their union. */
function workerAuditActor(w: WorkerActor, p: mine.Member): Actor {
  return {
    accountId: null,
    username: `职工 ${w.phoneMasked}`,
    orgId: p.org_id,
    orgPath: p.org_path,
    roles: [],
    permissions: new Set(),
    sessionId: null,
    ip: w.ip,
  };
}

async function memberOf(db: DbOrTx, w: RegisteredWorker) {
  const p = await mine.member(db, w.personId);
  if (!p) throw new NotFound('职工档案');
  return p;
}

/** A plan's audience in words, for the worker told they are outside it. */
function audienceWords(r: EligibilityRule) {
  const parts: string[] = [];
  if (r.employmentForms.length) parts.push(`用工形式为${r.employmentForms.map((f) => EMPLOYMENT_FORM_LABELS[f]).join('或')}`);
  if (r.sex) parts.push(`限${SEX_LABELS[r.sex]}职工`);
  if (r.ageMin !== null || r.ageMax !== null) parts.push(`年龄${r.ageMin ?? 0}至${r.ageMax ?? 120}岁`);
  if (r.membership !== 'any') parts.push(MEMBERSHIP_FILTER_LABELS[r.membership]);
  if (r.occupations.length) parts.push('限指定职业');
  if (r.tagsAny.length) parts.push('限指定人群');
  if (r.orgIds.length) parts.push('限指定单位');
  return parts.join('，') || '在职职工';
}

/** Whether the plan's audience takes the person today (an inactive record never). */
async function inAudience(db: DbOrTx, g: repo.PlanRow, p: mine.Member, day: string) {
  if (p.status !== 'active') return false;
  const scopes = await ruleScopes(db, null, { path: g.org_path }, [g.audience]);
  const { matching } = await repo.audienceCheck(db, reachOf({ path: g.org_path }), g.audience, scopes, day, g.id, periodOf(g), [p.id]);
  return matching.has(p.id);
}

function presentEnrolment(e: mine.MyEnrolmentRow): MyEnrolment {
  return {
    id: e.id,
    planId: e.plan_id,
    planName: e.plan_name,
    planKind: e.plan_kind,
    orgName: e.plan_org,
    certificateNo: certificateNo(e),
    period: e.period,
    gifted: e.gifted,
    payer: e.payer,
    contributionFen: Number(e.contribution_fen),
    contributionDue: e.payer === 'self' && e.paid_on === null && Number(e.contribution_fen) > 0,
    coverFrom: e.cover_from,
    coverTo: e.cover_to,
    requiredDocuments: e.required_documents,
    claimDeadlineDays: e.claim_deadline_days,
    formulaText: describeFormula(e.formula),
    facts: CLAIM_FACTS.filter((f) => e.formula.parts.some((p) => FACT_OF_PART[p.type] === f)),
  };
}

async function presentClaim(db: DbOrTx, c: repo.ClaimRow): Promise<MyClaim> {
  const [counts, steps] = await Promise.all([repo.documentCounts(db, c.id), repo.stepsOf(db, c.id)]);
  const files = new Map(counts.map((d) => [d.kind, d.n]));
  const kinds = DOCUMENT_KINDS.filter((k) => files.has(k) || c.documents.includes(k));
  return {
    id: c.id,
    claimNo: c.claim_no,
    enrolmentId: c.enrolment_id,
    planName: c.plan_name,
    source: c.source,
    eventDate: c.event_date,
    admittedOn: c.admitted_on,
    dischargedOn: c.discharged_on,
    status: c.status,
    claimedFen: Number(c.claimed_fen),
    computedFen: Number(c.computed_fen),
    approvedFen: c.approved_fen === null ? null : Number(c.approved_fen),
    paidFen: c.paid_fen === null ? null : Number(c.paid_fen),
    explanation: c.explanation,
    rejectReason: c.reject_reason,
    appealReason: c.appeal_reason,
    documents: kinds.map((kind) => ({ kind, files: files.get(kind) ?? 0 })),
    steps: steps.map((s) => ({ action: s.action, at: iso(s.at) })),
    canAppeal: c.status === 'rejected',
    createdAt: iso(c.created_at),
  };
}

/** 可参加的保障: open self-enrolment plans of the unions at or above the worker's whose audience takes them, or that cover them already. */
export async function workerPlans(db: Db, w: RegisteredWorker): Promise<WorkerPlan[]> {
  const p = await memberOf(db, w);
  const today = chinaToday();
  const enrolments = await mine.enrolmentsOf(db, w.personId);
  const out: WorkerPlan[] = [];
  for (const g of await mine.selfEnrolPlans(db, w.personId)) {
    if (g.term_end <= today) continue;
    const enrolment = enrolments.find((e) => e.plan_id === g.id && e.period === periodOf(g));
    if (!enrolment && !(await inAudience(db, g, p, today))) continue;
    const terms = enrolTerms(g, 0, false, today);
    out.push({
      id: g.id,
      name: g.name,
      kind: g.kind,
      orgName: g.org_name,
      termStart: g.term_start,
      termEnd: g.term_end,
      period: periodOf(g),
      contributionFen: Number(g.contribution_fen),
      waitingDays: g.waiting_days,
      coverFromIfToday: terms.coverFrom,
      exclusions: g.exclusions,
      formulaText: describeFormula(g.formula),
      requiredDocuments: g.required_documents,
      claimDeadlineDays: g.claim_deadline_days,
      enrolment: enrolment ? presentEnrolment(enrolment) : null,
    });
  }
  return out;
}

/**
 * 自行参保: the worker joins an open plan that takes self-enrolment, under the same rules as the
 * union's enrolment — in the plan's audience, once per plan and period (the unique key holds it
 * against a double tap). The contribution is the worker's, recorded as due (a batch of one, not
 * paid yet). Refused with the reason, nothing written.
 */
export async function workerEnrol(db: Db, w: RegisteredWorker, planId: number): Promise<MyEnrolment> {
  const id = await db.transaction(async (tx) => {
    const p = await memberOf(tx, w);
    const [g] = await mine.selfEnrolPlans(tx, w.personId, planId, true);
    if (!g) throw new NotFound('保障计划');
    const today = chinaToday();
    if (g.term_end <= today) throw new Conflict(`“${g.name}”的保障期已结束，不能参保`);
    const period = periodOf(g);
    const already = (await mine.enrolmentsOf(tx, w.personId)).find((e) => e.plan_id === g.id && e.period === period);
    if (already) throw new Conflict(`您已参加“${g.name}”${period} 年度保障（凭证号 ${certificateNo(already)}），不能重复参保`);
    if (!(await inAudience(tx, g, p, today))) throw new Conflict(`您不符合“${g.name}”的参保条件（${audienceWords(g.audience)}），不能参保`);
    const batchId = await repo.insertBatch(tx, {
      planId: g.id,
      orgId: p.org_id,
      source: 'self',
      payer: 'self',
      persons: 0,
      amountFen: 0,
      paidOn: null,
      note: '职工在职工端自行参保，缴费待收',
      createdBy: null,
    });
    const terms = enrolTerms(g, batchId, false, today);
    await repo.insertEnrolments(tx, terms, [{ personId: p.id, orgId: p.org_id, occupation: p.occupation, employer: p.employer_name }]);
    const totals = await repo.settleBatch(tx, batchId);
    const [e] = (await mine.enrolmentsOf(tx, w.personId)).filter((x) => x.plan_id === g.id && x.period === period);
    await recordAudit(tx, workerAuditActor(w, p), {
      action: 'mutualaid.worker_enrol',
      entity: 'mutualaid_plan',
      entityId: g.id,
      orgId: p.org_id,
      summary: `${p.name}在职工端参加“${g.name}”，保障自 ${terms.coverFrom} 起，应缴 ${y(totals.amountFen)}（待收）`,
      after: { batchId, enrolmentId: e!.id },
    });
    return e!.id;
  });
  return presentEnrolment((await mine.enrolmentsOf(db, w.personId, id))[0]!);
}

/** 我的保障: the worker's enrolments (certificates) and claims, newest first. */
export async function myCover(db: Db, w: RegisteredWorker): Promise<MyCover> {
  const [enrolments, claims] = await Promise.all([mine.enrolmentsOf(db, w.personId), mine.claimsOf(db, w.personId)]);
  return { enrolments: enrolments.map(presentEnrolment), claims: await Promise.all(claims.map((c) => presentClaim(db, c))) };
}

/** 下载保障凭证: the worker's own enrolment only (another's is not found). */
export async function myCertificate(db: Db, w: RegisteredWorker, enrolmentId: number) {
  const [e] = await mine.enrolmentsOf(db, w.personId, enrolmentId);
  if (!e) throw new NotFound('参保记录');
  return renderCertificate(e, certificateNo(e), chinaToday());
}

export const PHOTO_ONLY = '只能上传照片（JPG 或 PNG 格式）';

/** Seconds until midnight in China: when the day's count of claims starts again. */
const untilTomorrow = () => {
  const now = Date.now() + 8 * 3600_000;
  return Math.max(60, Math.ceil((86_400_000 - (now % 86_400_000)) / 1000));
};

/**
 * 提交申请: a claim under one of the worker's enrolments, with photos of the documents, each
 * under its kind; the documents the plan requires are those with a photo. The counter's intake
 * decides (outside the cover or in the waiting period, late, a document missing, an invoice
 * claimed already: refused with the same words, nothing written); the claim enters the union's
 * queue at 受理, filed by the worker.
 */
export async function fileClaim(deps: { db: Db; cipher: FieldCipher }, w: RegisteredWorker, input: WorkerClaimInput, photos: ReceivedPart[]) {
  const { db, cipher } = deps;
  const id = await db.transaction(async (tx) => {
    const p = await memberOf(tx, w);
    const [e] = await mine.enrolmentsOf(tx, w.personId, input.enrolmentId, true);
    if (!e) throw new NotFound('参保记录', 'enrolmentId');
    if ((await mine.filedOn(tx, w.personId, chinaToday())) >= MAX_CLAIMS_PER_DAY)
      throw new TooManyRequests(`每天最多在职工端提交 ${MAX_CLAIMS_PER_DAY} 份互助金申请，请明天再提交或联系所在工会`, untilTomorrow());
    if (photos.length > MAX_CLAIM_PHOTOS) throw Invalid.field('file', `每份申请最多上传 ${MAX_CLAIM_PHOTOS} 张照片`);
    const scans: { kind: DocumentKind; filename: string; mime: string; data: Buffer }[] = [];
    for (const f of photos) {
      if (!(DOCUMENT_KINDS as readonly string[]).includes(f.field))
        throw Invalid.field('file', `照片的材料类型不正确，应为：${DOCUMENT_KINDS.map((k) => DOCUMENT_KIND_LABELS[k]).join('、')}`);
      const mime = sniffScan(f.data);
      if (mime !== 'image/jpeg' && mime !== 'image/png') throw Invalid.field('file', `${DOCUMENT_KIND_LABELS[f.field as DocumentKind]}：${PHOTO_ONLY}`);
      scans.push({ kind: f.field as DocumentKind, filename: f.filename, mime, data: f.data });
    }
    const documents = DOCUMENT_KINDS.filter((k) => scans.some((s) => s.kind === k));
    const { claimId, claimNo, plan, flags, payout } = await intakeClaim(tx, cipher, e, { ...input, documents }, { source: 'worker', workerId: w.workerId });
    for (const [i, s] of scans.entries()) {
      await repo.insertDocument(tx, {
        claimId,
        kind: s.kind,
        fileName: s.filename.slice(0, 100) || `${DOCUMENT_KIND_LABELS[s.kind]}-${i + 1}.${s.mime === 'image/png' ? 'png' : 'jpg'}`,
        mime: s.mime,
        content: s.data,
        uploadedBy: null,
      });
    }
    await recordAudit(tx, workerAuditActor(w, p), {
      action: 'mutualaid.worker_claim',
      entity: 'mutualaid_claim',
      entityId: claimId,
      orgId: e.org_id,
      summary: `${p.name}在职工端提交互助金申请 ${claimNo}（“${plan.name}”），申请 ${y(input.claimedFen)}，按计划测算 ${y(payout.payableFen)}，照片 ${scans.length} 张${flags.length ? `（${flags.length} 项疑点）` : ''}`,
    });
    return claimId;
  });
  return myClaim(db, w, id);
}

/** One of the worker's claims; another's is not found. */
export async function myClaim(db: DbOrTx, w: RegisteredWorker, id: number): Promise<MyClaim> {
  const [c] = await mine.claimsOf(db, w.personId, id);
  if (!c) throw new NotFound('互助金申请');
  return presentClaim(db, c);
}

/** 申诉: the worker's refused claim goes back to the union's 受理 with their reason (its invoices claimed again, refused if taken since). */
export async function appealMyClaim(db: Db, w: RegisteredWorker, id: number, reason: string): Promise<MyClaim> {
  await db.transaction(async (tx) => {
    const p = await memberOf(tx, w);
    const [c] = await mine.claimsOf(tx, w.personId, id, true);
    if (!c) throw new NotFound('互助金申请');
    if (c.status !== 'rejected') throw new Conflict(`该申请${CLAIM_STATUS_LABELS[c.status]}，只有被驳回的申请可以申诉`);
    const set = await reopenOnAppeal(tx, id, reason);
    await repo.updateClaim(tx, id, { status: 'received', ...set });
    await repo.insertStep(tx, { claimId: id, action: '申诉', by: null, note: `职工在职工端申诉：${reason}` });
    await recordAudit(tx, workerAuditActor(w, p), {
      action: 'mutualaid.worker_appeal',
      entity: 'mutualaid_claim',
      entityId: id,
      orgId: c.org_id,
      summary: `${p.name}在职工端对互助金申请 ${c.claim_no} 提出申诉：${reason}`,
    });
  });
  return myClaim(db, w, id);
}

/** The 互助保障 tile of the worker's home page: claims the union is still handling. */
export async function mutualaidHome(db: DbOrTx, w: WorkerActor): Promise<{ inProgress: number }> {
  return { inProgress: w.personId === null ? 0 : await mine.claimsInProgress(db, w.personId) };
}
