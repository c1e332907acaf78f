/**
 * 申请帮扶 on the worker portal, through the HTTP API against a real database: the self-test with
 * the worker's own union's policy values, the application that lands in the staff ledger waiting
 * for verification, one open file per person, photos checked by content and size, the status and
 * the refusal reason as the worker reads them, notices on each decision, and nothing of it
 * reachable by another worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { noticeServed } from '../../testing/notice.ts';
import { queryRows } from '../../server/db.ts';
import { systemActor } from '../../server/actor.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import { setPolicy } from '../policies/index.ts';

let t: TestApp;
let xcqAdmin: TestClient;
let shAdmin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor(t.seed.root);
  const set = (orgId: number, key: string, value: number) =>
    setPolicy(t.db, actor, { orgId, key: key as never, value, effectiveFrom: '2025-01-01', note: null });
  await set(t.seed.root.id, 'relative_hardship_multiplier', 2);
  await set(t.seed.root.id, 'accident_cost_share', 0.8);
  await set(t.seed.root.id, 'migrant_min_years', 1);
  // 内蒙古's 低保 line, and 新城区's own higher one: the same household falls differently in each.
  await set(t.seed.nmg.id, 'dibao_monthly', 760_00);
  await set(t.seed.xinCheng.id, 'dibao_monthly', 1000_00);
  xcqAdmin = await t.as('xcq_admin');
  shAdmin = await t.as('sh_admin');
});
afterAll(() => t.close());

let seq = 100;
let phones = 0;
/** A registry person of `orgId` and a worker signed in with a phone bound to them. */
async function worker(name: string, orgId = t.seed.xinChengSanitation.id, staff = xcqAdmin) {
  seq += 1;
  const res = await staff.post('/api/people', { name, idNumber: withCheckCharacter(`15010219800303${String(seq).padStart(3, '0')}`), orgId });
  expect(res.statusCode, res.body).toBe(201);
  const personId = res.json().id as number;
  const client = await t.asWorker(`1390000${String(++phones).padStart(4, '0')}`, personId);
  return { personId, client, name };
}

/** Two people living on 1,800 元 a month: 900 元 each. */
const figures = (over: Record<string, unknown> = {}) => ({
  householdSize: 2,
  monthlyIncomeFen: 1_800_00,
  medicalSpendingFen: 0,
  educationSpendingFen: 0,
  otherSpendingFen: 0,
  ...over,
});
const application = (over: Record<string, unknown> = {}) => ({
  ...figures(),
  mainCause: 'serious_illness',
  housing: 'rented',
  statement: '爱人患尿毒症，每周透析三次，孩子上初中。',
  consent: true,
  ...over,
});

function photoForm(data: Buffer, filename = 'photo.jpg') {
  const boundary = 'help-photo';
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (c: TestClient, caseId: number, data: Buffer, filename?: string) =>
  c.request({ method: 'POST', url: `/api/m/hardship/applications/${caseId}/photos`, ...photoForm(data, filename) });
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 3)]);

async function messages(personId: number) {
  return queryRows<{ kind: string; title: string; body: string; link: string; by_sms: boolean; outbox: number }>(
    t.db,
    sql`select m.kind, m.title, m.body, m.link, m.by_sms, (select count(*)::int from sms_outbox o where o.message_id = m.id) as outbox
          from worker_messages m where m.person_id = ${personId} order by m.id`,
  );
}

