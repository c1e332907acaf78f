/**
 * 互助保障 on the worker's phone, through the HTTP API on a real database: joining a plan open to
 * self-enrolment under the union's rules, the cover and its certificate, a claim sent with photos
 * that the counter's intake decides and that lands in the union's queue at 受理, an appeal, and
 * another worker's records out of reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { pdfTextRuns } from '../../testing/pdf-text.ts';

let t: TestApp;
let xcq: TestClient;
let cadre: TestClient;
let hhht: TestClient;
const today = chinaToday();
const year = Number(today.slice(0, 4));

let seq = 300;
async function person(name: string, employmentForm: string, orgId: number, client: TestClient) {
  const res = await client.post('/api/people', {
    name,
    idNumber: withCheckCharacter(`15010219860202${String(++seq).padStart(3, '0')}`),
    orgId,
    occupation: employmentForm === 'new_form' ? 'courier' : null,
    employmentForm,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const count = async (table: string) => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;

/** A one-pixel PNG and a JPEG's first bytes: what the server checks a photo by. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);

/** The claim form as the phone sends it: the fields as JSON first, then a photo per document, named by its kind. */
function claimForm(claim: unknown, photos: [string, Buffer][]) {
  const boundary = 'claim-form';
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="claim"\r\n\r\n${JSON.stringify(claim)}\r\n`)];
  for (const [kind, data] of photos) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${kind}"; filename="${kind}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const fileClaim = (c: TestClient, claim: unknown, photos: [string, Buffer][]) =>
  c.request({ method: 'POST', url: '/api/m/mutualaid/claims', ...claimForm(claim, photos) });
const ALL_PHOTOS: [string, Buffer][] = [
  ['id_card', JPEG],
  ['invoice', JPEG],
  ['invoice', PNG],
  ['diagnosis', PNG],
  ['bank_card', JPEG],
];

/** 职工意外伤害互助 of 呼和浩特: standard-employment workers join themselves; ¥10; 7 days' waiting; 80% of costs above ¥100. */
const accidentPlan = (over: Record<string, unknown> = {}) => ({
  name: '职工意外伤害互助',
  kind: 'accident',
  orgId: t.seed.hhht.id,
  termStart: `${year}-01-01`,
  termEnd: `${year + 1}-01-01`,
  contributionFen: 10_00,
  audience: { employmentForms: ['standard'] },
  waitingDays: 7,
  exclusions: '醉酒驾驶',
  formula: { parts: [{ type: 'share', deductibleFen: 100_00, ratio: 0.8 }], perClaimCapFen: 5_000_00 },
  requiredDocuments: ['id_card', 'invoice', 'diagnosis', 'bank_card'],
  selfEnrol: true,
  ...over,
});

let planId: number;
let closedToSelf: number;
let worker: TestClient;
let workerId: number;
let other: TestClient;
let courier: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  [xcq, cadre, hhht] = [await t.as('xcq_admin'), await t.as('xcq_cadre'), await t.as('hhht_admin')];
  workerId = await person('自主参保职工', 'standard', t.seed.xinChengSanitation.id, xcq);
  const otherId = await person('另一位职工', 'standard', t.seed.xinChengSanitation.id, xcq);
  const courierId = await person('骑手参保', 'new_form', t.seed.xinChengSanitation.id, xcq);
  worker = await t.asWorker('13800000101', workerId);
  other = await t.asWorker('13800000102', otherId);
  courier = await t.asWorker('13800000103', courierId);
  const created = await hhht.post('/api/mutualaid/plans', accidentPlan());
  expect(created.statusCode, created.body).toBe(201);
  planId = created.json().id;
  expect((await hhht.post(`/api/mutualaid/plans/${planId}/status`, { status: 'open' })).statusCode).toBe(200);
  // A plan the union enrols by rule only: never offered on the portal.
  closedToSelf = (await hhht.post('/api/mutualaid/plans', accidentPlan({ name: '按名单参保的计划', selfEnrol: false }))).json().id;
  await hhht.post(`/api/mutualaid/plans/${closedToSelf}/status`, { status: 'open' });
}, 120_000);
afterAll(() => t.close());

describe('joining a plan on the phone', () => {
  it('lists the open plan with its terms in words, and not a plan the union enrols by list', async () => {
    const res = await worker.get('/api/m/mutualaid/plans');
    expect(res.statusCode, res.body).toBe(200);
    const plans = res.json();
    expect(plans.map((p: { id: number }) => p.id)).toEqual([planId]);
    expect(plans[0]).toMatchObject({
      name: '职工意外伤害互助',
      contributionFen: 10_00,
      waitingDays: 7,
      coverFromIfToday: addDays(today, 7) > `${year + 1}-01-01` ? `${year + 1}-01-01` : addDays(today, 7),
      exclusions: '醉酒驾驶',
      enrolment: null,
    });
    expect(plans[0].formulaText[0]).toContain('80%');
  });

  it('enrols once, contribution due, cover after the waiting period; a second time is refused and writes nothing', async () => {
    expect((await worker.post(`/api/m/mutualaid/plans/${planId}/enrol`, {})).json().message).toBe('请阅读保障内容和责任免除，同意后再参保');
    const res = await worker.post(`/api/m/mutualaid/plans/${planId}/enrol`, { agree: true });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({ planId, payer: 'self', contributionDue: true, contributionFen: 10_00, gifted: false, coverTo: `${year + 1}-01-01` });
    expect(e.certificateNo).toMatch(new RegExp(`^HZBZ-${year}-${planId}-`));
    const [batch] = await queryRows<{ source: string; payer: string; paid_on: string | null; persons: number; amount_fen: string }>(
      t.db,
      sql`select b.source, b.payer, b.paid_on, b.persons, b.amount_fen::text from mutualaid_batches b join mutualaid_enrolments e on e.batch_id = b.id where e.id = ${e.id}`,
    );
    expect(batch).toEqual({ source: 'self', payer: 'self', paid_on: null, persons: 1, amount_fen: '1000' });

    const [enrolments, batches, audits] = [await count('mutualaid_enrolments'), await count('mutualaid_batches'), await count('audit_log')];
    const again = await worker.post(`/api/m/mutualaid/plans/${planId}/enrol`, { agree: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`您已参加“职工意外伤害互助”${year} 年度保障（凭证号 ${e.certificateNo}），不能重复参保`);
    expect([await count('mutualaid_enrolments'), await count('mutualaid_batches'), await count('audit_log')]).toEqual([enrolments, batches, audits]);
    expect((await worker.get('/api/m/mutualaid/plans')).json()[0].enrolment.id).toBe(e.id);
    // The union's list shows the worker's own enrolment.
    const list = (await xcq.get(`/api/mutualaid/plans/${planId}/enrolments`)).json();
    expect(list.items.map((x: { personId: number }) => x.personId)).toEqual([workerId]);
  });

  it('has the contribution recorded as paid at the union’s desk, once; the phone then shows it paid', async () => {
    const batches = (await xcq.get(`/api/mutualaid/plans/${planId}/batches`)).json().items as { id: number; payer: string; paidOn: string | null }[];
    const own = batches.find((b) => b.payer === 'self')!;
    expect(own.paidOn).toBeNull();
    const sh = await t.as('sh_admin');
    const audits = await count('audit_log');
    const future = await xcq.post(`/api/mutualaid/batches/${own.id}/paid`, { paidOn: addDays(today, 1) });
    expect(future.statusCode).toBe(400);
    expect(future.json().fields[0]).toMatchObject({ field: 'paidOn', message: '缴费日期不能晚于今天' });
    const early = await xcq.post(`/api/mutualaid/batches/${own.id}/paid`, { paidOn: addDays(today, -3) });
    expect(early.json().fields[0]).toMatchObject({ field: 'paidOn', message: `缴费日期不能早于参保日期（${today}）` });
    // Another city's administrator does not find 新城区's batch, and nothing is written.
    expect((await sh.post(`/api/mutualaid/batches/${own.id}/paid`, { paidOn: today })).statusCode).toBe(404);
    expect(await count('audit_log')).toBe(audits);

    const paid = await xcq.post(`/api/mutualaid/batches/${own.id}/paid`, { paidOn: today });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ id: own.id, payer: 'self', paidOn: today });
    expect(await count('audit_log')).toBe(audits + 1);
    const again = await xcq.post(`/api/mutualaid/batches/${own.id}/paid`, { paidOn: today });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`该批次已于 ${today} 登记缴费`);
    expect((await worker.get('/api/m/mutualaid/plans')).json()[0].enrolment).toMatchObject({ contributionDue: false });
  });

  it('refuses a worker outside the plan’s audience, naming the rule; the plan is not offered to them', async () => {
    expect((await courier.get('/api/m/mutualaid/plans')).json()).toEqual([]);
    const before = await count('mutualaid_enrolments');
    const res = await courier.post(`/api/m/mutualaid/plans/${planId}/enrol`, { agree: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('您不符合“职工意外伤害互助”的参保条件（用工形式为标准劳动关系），不能参保');
    expect(await count('mutualaid_enrolments')).toBe(before);
    expect((await worker.post(`/api/m/mutualaid/plans/${closedToSelf}/enrol`, { agree: true })).statusCode).toBe(404);
  });

  it('answers 401 to a staff session and to nobody', async () => {
    expect((await xcq.get('/api/m/mutualaid/plans')).statusCode).toBe(401);
    expect((await t.anonymous().get('/api/m/mutualaid/cover')).statusCode).toBe(401);
  });
});

describe('claims from the phone', () => {
  let enrolmentId: number;
  let claimId: number;
  const claim = (over: Record<string, unknown> = {}) => ({
    enrolmentId,
    eventDate: addDays(today, -3),
    facts: { outOfPocketFen: 1_100_00 },
    claimedFen: 800_00,
    invoiceNos: ['MA-0001'],
    bankName: '中国建设银行',
    bankAccount: '6217000010001234567',
    note: '下班途中摔伤',
    ...over,
  });

  beforeAll(async () => {
    enrolmentId = (await worker.get('/api/m/mutualaid/cover')).json().enrolments[0].id;
    // Joined before the waiting period ran out: cover from the start of the year for these claims.
    await queryRows(t.db, sql`update mutualaid_enrolments set cover_from = ${`${year}-01-01`}::date where id = ${enrolmentId}`);
  });

  it('refuses a missing document, an event in the waiting period or outside cover with the counter’s words, writing nothing', async () => {
    const before = [await count('mutualaid_claims'), await count('mutualaid_claim_documents')];
    const missing = await fileClaim(worker, claim(), [
      ['id_card', JPEG],
      ['invoice', JPEG],
    ]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toBe('缺少计划要求的申请材料：诊断证明、银行卡');
    await queryRows(t.db, sql`update mutualaid_enrolments set cover_from = ${addDays(today, -1)}::date where id = ${enrolmentId}`);
    const waiting = await fileClaim(worker, claim(), ALL_PHOTOS);
    expect(waiting.json().message).toBe(`出险日期 ${addDays(today, -3)} 在等待期内（保障自 ${addDays(today, -1)} 起生效），不能申请`);
    await queryRows(t.db, sql`update mutualaid_enrolments set cover_from = ${`${year}-01-01`}::date where id = ${enrolmentId}`);
    const outside = await fileClaim(worker, claim({ eventDate: `${year - 1}-12-31` }), ALL_PHOTOS);
    expect(outside.json().message).toContain('不在保障期内');
    const notPhoto = await fileClaim(worker, claim(), [...ALL_PHOTOS, ['diagnosis', Buffer.from('%PDF-1.4 …')]]);
    expect(notPhoto.json()).toMatchObject({ message: '诊断证明：只能上传照片（JPG 或 PNG 格式）', fields: [{ field: 'file' }] });
    const bad = await fileClaim(worker, claim({ eventDate: '2025-02-30', claimedFen: -1 }), ALL_PHOTOS);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['claimedFen', 'eventDate']);
    expect([await count('mutualaid_claims'), await count('mutualaid_claim_documents')]).toEqual(before);
  });

  it('files a claim with photos: the union’s queue has it at 受理, filed by the worker, with the photos under each document', async () => {
    const res = await fileClaim(worker, claim(), ALL_PHOTOS);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    claimId = c.id;
    expect(c).toMatchObject({ status: 'received', source: 'worker', computedFen: 800_00, claimedFen: 800_00, canAppeal: false });
    expect(c.documents).toEqual([
      { kind: 'id_card', files: 1 },
      { kind: 'invoice', files: 2 },
      { kind: 'diagnosis', files: 1 },
      { kind: 'bank_card', files: 1 },
    ]);
    expect(JSON.stringify(c)).not.toContain('6217000010001234567');
    const queue = (await xcq.get('/api/mutualaid/claims?status=received')).json().items;
    expect(queue).toEqual([expect.objectContaining({ id: c.id, source: 'worker', name: '自主参保职工', bankAccountMasked: '6217 **** **** 4567' })]);
    const detail = (await xcq.get(`/api/mutualaid/claims/${c.id}`)).json();
    expect(detail.missingDocuments).toEqual([]);
    expect(detail.steps).toEqual([expect.objectContaining({ action: '受理', by: null, note: '职工在职工端提交' })]);
    const [row] = await queryRows<{ received_by: number | null; worker_id: number | null }>(
      t.db,
      sql`select received_by, worker_id from mutualaid_claims where id = ${c.id}`,
    );
    expect(row!.received_by).toBeNull();
    expect(row!.worker_id).not.toBeNull();
    const [audit] = await queryRows<{ action: string; actor_name: string }>(
      t.db,
      sql`select action, actor_name from audit_log where entity = 'mutualaid_claim' and entity_id = ${String(c.id)} order by id desc limit 1`,
    );
    expect(audit).toEqual({ action: 'mutualaid.worker_claim', actor_name: '职工 138****0101' });
  });

  it('refuses an invoice already claimed with the counter’s words', async () => {
    const before = await count('mutualaid_claims');
    const dup = await fileClaim(worker, claim({ eventDate: addDays(today, -2) }), ALL_PHOTOS);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().message).toMatch(/^发票 MA-0001 已在申请 HZ\d+ 中申报，不能重复申报$/);
    expect(await count('mutualaid_claims')).toBe(before);
  });

  it('shows the claim under my cover; refused by the union, the reason shows and an appeal takes it back to 受理', async () => {
    const cover = (await worker.get('/api/m/mutualaid/cover')).json();
    expect(cover.claims.map((c: { id: number }) => c.id)).toEqual([claimId]);
    expect((await worker.post(`/api/m/mutualaid/claims/${claimId}/appeal`, { reason: '想加快' })).statusCode).toBe(409);
    expect((await cadre.post(`/api/mutualaid/claims/${claimId}/reject`, { reason: '诊断证明照片看不清' })).statusCode).toBe(200);
    const refused = (await worker.get('/api/m/mutualaid/cover')).json().claims[0];
    expect(refused).toMatchObject({ status: 'rejected', rejectReason: '诊断证明照片看不清', canAppeal: true });
    const appealed = await worker.post(`/api/m/mutualaid/claims/${claimId}/appeal`, { reason: '已到工会补交清晰的诊断证明' });
    expect(appealed.statusCode, appealed.body).toBe(200);
    expect(appealed.json()).toMatchObject({ status: 'received', appealReason: '已到工会补交清晰的诊断证明', rejectReason: null });
    expect(appealed.json().steps.map((s: { action: string }) => s.action)).toEqual(['受理', '驳回', '申诉']);
    expect((await worker.get('/api/m/home')).json().counts.mutualaid).toEqual({ inProgress: 1 });
  });

  it('keeps one worker’s enrolment and claim out of another’s reach (404, nothing written)', async () => {
    expect((await other.get('/api/m/mutualaid/cover')).json()).toEqual({ enrolments: [], claims: [] });
    const before = [await count('mutualaid_claims'), await count('mutualaid_claim_steps')];
    const theirs = await fileClaim(other, claim({ invoiceNos: ['MA-0099'] }), ALL_PHOTOS);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().message).toBe('参保记录不存在或无权访问');
    await cadre.post(`/api/mutualaid/claims/${claimId}/reject`, { reason: '仍不清晰' });
    const steps = await count('mutualaid_claim_steps');
    expect((await other.post(`/api/m/mutualaid/claims/${claimId}/appeal`, { reason: '替他申诉' })).statusCode).toBe(404);
    expect([await count('mutualaid_claims'), await count('mutualaid_claim_steps')]).toEqual([before[0], steps]);
  });
});

describe('the certificate of cover (保障凭证) as a PDF', () => {
  it('gives the worker their own, naming them, the plan, the term and the number; another worker’s is not found', async () => {
    const mineNow = (await worker.get('/api/m/mutualaid/cover')).json().enrolments[0] as { id: number; certificateNo: string; coverFrom: string };
    const res = await worker.get(`/api/m/mutualaid/cover/${mineNow.id}/certificate.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(`保障凭证-${mineNow.certificateNo}.pdf`);
    const text = pdfTextRuns(res.rawPayload).flat().join('');
    for (const words of ['职工互助保障凭证', mineNow.certificateNo, '自主参保职工', '职工意外伤害互助', '呼和浩特市总工会', '个人缴费', '身份证'])
      expect(text).toContain(words);
    expect(text).toContain(`${Number(mineNow.coverFrom.slice(5, 7))}月${Number(mineNow.coverFrom.slice(8, 10))}日`);
    // The full ID number is not printed: only its masked form.
    expect(text).not.toMatch(/15010219860202\d{4}/);
    expect((await other.get(`/api/m/mutualaid/cover/${mineNow.id}/certificate.pdf`)).statusCode).toBe(404);
    expect((await t.anonymous().get(`/api/m/mutualaid/cover/${mineNow.id}/certificate.pdf`)).statusCode).toBe(401);
  });

  it('is printed at the desk of a union whose subtree holds the worker, and not at a sibling county’s', async () => {
    const { id, certificateNo } = (await worker.get('/api/m/mutualaid/cover')).json().enrolments[0] as { id: number; certificateNo: string };
    const res = await xcq.get(`/api/mutualaid/enrolments/${id}/certificate.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(pdfTextRuns(res.rawPayload).flat().join('')).toContain(certificateNo);
    expect((await hhht.get(`/api/mutualaid/enrolments/${id}/certificate.pdf`)).statusCode).toBe(200);
    const sibling = await t.as('sh_admin');
    expect((await sibling.get(`/api/mutualaid/enrolments/${id}/certificate.pdf`)).statusCode).toBe(404);
  });
});
