/**
 * Demo 互助保障 (clearly demo data, embedded database only): 宁夏's accident cover for
 * new-employment-form workers gifted by the union (the couriers, delivery riders, truck and
 * ride-hailing drivers of the demo registry under 宁夏 — the articles' 2.6万 in miniature), and
 * 呼和浩特's in-service hospitalisation plan with its workers enrolled by rule and claims in every
 * state (one refused, one flagged for an overlapping stay, one paid through a payment batch of
 * 赛罕区); 呼和浩特's accident cover that workers join themselves on the portal (the demo workers
 * among them, not yet enrolled); 赛罕区's women workers' plan still a draft.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { reachOf } from '../../server/scope.ts';
import { addDays } from '../../shared/dates.ts';
import * as repo from './mutualaid.repository.ts';
import { EligibilityRule, PayoutFormula, type ClaimFacts, type ClaimStatus, type DocumentKind } from './mutualaid.contract.ts';
import { computePayout } from './payout.ts';
import { enrolTerms } from './enrolment.service.ts';

const HOSPITAL = PayoutFormula.parse({
  parts: [
    { type: 'per_day', perDayFen: 50_00, fromDay: 4, maxDays: 90 },
    { type: 'share', deductibleFen: 1_000_00, ratio: 0.6 },
  ],
  perClaimCapFen: 3_000_00,
  yearlyCapFen: 8_000_00,
});
const ACCIDENT = PayoutFormula.parse({
  parts: [
    {
      type: 'grade',
      table: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((grade) => ({ grade, amountFen: Math.round((110 - grade * 10) * 1_000_00) })),
    },
    { type: 'share', deductibleFen: 100_00, ratio: 0.8 },
  ],
  perClaimCapFen: 100_000_00,
  lifetimeCapFen: 100_000_00,
});
const HOSPITAL_DOCS: DocumentKind[] = ['id_card', 'invoice', 'discharge', 'bank_card'];

export async function loadMutualaidDemo(tx: DbOrTx, ctx: DemoContext) {
  const year = Number(ctx.today.slice(0, 4));
  const account = (u: string) => ctx.accounts.get(u) ?? null;

  // 宁夏: union-gifted accident cover for new-employment-form workers, from the first of this year.
  const nx = ctx.org('宁夏回族自治区总工会');
  const nxPlan = await repo.insertPlan(tx, {
    orgId: nx.id,
    name: `${year}年宁夏新就业形态劳动者意外伤害保障（演示）`,
    kind: 'new_form_accident',
    termStart: `${year}-01-01`,
    termEnd: `${year + 1}-01-01`,
    contributionFen: 20_00,
    audience: EligibilityRule.parse({ employmentForms: ['new_form'] }),
    waitingDays: 0,
    exclusions: '故意自伤、醉酒或无证驾驶、违法犯罪行为',
    formula: ACCIDENT,
    requiredDocuments: ['id_card', 'invoice', 'disability', 'bank_card'],
    selfEnrol: true,
    claimDeadlineDays: 730,
    status: 'open',
  });
  const nxPlanRow = (await repo.planById(tx, nxPlan))!;
  const gift = await repo.insertBatch(tx, {
    planId: nxPlan,
    orgId: nx.id,
    source: 'gift',
    payer: 'union',
    persons: 0,
    amountFen: 0,
    paidOn: `${year}-01-05`,
    note: '工会出资为快递员、外卖送餐员、货车司机、网约车司机等新就业形态劳动者购买意外保障（演示）',
  });
  await repo.enrolMatching(tx, reachOf(nx), nxPlanRow.audience, null, new Map(), ctx.today, enrolTerms(nxPlanRow, gift, true, `${year}-01-01`));
  await repo.settleBatch(tx, gift);

  // 呼和浩特: in-service hospitalisation mutual aid, last year's term into this year, 30 days' waiting.
  const hhht = ctx.org('呼和浩特市总工会');
  const start = addDays(ctx.today, -300);
  const plan = await repo.insertPlan(tx, {
    orgId: hhht.id,
    name: '呼和浩特市在职职工住院互助保障（演示）',
    kind: 'hospital',
    termStart: start,
    termEnd: addDays(start, 364),
    contributionFen: 30_00,
    audience: EligibilityRule.parse({ employmentForms: ['standard'] }),
    waitingDays: 30,
    exclusions: '参保前已患疾病、美容整形、醉酒驾驶所致伤病',
    formula: HOSPITAL,
    requiredDocuments: HOSPITAL_DOCS,
    selfEnrol: false,
    claimDeadlineDays: 730,
    status: 'open',
  });
  const planRow = (await repo.planById(tx, plan))!;
  const batch = await repo.insertBatch(tx, { planId: plan, orgId: hhht.id, source: 'rule', payer: 'employer', persons: 0, amountFen: 0, paidOn: start });
  await repo.enrolMatching(tx, reachOf(hhht), planRow.audience, null, new Map(), start, enrolTerms(planRow, batch, false, start));
  await repo.settleBatch(tx, batch);

  // 呼和浩特: accident cover workers join themselves on the portal (自行参保), this calendar year, cover at once.
  await repo.insertPlan(tx, {
    orgId: hhht.id,
    name: `${year}年呼和浩特市职工意外伤害互助保障（演示）`,
    kind: 'accident',
    termStart: `${year}-01-01`,
    termEnd: `${year + 1}-01-01`,
    contributionFen: 10_00,
    audience: EligibilityRule.parse({}),
    waitingDays: 0,
    exclusions: '故意自伤、醉酒或无证驾驶、违法犯罪行为所致伤害',
    formula: ACCIDENT,
    requiredDocuments: ['id_card', 'invoice', 'diagnosis', 'bank_card'],
    selfEnrol: true,
    claimDeadlineDays: 730,
    status: 'open',
  });

  // 赛罕区: a women workers' plan being drafted.
  const saihan = ctx.org('呼和浩特市赛罕区总工会');
  await repo.insertPlan(tx, {
    orgId: saihan.id,
    name: '赛罕区女职工特殊疾病互助保障（演示）',
    kind: 'women',
    termStart: `${year + 1}-01-01`,
    termEnd: `${year + 2}-01-01`,
    contributionFen: 20_00,
    audience: EligibilityRule.parse({ sex: 'female' }),
    waitingDays: 90,
    exclusions: null,
    formula: PayoutFormula.parse({ parts: [{ type: 'fixed', amountFen: 10_000_00 }], lifetimeCapFen: 10_000_00 }),
    requiredDocuments: ['id_card', 'diagnosis', 'bank_card'],
    selfEnrol: true,
    claimDeadlineDays: 365,
    status: 'draft',
  });

  // Claims in every state, for workers of 赛罕区 and 新城区.
  const enrolled = await repo.listEnrolments(tx, reachOf(hhht), plan, { page: 1, pageSize: 200 });
  const bySaihan = enrolled.rows.filter((e) => e.org_path.startsWith(saihan.path));
  const byOthers = enrolled.rows.filter((e) => !e.org_path.startsWith(saihan.path));
  const people = [...bySaihan.slice(0, 4), ...byOthers].slice(0, 8);
  const states: ClaimStatus[] = ['paid', 'approved', 'rechecked', 'reviewed', 'received', 'rejected', 'received', 'approved'];
  const payments = new Map<number, number>();
  const reviewer = account('saihanqu_cadre');
  const second = account('hhht_admin');
  let n = 0;
  for (const [i, e] of people.entries()) {
    const status = states[i]!;
    const admitted = addDays(e.cover_from, 20 + i * 9);
    const days = 5 + ((i * 3) % 12);
    const facts: ClaimFacts = { hospitalDays: days, outOfPocketFen: (2_000 + i * 650) * 100, disabilityGrade: null, diagnosed: false };
    const payout = computePayout(HOSPITAL, facts, { thisYearFen: Number(e.approved_fen), lifetimeFen: Number(e.approved_fen) });
    const approved = ['approved', 'paid'].includes(status) ? payout.payableFen : null;
    const claimNo = `HZ${year}${String(++n).padStart(7, '0')}`;
    const account6 = `62220${String(2026_0000_0000_00 + i * 7919).padStart(14, '0')}`;
    const claimId = await repo.insertClaim(tx, {
      claimNo,
      planId: plan,
      enrolmentId: e.id,
      personId: e.person_id,
      orgId: e.org_id,
      eventDate: admitted,
      admittedOn: admitted,
      dischargedOn: addDays(admitted, days - 1),
      facts,
      documents: HOSPITAL_DOCS,
      claimedFen: facts.outOfPocketFen!,
      computedFen: payout.computedFen,
      approvedFen: approved,
      paidFen: status === 'paid' ? approved : null,
      explanation: payout.explanation,
      flags: [],
      bankName: '中国工商银行（演示）',
      bankAccountEnc: ctx.cipher.encrypt('mutualaid.bank_account', account6),
      bankAccountMasked: `${account6.slice(0, 4)} **** **** ${account6.slice(-4)}`,
      status,
      rejectReason: status === 'rejected' ? '住院原因属于计划的责任免除（美容整形）' : null,
      reviewedBy: ['reviewed', 'rechecked', 'approved', 'paid'].includes(status) ? reviewer : null,
      recheckedBy: ['rechecked', 'approved', 'paid'].includes(status) ? second : null,
      approvedBy: approved !== null ? second : null,
      receivedBy: reviewer,
    });
    await repo.insertInvoices(tx, claimId, [`DEMO${year}${String(n).padStart(6, '0')}`]);
    if (i === 0) {
      // A scan of the discharge summary (a 1×1 PNG stands for it).
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
      await repo.insertDocument(tx, { claimId, kind: 'discharge', fileName: '出院小结（演示）.png', mime: 'image/png', content: png, uploadedBy: reviewer });
    }
    if (status !== 'rejected') await repo.insertStep(tx, { claimId, action: '受理', by: reviewer });
    if (status === 'rejected') {
      await repo.insertStep(tx, { claimId, action: '受理', by: reviewer });
      await repo.insertStep(tx, { claimId, action: '驳回', by: reviewer, note: '住院原因属于计划的责任免除（美容整形）' });
      await repo.releaseInvoices(tx, claimId);
    }
    for (const [s, label, by] of [
      ['reviewed', '审核', reviewer],
      ['rechecked', '复核', second],
      ['approved', '审批', second],
      ['paid', '支付', second],
    ] as const) {
      const order: ClaimStatus[] = ['received', 'reviewed', 'rechecked', 'approved', 'paid'];
      if (order.indexOf(status) >= order.indexOf(s)) await repo.insertStep(tx, { claimId, action: label, by });
    }
    if (approved !== null) await repo.addApproved(tx, e.id, approved);
    if (status === 'paid') {
      let pay = payments.get(e.org_id);
      if (!pay) {
        pay = await repo.insertPayment(tx, {
          orgId: e.org_path.startsWith(saihan.path) ? saihan.id : hhht.id,
          status: 'settled',
          claims: 0,
          amountFen: 0,
          paid: 0,
          createdBy: second,
        });
        payments.set(e.org_id, pay);
      }
      await repo.updateClaim(tx, claimId, { paymentId: pay });
      await repo.updatePayment(tx, pay, { claims: 1, amountFen: approved!, paid: 1 });
    }
  }
  // A second stay of the first 赛罕区 worker overlapping the first: flagged for the reviewers.
  const first = people[0];
  if (first) {
    const c = await repo.overlappingStays(tx, first.person_id, '1900-01-01', '2100-01-01');
    const stay = c[0];
    if (stay) {
      const facts: ClaimFacts = { hospitalDays: 4, outOfPocketFen: 1_500_00, disabilityGrade: null, diagnosed: false };
      const payout = computePayout(HOSPITAL, facts, { thisYearFen: 0, lifetimeFen: 0 });
      const claimId = await repo.insertClaim(tx, {
        claimNo: `HZ${year}${String(++n).padStart(7, '0')}`,
        planId: plan,
        enrolmentId: first.id,
        personId: first.person_id,
        orgId: first.org_id,
        eventDate: stay.admitted_on,
        admittedOn: stay.admitted_on,
        dischargedOn: addDays(stay.admitted_on, 3),
        facts,
        documents: HOSPITAL_DOCS,
        claimedFen: 1_500_00,
        computedFen: payout.computedFen,
        explanation: payout.explanation,
        flags: [{ kind: 'overlapping_stay', message: `住院时间与申请 ${stay.claim_no}（${stay.admitted_on} 至 ${stay.discharged_on}）重叠` }],
        status: 'received',
        receivedBy: reviewer,
      });
      await repo.insertInvoices(tx, claimId, [`DEMO${year}${String(n).padStart(6, '0')}`]);
      await repo.insertStep(tx, { claimId, action: '受理', by: reviewer, note: '住院时间与已有申请重叠' });
    }
  }
}
