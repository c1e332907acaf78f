/**
 * 互助金申请: a claim under an enrolment, with the documents the plan requires, through
 * 受理 → 审核 → 复核 (another person: four eyes, a check beneath) → 审批 → 支付, or 驳回 with a
 * reason and 申诉 back to 受理. The payout is computed from the plan and the person's claims so
 * far; the caps are checked again at approval under the enrolment's row lock (and held by a check
 * on the enrolment). An invoice number already live on another claim is refused; one a refused
 * claim used, and hospital stays that overlap another claim's, are flagged for the reviewers.
 * A payout at or above the union's 大额互助金线 proposes the person to the hardship discovery queue.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { yuan, yuanWan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { getEffectivePolicy } from '../policies/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import { proposeCandidate } from '../hardship/index.ts';
import * as repo from './mutualaid.repository.ts';
import {
  CLAIM_STATUS_LABELS,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  type ClaimDetail,
  type ClaimInput,
  type ClaimStatus,
  type ClaimView,
  type DocumentKind,
} from './mutualaid.contract.ts';
import { computePayout } from './payout.ts';
import type { z } from '../../shared/contract.ts';
import type { ListClaimsQuery } from './mutualaid.contract.ts';

registerConstraintMessage('mutualaid_claims_four_eyes_check', 'id', '复核须由审核人以外的人办理（四眼原则）');
registerConstraintMessage('mutualaid_enrolments_cap_check', 'approvedFen', '核定金额超过本保障期的年度限额');
registerConstraintMessage(
  'mutualaid_enrolments_lifetime_cap',
  'approvedFen',
  '核定金额超过终身限额：此人在同类保障计划中已获批的金额加上本次，超过了计划的终身累计最高给付（可能有另一笔审批刚刚完成），请刷新后重新核定',
);
registerConstraintMessage('mutualaid_claim_invoices_live_key', 'invoiceNos', '发票已在其他互助金申请中申报，不能重复申报');
registerConstraintMessage('mutualaid_enrolments_once_key', 'personId', '此人已参加本计划本期保障，不能重复参保');

const BANK_FIELD = 'mutualaid.bank_account';
const y = (fen: number) => `${yuan(fen)}元`;
const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const maskAccount = (a: string) => `${a.slice(0, 4)} **** **** ${a.slice(-4)}`;

export function presentClaim(c: repo.ClaimRow): ClaimView {
  return {
    id: c.id,
    claimNo: c.claim_no,
    plan: { id: c.plan_id, name: c.plan_name, kind: c.plan_kind },
    personId: c.person_id,
    name: c.name,
    idMasked: c.id_masked,
    org: { id: c.org_id, name: c.org_name },
    eventDate: c.event_date,
    admittedOn: c.admitted_on,
    dischargedOn: c.discharged_on,
    status: c.status,
    source: c.source,
    claimedFen: Number(c.claimed_fen),
    computedFen: Number(c.computed_fen),
    approvedFen: c.approved_fen === null ? null : Number(c.approved_fen),
    paidFen: c.paid_fen === null ? null : Number(c.paid_fen),
    flags: c.flags,
    bankAccountMasked: c.bank_account_masked,
    createdAt: iso(c.created_at),
  };
}

async function claimOf(db: DbOrTx, actor: Actor, id: number, lock = false) {
  const c = await repo.claimInScope(db, scopeOf(actor), id, lock);
  if (!c) throw new NotFound('互助金申请');
  return c;
}

export async function listClaims(db: Db, actor: Actor, q: z.infer<typeof ListClaimsQuery>) {
  authorize(actor, 'mutualaid:view');
  const scope = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : scopeOf(actor);
  const { rows, total } = await repo.listClaims(db, scope, q);
  return { items: rows.map(presentClaim), total, page: q.page, pageSize: q.pageSize };
}

export async function getClaim(db: Db, actor: Actor, id: number): Promise<ClaimDetail> {
  authorize(actor, 'mutualaid:view');
  const c = await claimOf(db, actor, id);
  const [plan, invoices, files, steps] = await Promise.all([
    repo.planById(db, c.plan_id),
    repo.invoicesOf(db, id),
    repo.documentCounts(db, id),
    repo.stepsOf(db, id),
  ]);
  const required = plan!.required_documents;
  const fileCount = new Map(files.map((f) => [f.kind, f.n]));
  const open = (s: ClaimStatus) => c.status === s;
  return {
    ...presentClaim(c),
    facts: c.facts,
    invoiceNos: invoices.map((i) => i.invoice_no),
    documents: DOCUMENT_KINDS.filter((k) => required.includes(k) || c.documents.includes(k) || fileCount.has(k)).map((kind) => ({
      kind,
      received: c.documents.includes(kind) || fileCount.has(kind),
      required: required.includes(kind),
      files: fileCount.get(kind) ?? 0,
    })),
    missingDocuments: required.filter((k) => !c.documents.includes(k) && !fileCount.has(k)),
    explanation: c.explanation,
    lines: [],
    bankName: c.bank_name,
    rejectReason: c.reject_reason,
    appealReason: c.appeal_reason,
    note: c.note,
    steps: steps.map((s) => ({ action: s.action, by: s.by, at: iso(s.at), note: s.note })),
    can: {
      review: open('received') && can(actor, 'mutualaid:review'),
      recheck: open('reviewed') && can(actor, 'mutualaid:review') && c.reviewed_by !== actor.accountId,
      approve: open('rechecked') && can(actor, 'mutualaid:approve'),
      reject: ['received', 'reviewed', 'rechecked'].includes(c.status) && can(actor, 'mutualaid:review'),
      appeal: open('rejected') && can(actor, 'mutualaid:claim'),
      sensitive: can(actor, 'mutualaid:sensitive'),
    },
  };
}

/** Why a claim's event is not covered: outside the term, or in the waiting period. Null when covered. */
export function coverProblem(e: { cover_from: string; cover_to: string }, planStart: string, eventDate: string) {
  if (eventDate < planStart || eventDate > e.cover_to) return `出险日期 ${eventDate} 不在保障期内（本人保障期 ${e.cover_from} 至 ${e.cover_to}），不能申请`;
  if (eventDate < e.cover_from) return `出险日期 ${eventDate} 在等待期内（保障自 ${e.cover_from} 起生效），不能申请`;
  return null;
}