describe('self-test', () => {
  it('computes the category with the worker’s own union’s 低保 line and says why with the figures', async () => {
    const xcq = await worker('赵淑芬');
    const deep = await xcq.client.post('/api/m/hardship/self-test', figures());
    expect(deep.statusCode, deep.body).toBe(200);
    expect(deep.json()).toEqual({
      category: 'deep',
      categoryLabel: '深度困难',
      perCapitaMonthlyFen: 900_00,
      dibaoFen: 1000_00,
      relativeLineFen: 2000_00,
      explanation: '您家人均月收入 ¥900，低于本地低保标准 ¥1,000，可按深度困难申请。',
      formula: '人均月收入 =（家庭月收入 ¥1,800 × 12 − 全年刚性支出 ¥0）÷ 12 ÷ 家庭人口 2 人 = ¥900',
      eligible: true,
    });

    const sh = await worker('钱桂兰', t.seed.saihanJoint.id, shAdmin);
    const relative = (await sh.client.post('/api/m/hardship/self-test', figures())).json();
    expect(relative).toMatchObject({ category: 'relative', dibaoFen: 760_00, relativeLineFen: 1520_00 });
    expect(relative.explanation).toBe('您家人均月收入 ¥900，低于本地低保标准 ¥760 的 2 倍 ¥1,520，可按相对困难申请。');

    // Hardship spending comes off the income before it is shared: (3,600×12 − 24,000) ÷ 12 ÷ 2 = 800.
    const spending = (
      await sh.client.post('/api/m/hardship/self-test', figures({ monthlyIncomeFen: 3_600_00, medicalSpendingFen: 18_000_00, educationSpendingFen: 6_000_00 }))
    ).json();
    expect(spending).toMatchObject({ category: 'relative', perCapitaMonthlyFen: 800_00 });
    expect(spending.formula).toContain('全年刚性支出 ¥24,000');

    const none = (await sh.client.post('/api/m/hardship/self-test', figures({ monthlyIncomeFen: 4_000_00 }))).json();
    expect(none).toMatchObject({ category: null, eligible: false });
    expect(none.explanation).toBe(
      '您家人均月收入 ¥2,000，不低于本地低保标准 ¥760 的 2 倍 ¥1,520，暂不符合困难职工认定条件。如遇突发困难，可联系所在工会咨询临时救助。',
    );
  });

  it('refuses bad figures at their field, a stranger, a staff session, and a worker not in the registry', async () => {
    const w = await worker('孙玉梅');
    const bad = await w.client.post('/api/m/hardship/self-test', figures({ householdSize: 0 }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toContainEqual({ field: 'householdSize', message: '家庭人口不能小于 1' });
    expect((await t.anonymous().post('/api/m/hardship/self-test', figures())).statusCode).toBe(401);
    expect((await xcqAdmin.post('/api/m/hardship/self-test', figures())).statusCode).toBe(401);
    const stranger = await t.asWorker('13900009999');
    const refused = await stranger.post('/api/m/hardship/self-test', figures());
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('尚未关联职工档案');
  });
});

describe('applying for help', () => {
  it('lands in the union’s ledger as a file waiting for verification, marked 职工申请, seen by that union’s staff only', async () => {
    const w = await worker('周丽华');
    const res = await w.client.post('/api/m/hardship/applications', application());
    expect(res.statusCode, res.body).toBe(201);
    const mine = res.json();
    expect(mine).toMatchObject({
      source: 'worker',
      stage: 'pending',
      stageLabel: '待核实',
      category: 'deep',
      categoryLabel: '深度困难',
      householdSize: 2,
      perCapitaMonthlyFen: 900_00,
      refusalReason: null,
      canAddPhotos: true,
    });
    expect(mine.timeline.map((e: { label: string }) => e.label)).toEqual(['提交帮扶申请']);

    const ledger = (await xcqAdmin.get(`/api/hardship/cases?q=${encodeURIComponent(w.name)}`)).json();
    expect(ledger.items).toHaveLength(1);
    expect(ledger.items[0]).toMatchObject({ id: mine.id, caseNo: mine.caseNo, status: 'applied', source: 'worker', orgId: t.seed.xinChengSanitation.id });
    const file = (await xcqAdmin.get(`/api/hardship/cases/${mine.id}`)).json();
    expect(file).toMatchObject({ status: 'applied', source: 'worker', statement: '爱人患尿毒症，每周透析三次，孩子上初中。', filedBy: null, householdSize: 2 });
    expect(file.explanation).toBe('人均月收入 900元 < 低保标准 1,000元 → 深度困难');
    expect(file.timeline[0]).toMatchObject({ action: 'apply', label: '职工申请', by: null });
    // Nobody filed it from the staff side, so the union's admin may verify it.
    expect(file.can.actions).toContain('verify');
    expect((await shAdmin.get(`/api/hardship/cases/${mine.id}`)).statusCode).toBe(404);

    const [audit] = await queryRows<{ actor_name: string; summary: string }>(
      t.db,
      sql`select actor_name, summary from audit_log where action = 'hardship.apply' and entity_id = ${String(mine.id)}`,
    );
    expect(audit!.actor_name).toMatch(/^职工 139\*\*\*\*\d{4}$/);
    expect(audit!.summary).toBe(`职工申请帮扶 ${mine.caseNo}（${w.name}，深度困难）`);
  });

  it('refuses a second application while one is open, and changes nothing', async () => {
    const w = await worker('吴秀珍');
    const first = await w.client.post('/api/m/hardship/applications', application());
    expect(first.statusCode, first.body).toBe(201);
    const second = await w.client.post('/api/m/hardship/applications', application({ householdSize: 3 }));
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toBe(`您已有一份帮扶申请或困难职工档案正在办理（编号 ${first.json().caseNo}），办结前不能再次申请`);
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from hardship_cases where person_id = ${w.personId}`);
    expect(n!.n).toBe(1);
    expect((await w.client.get('/api/m/hardship/applications')).json().items).toHaveLength(1);
  });

  it('refuses figures that meet no category, and an application without the consent', async () => {
    const w = await worker('郑美玲');
    const none = await w.client.post('/api/m/hardship/applications', application({ monthlyIncomeFen: 5_000_00 }));
    expect(none.statusCode).toBe(400);
    expect(none.json().fields[0]).toEqual({ field: 'monthlyIncomeFen', message: expect.stringContaining('暂不符合困难职工认定条件') });
    const noConsent = await w.client.post('/api/m/hardship/applications', application({ consent: false }));
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().fields).toContainEqual({ field: 'consent', message: '请确认所填情况属实，并同意工会核实家庭收支情况' });
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from hardship_cases where person_id = ${w.personId}`);
    expect(n!.n).toBe(0);
  });
});

describe('photos', () => {
  it('takes JPG and PNG by their bytes up to 5 MB, and refuses other files at the file field', async () => {
    const w = await worker('冯春燕');
    const { id } = (await w.client.post('/api/m/hardship/applications', application())).json();
    const pdf = await upload(w.client, id, Buffer.from('%PDF-1.4 a scanned page'), '诊断书.jpg');
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().fields[0]).toEqual({ field: 'file', message: '只能上传照片（JPG 或 PNG 格式）' });
    const big = await upload(w.client, id, Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(big.statusCode).toBe(400);
    expect(big.json().fields[0]).toEqual({ field: 'file', message: '每张照片不能超过 5 MB' });

    const ok = await upload(w.client, id, JPEG, '诊断书.jpg');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().photos).toEqual([{ id: expect.any(Number), title: '职工上传的照片 1', size: JPEG.length, at: expect.any(String) }]);
    const photoId = ok.json().photos[0].id;
    const back = await w.client.get(`/api/m/hardship/applications/${id}/photos/${photoId}`);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(back.rawPayload.equals(JPEG)).toBe(true);

    // The union's staff find it among the file's documents.
    const file = (await xcqAdmin.get(`/api/hardship/cases/${id}`)).json();
    expect(file.attachments).toEqual([expect.objectContaining({ id: photoId, title: '职工上传的照片 1', mime: 'image/jpeg', by: null })]);
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from hardship_attachments where case_id = ${id}`);
    expect(n!.n).toBe(1);
  });
});

describe('status and notices', () => {
  it('shows each step with the refusal reason, and tells the worker of verification and refusal', async () => {
    const w = await worker('陈桂香');
    let mine = (await w.client.post('/api/m/hardship/applications', application())).json();
    let file = (await xcqAdmin.get(`/api/hardship/cases/${mine.id}`)).json();
    file = (await xcqAdmin.post(`/api/hardship/cases/${mine.id}/transition`, { action: 'verify', version: file.version })).json();
    mine = (await w.client.get(`/api/m/hardship/applications/${mine.id}`)).json();
    expect(mine).toMatchObject({ stage: 'verified', stageLabel: '已核实', canAddPhotos: true });

    const close = await xcqAdmin.post(`/api/hardship/cases/${mine.id}/transition`, {
      action: 'close',
      reason: '入户核查发现家庭另有商铺出租收入',
      version: file.version,
    });
    expect(close.statusCode, close.body).toBe(200);
    mine = (await w.client.get(`/api/m/hardship/applications/${mine.id}`)).json();
    expect(mine).toMatchObject({ stage: 'refused', stageLabel: '未通过', refusalReason: '入户核查发现家庭另有商铺出租收入', canAddPhotos: false });
    expect(mine.timeline.map((e: { label: string }) => e.label)).toEqual(['提交帮扶申请', '工会核实通过', '申请未通过']);
    const late = await upload(w.client, mine.id, JPEG);
    expect(late.statusCode).toBe(409);

    expect(await messages(w.personId)).toEqual([
      expect.objectContaining({ kind: 'hardship.verified', title: '帮扶申请已核实', link: '/help', by_sms: false, outbox: 0 }),
      expect.objectContaining({
        kind: 'hardship.refused',
        title: '帮扶申请未通过',
        body: `您的帮扶申请（${mine.caseNo}）未通过：入户核查发现家庭另有商铺出租收入。如有疑问，请联系所在工会。`,
        by_sms: true,
        outbox: 1,
      }),
    ]);

    // Refused and closed, the person may apply again.
    expect((await w.client.post('/api/m/hardship/applications', application())).statusCode).toBe(201);
  });

  it('shows 公示中 and 已建档, and tells the worker of the approval by text message too', async () => {
    const w = await worker('褚凤英');
    const mine = (await w.client.post('/api/m/hardship/applications', application())).json();
    let file = (await xcqAdmin.get(`/api/hardship/cases/${mine.id}`)).json();
    for (const [action, stage] of [
      ['verify', '已核实'],
      ['notice', '公示中'],
      ['approve', '已建档'],
    ] as const) {
      if (action === 'approve') await noticeServed(t.db, mine.id);
      const res = await xcqAdmin.post(`/api/hardship/cases/${mine.id}/transition`, { action, version: file.version });
      expect(res.statusCode, res.body).toBe(200);
      file = res.json();
      expect((await w.client.get(`/api/m/hardship/applications/${mine.id}`)).json().stageLabel).toBe(stage);
    }
    const list = (await w.client.get('/api/m/hardship/applications')).json();
    expect(list.items[0]).toMatchObject({ stage: 'approved', refusalReason: null, canAddPhotos: false });
    const notices = await messages(w.personId);
    expect(notices.map((m) => [m.kind, m.by_sms, m.outbox])).toEqual([
      ['hardship.verified', false, 0],
      ['hardship.approved', true, 1],
    ]);
    expect(notices[1]!.body).toContain('已建立困难职工档案（深度困难）');
  });

  it('tells the person of a file staff made for them as well', async () => {
    const w = await worker('卫玉兰');
    const cadre = await t.as('xcq_cadre');
    const filed = await cadre.post('/api/hardship/cases', {
      personId: w.personId,
      members: [],
      yearlyIncomeFen: 600_00 * 12,
      housing: 'rented',
      mainCause: 'laid_off',
      assessedOn: chinaToday(),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    await xcqAdmin.post(`/api/hardship/cases/${filed.json().id}/transition`, { action: 'verify', version: filed.json().version });
    expect((await messages(w.personId)).map((m) => m.kind)).toEqual(['hardship.verified']);
    expect((await w.client.get('/api/m/hardship/applications')).json().items[0]).toMatchObject({ source: 'staff', stageLabel: '已核实' });
  });
});

describe('another worker', () => {
  it('reaches none of my application, its photos or its status', async () => {
    const me = await worker('蒋秋菊');
    const mine = (await me.client.post('/api/m/hardship/applications', application())).json();
    const photo = (await upload(me.client, mine.id, JPEG)).json().photos[0];
    const other = await worker('沈冬梅');
    expect((await other.client.get('/api/m/hardship/applications')).json().items).toEqual([]);
    const read = await other.client.get(`/api/m/hardship/applications/${mine.id}`);
    expect(read.statusCode).toBe(404);
    expect(read.json().message).toBe('帮扶申请不存在或无权访问');
    expect((await other.client.get(`/api/m/hardship/applications/${mine.id}/photos/${photo.id}`)).statusCode).toBe(404);
    expect((await upload(other.client, mine.id, JPEG)).statusCode).toBe(404);
    // My own photo id under another of my ids is not found either.
    expect((await me.client.get(`/api/m/hardship/applications/${mine.id + 100000}/photos/${photo.id}`)).statusCode).toBe(404);
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from hardship_attachments where case_id = ${mine.id}`);
    expect(n!.n).toBe(1);
  });
});
