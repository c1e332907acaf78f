/**
 * 支付批次: a union's approved claims sent to the bank in one file (.xlsx or .csv, with the full
 * account numbers: the export needs the sensitive permission and is audited), then the bank's
 * results read back — 成功 settles a claim as paid (已支付), 失败 returns it to 已审批 for the next
 * batch. Every row of the results is checked first; nothing changes while any has a problem.
 */
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, NotFound } from '../../server/errors.ts';
import { dataRows, mapHeader, rowErrors, type SheetRow } from '../../server/imports.ts';
import { yuanWan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import * as repo from './mutualaid.repository.ts';
import { PAYMENT_RESULT_COLUMNS } from './mutualaid.contract.ts';
import { decryptBank } from './claims.service.ts';

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

function presentPayment(b: repo.PaymentRow) {
  return {
    id: b.id,
    org: { id: b.org_id, name: b.org_name },
    status: b.status,
    claims: b.claims,
    amountFen: Number(b.amount_fen),
    paid: b.paid,
    failed: b.failed,
    createdBy: b.created_by_name,
    createdAt: iso(b.created_at),
  };
}

async function paymentOf(db: Db, actor: Actor, id: number) {
  const b = await repo.paymentInScope(db, scopeOf(actor), id);
  if (!b) throw new NotFound('支付批次');
  return b;
}

/** Puts every approved claim of a union's subtree not yet sent into a new batch. */
export async function createPayment(db: Db, actor: Actor, orgId: number) {
  authorize(actor, 'mutualaid:pay');
  const org = await findOrgInScope(db, actor, orgId, 'orgId');
  const within = await scopeOfOrg(db, actor, orgId, 'orgId');
  const id = await db.transaction(async (tx) => {
    const paymentId = await repo.insertPayment(tx, { orgId: org.id, claims: 0, amountFen: 0, createdBy: actor.accountId });
    const taken = await repo.takeApproved(tx, within, paymentId);
    if (!taken.claims) throw new Conflict(`${org.name}及下级没有待支付的互助金（已审批且未生成支付批次的申请）`);
    await repo.updatePayment(tx, paymentId, taken);
    await recordAudit(tx, actor, {
      action: 'mutualaid.payment_create',
      entity: 'mutualaid_payment',
      entityId: paymentId,
      orgId: org.id,
      summary: `生成${org.name}互助金支付批次：${taken.claims} 笔，${yuanWan(taken.amountFen)}`,
    });
    return paymentId;
  });
  return presentPayment(await paymentOf(db, actor, id));
}

export async function listPayments(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  authorize(actor, 'mutualaid:view');
  const { rows, total } = await repo.listPayments(db, scopeOf(actor), q.page, q.pageSize);
  return { items: rows.map(presentPayment), total, page: q.page, pageSize: q.pageSize };
}

/** The bank file's rows, full account numbers included: sensitive, audited. */
export async function bankFile(db: Db, cipher: FieldCipher, actor: Actor, id: number) {
  authorize(actor, 'mutualaid:pay');
  authorize(actor, 'mutualaid:sensitive');
  const b = await paymentOf(db, actor, id);
  const claims = await repo.claimsOfPayment(db, id);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'mutualaid.payment_export',
      entity: 'mutualaid_payment',
      entityId: id,
      orgId: b.org_id,
      summary: `导出${b.org_name}互助金支付批次 #${id} 银行代发文件（${claims.length} 笔，含收款账号）`,
    }),
  );
  return {
    title: `${b.org_name}互助金支付批次${id}`,
    rows: claims.map((c) => ({
      claimNo: c.claim_no,
      name: c.name,
      idMasked: c.id_masked,
      bankName: c.bank_name ?? '',
      account: decryptBank(cipher, c.bank_account_enc),
      amountFen: Number(c.approved_fen),
      plan: c.plan_name,
      status: c.status,
    })),
  };
}

/** The batch an upload of results is for, found first. */
export async function paymentForUpload(db: Db, actor: Actor, id: number) {
  authorize(actor, 'mutualaid:pay');
  await paymentOf(db, actor, id);
}

const OK = new Set(['成功', '已支付', '支付成功', '是']);
const FAIL = new Set(['失败', '支付失败', '退回', '否']);

/** Reads the bank's results back: each row names a claim of this batch and 成功 or 失败. */
export async function importResults(db: Db, actor: Actor, id: number, rows: SheetRow[]) {
  authorize(actor, 'mutualaid:pay');
  const sheet = mapHeader(rows[0]?.cells ?? [], PAYMENT_RESULT_COLUMNS);
  if (sheet.errors.length) return { paid: 0, failed: 0, errors: sheet.errors };
  const errors = rowErrors(PAYMENT_RESULT_COLUMNS);
  return db.transaction(async (tx) => {
    const b = await repo.paymentInScope(tx, scopeOf(actor), id, true);
    if (!b) throw new NotFound('支付批次');
    const claims = new Map((await repo.claimsOfPayment(tx, id)).map((c) => [c.claim_no, c]));
    const outcomes: { claim: repo.ClaimRow; ok: boolean; message: string }[] = [];
    const seen = new Set<string>();
    for (const r of dataRows(rows)) {
      const no = sheet.cell(r.cells, 'claimNo');
      const result = sheet.cell(r.cells, 'result');
      const claim = claims.get(no);
      if (!claim) errors.add(r.row, 'claimNo', `申请编号「${no}」不在本支付批次中`);
      else if (seen.has(no)) errors.add(r.row, 'claimNo', `申请编号「${no}」重复`);
      else if (claim.status !== 'approved') errors.add(r.row, 'claimNo', `申请 ${no} 已登记过支付结果`);
      if (!OK.has(result) && !FAIL.has(result)) errors.add(r.row, 'result', '支付结果应填“成功”或“失败”');
      seen.add(no);
      if (claim && claim.status === 'approved' && (OK.has(result) || FAIL.has(result)))
        outcomes.push({ claim, ok: OK.has(result), message: sheet.cell(r.cells, 'message') });
    }
    if (errors.list.length) return { paid: 0, failed: 0, errors: errors.list };
    let paid = 0;
    let failed = 0;
    for (const o of outcomes) {
      if (o.ok) {
        paid++;
        await repo.updateClaim(tx, o.claim.id, { status: 'paid', paidFen: Number(o.claim.approved_fen) });
        await repo.insertStep(tx, { claimId: o.claim.id, action: '支付', by: actor.accountId, note: o.message || null });
      } else {
        failed++;
        await repo.updateClaim(tx, o.claim.id, { paymentId: null });
        await repo.insertStep(tx, { claimId: o.claim.id, action: '支付失败', by: actor.accountId, note: o.message || '银行退回' });
      }
    }
    const left = [...claims.values()].filter((c) => c.status === 'approved').length - outcomes.length;
    await repo.updatePayment(tx, id, { paid: b.paid + paid, failed: b.failed + failed, status: left === 0 ? 'settled' : 'exported' });
    await recordAudit(tx, actor, {
      action: 'mutualaid.payment_results',
      entity: 'mutualaid_payment',
      entityId: id,
      orgId: b.org_id,
      summary: `导入互助金支付批次 #${id} 支付结果：成功 ${paid} 笔，失败 ${failed} 笔`,
    });
    return { paid, failed, errors: [] };
  });
}