/** Who files a claim: a staff account at the counter (受理), or the worker on the portal (职工申请). */
export type ClaimFiler = { source: 'staff'; accountId: number | null } | { source: 'worker'; workerId: number };

/**
 * The intake both sides make, in the caller's transaction with the enrolment's row locked: refused,
 * with nothing written, when the event is outside the cover or in the waiting period, late, missing
 * documents the plan requires, or names an invoice already claimed. Writes the claim at 受理, its
 * invoices and its first step; the caller audits.
 */
export async function intakeClaim(tx: DbOrTx, cipher: FieldCipher, e: repo.EnrolmentRow, input: ClaimInput, filer: ClaimFiler) {
  const today = chinaToday();
  const g = (await repo.planById(tx, e.plan_id))!;
  if (input.eventDate > today) throw Invalid.field('eventDate', '出险日期不能晚于今天');
  const cover = coverProblem(e, g.term_start, input.eventDate);
  if (cover) throw Invalid.field('eventDate', cover);
  if (input.admittedOn && input.admittedOn < input.eventDate) throw Invalid.field('admittedOn', '入院日期不能早于出险日期');
  const end = input.dischargedOn ?? input.eventDate;
  if (addDays(end, g.claim_deadline_days) < today) throw Invalid.field('eventDate', `已超过申请时限（出院或出险后 ${g.claim_deadline_days} 天内申请）`);
  const missing = g.required_documents.filter((k) => !input.documents.includes(k));
  if (missing.length) throw Invalid.field('documents', `缺少计划要求的申请材料：${missing.map((k) => DOCUMENT_KIND_LABELS[k]).join('、')}`);
  if (g.required_documents.includes('bank_card') && !input.bankAccount) throw Invalid.field('bankAccount', '请填写收款银行账号');
  const numbers = [...new Set(input.invoiceNos)];
  if (numbers.length !== input.invoiceNos.length) throw Invalid.field('invoiceNos', '同一张发票填写了两次');
  const taken = await repo.liveInvoices(tx, numbers);
  if (taken.length) throw Invalid.field('invoiceNos', taken.map((t) => `发票 ${t.invoice_no} 已在申请 ${t.claim_no} 中申报，不能重复申报`).join('；'));

  const flags: repo.ClaimRow['flags'] = [];
  for (const r of await repo.releasedInvoices(tx, numbers))
    flags.push({ kind: 'duplicate_invoice', message: `发票 ${r.invoice_no} 曾在已驳回的申请 ${r.claim_no} 中申报` });
  if (input.admittedOn && input.dischargedOn)
    for (const r of await repo.overlappingStays(tx, e.person_id, input.admittedOn, input.dischargedOn))
      flags.push({ kind: 'overlapping_stay', message: `住院时间与申请 ${r.claim_no}（${r.admitted_on} 至 ${r.discharged_on}）重叠` });

  const payout = computePayout(g.formula, input.facts, {
    thisYearFen: Number(e.approved_fen),
    lifetimeFen: await repo.approvedLifetime(tx, e.person_id, g.kind),
  });
  const claimNo = await repo.nextClaimNo(tx, today.slice(0, 4));
  const claimId = await repo.insertClaim(tx, {
    claimNo,
    planId: g.id,
    enrolmentId: e.id,
    personId: e.person_id,
    orgId: e.org_id,
    eventDate: input.eventDate,
    admittedOn: input.admittedOn,
    dischargedOn: input.dischargedOn,
    facts: input.facts,
    documents: input.documents,
    claimedFen: input.claimedFen,
    computedFen: payout.computedFen,
    explanation: payout.explanation,
    flags,
    bankName: input.bankName,
    bankAccountEnc: input.bankAccount ? cipher.encrypt(BANK_FIELD, input.bankAccount) : null,
    bankAccountMasked: input.bankAccount ? maskAccount(input.bankAccount) : null,
    note: input.note,
    source: filer.source,
    workerId: filer.source === 'worker' ? filer.workerId : null,
    receivedBy: filer.source === 'staff' ? filer.accountId : null,
  });
  await repo.insertInvoices(tx, claimId, numbers);
  const notes = [...(filer.source === 'worker' ? ['职工在职工端提交'] : []), ...flags.map((f) => f.message)];
  await repo.insertStep(tx, { claimId, action: '受理', by: filer.source === 'staff' ? filer.accountId : null, note: notes.length ? notes.join('；') : null });
  return { claimId, claimNo, plan: g, flags, payout };
}

/** 受理 at the counter: a claim under an enrolment of the caller's subtree (see `intakeClaim` for what is refused). */
export async function createClaim(deps: { db: Db; cipher: FieldCipher }, actor: Actor, input: ClaimInput): Promise<ClaimDetail> {
  authorize(actor, 'mutualaid:claim');
  const { db, cipher } = deps;
  const id = await db.transaction(async (tx) => {
    const e = await repo.enrolmentInScope(tx, scopeOf(actor), input.enrolmentId, true);
    if (!e) throw new NotFound('参保记录', 'enrolmentId');
    const { claimId, claimNo, plan: g, flags, payout } = await intakeClaim(tx, cipher, e, input, { source: 'staff', accountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'mutualaid.claim_receive',
      entity: 'mutualaid_claim',
      entityId: claimId,
      orgId: e.org_id,
      summary: `受理互助金申请 ${claimNo}：${e.name}，“${g.name}”，申请 ${y(input.claimedFen)}，按计划测算 ${y(payout.payableFen)}${flags.length ? `（${flags.length} 项疑点）` : ''}`,
    });
    return claimId;
  });
  return getClaim(db, actor, id);
}

async function step(
  db: Db,
  actor: Actor,
  id: number,
  spec: { from: ClaimStatus[]; to: ClaimStatus; label: string; action: string; note: string | null },
  check: (tx: DbOrTx, c: repo.ClaimRow) => Promise<Partial<Parameters<typeof repo.updateClaim>[2]>>,
) {
  await db.transaction(async (tx) => {
    const c = await claimOf(tx, actor, id, true);
    if (!spec.from.includes(c.status)) throw new Conflict(`该申请${CLAIM_STATUS_LABELS[c.status]}，不能${spec.label}`);
    const set = await check(tx, c);
    await repo.updateClaim(tx, id, { status: spec.to, ...set });
    await repo.insertStep(tx, { claimId: id, action: spec.label, by: actor.accountId, note: spec.note });
    await recordAudit(tx, actor, {
      action: spec.action,
      entity: 'mutualaid_claim',
      entityId: id,
      orgId: c.org_id,
      summary: `${spec.label}互助金申请 ${c.claim_no}（${c.name}）${spec.note ? `：${spec.note}` : ''}`,
    });
  });
  return getClaim(db, actor, id);
}

/** 审核. */
export function reviewClaim(db: Db, actor: Actor, id: number, opinion: string | null) {
  authorize(actor, 'mutualaid:review');
  return step(db, actor, id, { from: ['received'], to: 'reviewed', label: '审核', action: 'mutualaid.claim_review', note: opinion }, async () => ({
    reviewedBy: actor.accountId,
  }));
}

/** 复核: by an account other than the one that reviewed (四眼; a check constraint beneath). */
export function recheckClaim(db: Db, actor: Actor, id: number, opinion: string | null) {
  authorize(actor, 'mutualaid:review');
  return step(db, actor, id, { from: ['reviewed'], to: 'rechecked', label: '复核', action: 'mutualaid.claim_recheck', note: opinion }, async (_tx, c) => {
    if (c.reviewed_by !== null && c.reviewed_by === actor.accountId) throw new Forbidden('复核须由审核人以外的人办理（四眼原则），请其他有审核权限的同事复核');
    return { recheckedBy: actor.accountId };
  });
}

/**
 * 审批: the payout recomputed from the plan and what the person was approved so far, under the
 * enrolment's row lock; an amount above it is refused naming the cap. A large payout proposes the
 * person to the hardship discovery queue in the same transaction.
 */
export function approveClaim(db: Db, actor: Actor, id: number, input: { approvedFen: number | null; opinion: string | null }) {
  authorize(actor, 'mutualaid:approve');
  return step(db, actor, id, { from: ['rechecked'], to: 'approved', label: '审批', action: 'mutualaid.claim_approve', note: input.opinion }, async (tx, c) => {
    const e = (await repo.enrolmentInScope(tx, scopeOf(actor), c.enrolment_id, true))!;
    const g = (await repo.planById(tx, c.plan_id))!;
    const payout = computePayout(g.formula, c.facts, {
      thisYearFen: Number(e.approved_fen),
      lifetimeFen: await repo.approvedLifetime(tx, c.person_id, g.kind),
    });
    if (payout.payableFen === 0) throw Invalid.field('approvedFen', `已无可给付金额：${payout.lines.at(-1) ?? payout.explanation}，请驳回该申请`);
    if (input.approvedFen !== null && input.approvedFen > payout.payableFen)
      throw Invalid.field('approvedFen', `核定金额 ${y(input.approvedFen)} 超过可给付金额 ${y(payout.payableFen)}：${payout.explanation}`);
    const approved = input.approvedFen ?? payout.payableFen;
    await repo.addApproved(tx, e.id, approved);
    const threshold = (await getEffectivePolicy(tx, { path: c.org_path }, 'mutualaid_large_claim', chinaToday()))?.value;
    if (threshold && approved >= threshold) {
      await proposeCandidate(tx, {
        personId: c.person_id,
        orgId: c.org_id,
        orgPath: c.org_path,
        rule: 'mutualaid_large_claim',
        evidence: `mutualaid_claim#${c.id}`,
        reason: `互助金申请 ${c.claim_no}（${g.name}）核定给付 ${yuanWan(approved)}，达到大额互助金线 ${yuanWan(threshold)}，建议核查家庭困难情况`,
      });
    }
    return { approvedFen: approved, computedFen: payout.computedFen, explanation: payout.explanation, approvedBy: actor.accountId };
  });
}

/** 驳回 with a reason: the claim's invoices are released. */
export function rejectClaim(db: Db, actor: Actor, id: number, reason: string) {
  authorize(actor, 'mutualaid:review');
  return step(
    db,
    actor,
    id,
    { from: ['received', 'reviewed', 'rechecked'], to: 'rejected', label: '驳回', action: 'mutualaid.claim_reject', note: reason },
    async (tx) => {
      await repo.releaseInvoices(tx, id);
      return { rejectReason: reason };
    },
  );
}

/** 申诉: a refused claim goes back to 受理 with the worker's reason; its invoices are claimed again (refused if taken since). */
export function appealClaim(db: Db, actor: Actor, id: number, reason: string) {
  authorize(actor, 'mutualaid:claim');
  return step(db, actor, id, { from: ['rejected'], to: 'received', label: '申诉', action: 'mutualaid.claim_appeal', note: reason }, (tx) =>
    reopenOnAppeal(tx, id, reason),
  );
}

/** What an appeal changes on a refused claim (either side's): its invoices claimed again (refused if taken since), back to 受理 with the reason. */
export async function reopenOnAppeal(tx: DbOrTx, id: number, reason: string) {
  const numbers = (await repo.invoicesOf(tx, id)).map((i) => i.invoice_no);
  const taken = await repo.liveInvoices(tx, numbers);
  if (taken.length) throw new Conflict(taken.map((t) => `发票 ${t.invoice_no} 已在申请 ${t.claim_no} 中申报`).join('；'));
  await repo.reliveInvoices(tx, id);
  return { rejectReason: null, appealReason: reason, reviewedBy: null, recheckedBy: null };
}

const DOC_MAX = 10 * 1024 * 1024;
/** What a scan is by its bytes (not by its name): PDF, JPG or PNG, or null. */
export function sniffScan(data: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** Adds a scan of a document to a claim (PDF, JPG or PNG, at most 10 MB). */
export async function addDocument(db: Db, actor: Actor, id: number, kind: string, file: { filename: string; data: Buffer }) {
  authorize(actor, 'mutualaid:claim');
  await claimOf(db, actor, id);
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind))
    throw Invalid.field('kind', `请选择材料类型：${DOCUMENT_KINDS.map((k) => DOCUMENT_KIND_LABELS[k]).join('、')}`);
  const mime = sniffScan(file.data);
  if (!mime) throw Invalid.field('file', '申请材料只支持 PDF、JPG、PNG 文件');
  if (file.data.length > DOC_MAX) throw Invalid.field('file', '申请材料不能超过 10 MB');
  return db.transaction(async (tx) => {
    const c = await claimOf(tx, actor, id, true);
    if (c.status === 'paid') throw new Conflict('已支付的申请不能再添加材料');
    const docId = await repo.insertDocument(tx, {
      claimId: id,
      kind,
      fileName: file.filename.slice(0, 100),
      mime,
      content: file.data,
      uploadedBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'mutualaid.document_add',
      entity: 'mutualaid_claim',
      entityId: id,
      orgId: c.org_id,
      summary: `上传互助金申请 ${c.claim_no} 的${DOCUMENT_KIND_LABELS[kind as DocumentKind]}`,
    });
    return { id: docId };
  });
}

/** A document's scan: sensitive (PIPL art. 28), its own permission, every read audited. */
export async function readDocument(db: Db, actor: Actor, id: number, docId: number) {
  authorize(actor, 'mutualaid:sensitive');
  return db.transaction(async (tx) => {
    const c = await claimOf(tx, actor, id);
    const d = await repo.documentOf(tx, id, docId);
    if (!d) throw new NotFound('申请材料');
    await recordAudit(tx, actor, {
      action: 'mutualaid.document_read',
      entity: 'mutualaid_claim',
      entityId: id,
      orgId: c.org_id,
      summary: `查看互助金申请 ${c.claim_no}（${c.name}）的${DOCUMENT_KIND_LABELS[d.kind]}`,
    });
    return { mime: d.mime, fileName: d.file_name, content: Buffer.from(d.content) };
  });
}

/** The claim's full bank account: sensitive, its own permission, every read audited. */
export async function readBank(db: Db, cipher: FieldCipher, actor: Actor, id: number) {
  authorize(actor, 'mutualaid:sensitive');
  return db.transaction(async (tx) => {
    const c = await claimOf(tx, actor, id);
    await recordAudit(tx, actor, {
      action: 'mutualaid.bank_read',
      entity: 'mutualaid_claim',
      entityId: id,
      orgId: c.org_id,
      summary: `查看互助金申请 ${c.claim_no}（${c.name}）的收款银行账号`,
    });
    return { bankName: c.bank_name, bankAccount: c.bank_account_enc ? cipher.decrypt(BANK_FIELD, c.bank_account_enc) : null };
  });
}

export const decryptBank = (cipher: FieldCipher, enc: string | null) => (enc ? cipher.decrypt(BANK_FIELD, enc) : '');

/** 申请金额 vs 核定金额 vs 实付金额, by status, child union (rolled up) and month, under a union of the caller's subtree. */
export async function claimStats(db: Db, actor: Actor, q: { orgId?: number; planId?: number; year?: number }) {
  authorize(actor, 'mutualaid:view');
  const org = await findOrgInScope(db, actor, q.orgId ?? actor.orgId, 'orgId');
  const within = await scopeOfOrg(db, actor, org.id, 'orgId');
  const s = await repo.claimStats(db, within, q.planId ?? null, q.year ?? null);
  const m = (r: { claims: number; claimed_fen: string | number; approved_fen: string | number; paid_fen: string | number }) => ({
    claims: r.claims,
    claimedFen: Number(r.claimed_fen),
    approvedFen: Number(r.approved_fen),
    paidFen: Number(r.paid_fen),
  });
  const total = s.byStatus.reduce(
    (a, r) => ({
      claims: a.claims + r.claims,
      claimedFen: a.claimedFen + Number(r.claimed_fen),
      approvedFen: a.approvedFen + Number(r.approved_fen),
      paidFen: a.paidFen + Number(r.paid_fen),
    }),
    { claims: 0, claimedFen: 0, approvedFen: 0, paidFen: 0 },
  );
  return {
    org: { id: org.id, name: org.name },
    total,
    byStatus: s.byStatus.map((r) => ({ status: r.status, ...m(r) })),
    byUnion: s.byUnion.map((r) => ({ id: r.id, name: r.name, ...m(r) })),
    byMonth: s.byMonth.map((r) => ({ month: r.month, ...m(r) })),
  };
}
