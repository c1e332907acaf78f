import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, buildOrgInput, type TestApp, type TestClient } from '../../testing/app.ts';
import { pdfTextRuns } from '../../testing/pdf-text.ts';
import { queryRows } from '../../server/db.ts';
import { systemActor } from '../../server/actor.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { withCreditCheck } from '../../shared/ids.ts';
import { insertChildOrg } from '../orgs/index.ts';
import { countNotices } from '../messages/index.ts';

const idn = withCheckCharacter;
let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
/** A grassroots union of 新城区 with its own credit code, and the employer it stands for. */
let company: { id: number; code: string };

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  const code = withCreditCheck('91150102MA0N00001');
  const org = await t.db.transaction((tx) =>
    insertChildOrg(tx, systemActor(t.seed.root), buildOrgInput({ parentId: t.seed.xinCheng.id, name: '呼和浩特顺丰速运有限公司工会', creditCode: code })),
  );
  company = { id: org.id, code };
});
afterAll(() => t.close());

const join = (w: TestClient, body: Record<string, unknown>) =>
  w.post('/api/m/membership/applications', { name: '王快递', idNumber: idn('15010219950101201'), occupation: 'courier', ...body });

async function applicationOf(w: TestClient) {
  return (await w.get('/api/m/membership')).json().applications[0];
}

describe('routing an application', () => {
  it('sends it to the union whose credit code is the employer’s, and checks the code’s check character', async () => {
    const w = await t.asWorker('13900000001');
    const wrong = company.code.slice(0, 17) + (company.code[17] === '0' ? '1' : '0');
    const bad = await w.post('/api/m/membership/route', { employerCreditCode: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'employerCreditCode', message: expect.stringMatching(/统一社会信用代码无效/) });
    const ok = (await w.post('/api/m/membership/route', { employerCreditCode: company.code.toLowerCase() })).json();
    expect(ok).toMatchObject({ org: { id: company.id }, via: 'employer', needsArea: false });
  });

  it('sends it to the union of the registry’s people of that employer, by name', async () => {
    await xcq.post('/api/people', { name: '环卫甲', idNumber: idn('15010219800101301'), orgId: t.seed.xinChengSanitation.id, employerName: '新城区环卫中心' });
    const w = await t.asWorker('13900000002');
    const r = (await w.post('/api/m/membership/route', { employerName: '新城区环卫中心' })).json();
    expect(r).toMatchObject({ org: { id: t.seed.xinChengSanitation.id }, via: 'employer' });
  });

  it('asks for the area when the employer has no union, then finds the joint union under it, or says there is none', async () => {
    const w = await t.asWorker('13900000003');
    const none = (await w.post('/api/m/membership/route', { employerName: '某某外卖站' })).json();
    expect(none).toMatchObject({ org: null, needsArea: true, message: expect.stringMatching(/联合工会/) });
    const areas = (await w.get(`/api/m/membership/areas?parentId=${t.seed.hhht.id}`)).json();
    expect(areas.map((a: { name: string }) => a.name)).toEqual(['呼和浩特市新城区总工会', '呼和浩特市赛罕区总工会']);
    expect(areas.find((a: { name: string }) => a.name === '呼和浩特市赛罕区总工会').jointCount).toBe(1);
    const joint = (await w.post('/api/m/membership/route', { employerName: '某某外卖站', areaOrgId: t.seed.saihan.id })).json();
    expect(joint).toMatchObject({ org: { id: t.seed.saihanJoint.id }, via: 'joint' });
    const empty = await w.post('/api/m/membership/route', { employerName: '某某外卖站', areaOrgId: t.seed.kundulun.id });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/包头市昆都仑区总工会下暂无联合工会/);
    // Without an area, the application itself is refused with the same advice.
    const refused = await join(w, { employerName: '某某外卖站', idNumber: idn('15010219950101999') });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields[0].field).toBe('areaOrgId');
  });

  it('sends a poster’s applications to the poster’s union, whatever the employer', async () => {
    const w = await t.asWorker('13900000004');
    const r = (await w.post('/api/m/membership/route', { posterOrgId: t.seed.saihanJoint.id, employerName: '新城区环卫中心' })).json();
    expect(r).toMatchObject({ org: { id: t.seed.saihanJoint.id }, via: 'poster' });
    expect((await w.post('/api/m/membership/route', { posterOrgId: t.seed.saihan.id })).statusCode).toBe(400);
  });
});

describe('joining', () => {
  it('refuses a second application while one is open, and an ID number that is already a member', async () => {
    const w = await t.asWorker('13900000010');
    const first = await join(w, { idNumber: idn('15010219950101011'), employerCreditCode: company.code });
    expect(first.statusCode, first.body).toBe(201);
    const second = await join(w, { idNumber: idn('15010219950101011'), employerCreditCode: company.code });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/已有一份入会申请正在审核中/);
    // Another phone with the same ID number: the open application holds it.
    const other = await t.asWorker('13900000011');
    const dup = await join(other, { idNumber: idn('15010219950101011'), employerCreditCode: company.code });
    expect(dup.statusCode).toBe(409);

    const person = (await xcq.post('/api/people', { name: '老会员', idNumber: idn('15010219700101021'), orgId: t.seed.xinChengSanitation.id })).json().id;
    await xcq.post(`/api/people/${person}/membership`, { joinedOn: '2020-01-01' });
    const member = await join(await t.asWorker('13900000012'), { name: '老会员', idNumber: idn('15010219700101021'), employerCreditCode: company.code });
    expect(member.statusCode).toBe(409);
    expect(member.json().message).toMatch(/一人只入会一次/);
    const before = (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from membership_applications`))[0]!.n;
    expect(before).toBe(1);
  });

  it('approval creates the person in the receiving union, the membership with a member number, and binds the phone', async () => {
    const w = await t.asWorker('13900000020');
    const res = await join(w, {
      name: '李骑手',
      idNumber: idn('15010219960202021'),
      employerName: '某某外卖站',
      areaOrgId: t.seed.saihan.id,
      occupation: 'delivery_rider',
    });
    expect(res.statusCode, res.body).toBe(201);
    const app = await applicationOf(w);
    expect(app).toMatchObject({ status: 'submitted', orgName: '赛罕区环卫工人联合工会', steps: [{ status: 'submitted' }] });
    // 新城区 does not see 赛罕区's application.
    expect((await xcq.post(`/api/membership/applications/${app.id}/approve`)).statusCode).toBe(404);
    expect((await sh.post(`/api/membership/applications/${app.id}/review`)).json().status).toBe('reviewing');
    expect((await applicationOf(w)).steps.map((s: { status: string }) => s.status)).toEqual(['submitted', 'reviewing']);
    const approved = await sh.post(`/api/membership/applications/${app.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const { memberNo } = approved.json();
    expect(memberNo).toMatch(/^150105\d{4}\d{7}$/);

    const me = (await w.get('/api/m/me')).json().worker;
    expect(me).toMatchObject({ registered: true, person: { name: '李骑手', org: { id: t.seed.saihanJoint.id } } });
    const mine = (await w.get('/api/m/membership')).json();
    expect(mine.member).toMatchObject({ memberNo, state: 'member', orgName: '赛罕区环卫工人联合工会' });
    expect(mine.applications[0]).toMatchObject({ status: 'approved', memberNo });
    expect(mine.applications[0].steps.map((s: { status: string }) => s.status)).toEqual(['submitted', 'reviewing', 'approved']);
    const [p] = await queryRows<{ id: number; org_id: number; phone_masked: string; occupation: string; employment_form: string }>(
      t.db,
      sql`select p.id, p.org_id, p.phone_masked, p.occupation, p.employment_form from persons p join memberships m on m.person_id = p.id where m.member_no = ${memberNo}`,
    );
    expect(p).toMatchObject({ org_id: t.seed.saihanJoint.id, phone_masked: '139****0020', occupation: 'delivery_rider', employment_form: 'new_form' });
    expect(await countNotices(t.db, 'membership.approved', { personId: p!.id })).toBe(1);
    const [sms] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from sms_outbox o join worker_messages m on m.id = o.message_id where m.kind = 'membership.approved' and m.person_id = ${p!.id}`,
    );
    expect(sms!.n).toBe(1);
    // Decided once only.
    expect((await sh.post(`/api/membership/applications/${app.id}/approve`)).statusCode).toBe(409);
    // A member applying again is told so.
    expect((await join(w, { name: '李骑手', idNumber: idn('15010219960202021'), employerCreditCode: company.code })).json().message).toMatch(/一人只入会一次/);
  });

  it('joins a worker whose record the registry already holds, moving it to the receiving union', async () => {
    const person = (await xcq.post('/api/people', { name: '档案在册', idNumber: idn('15010219880303031'), orgId: t.seed.xinChengSanitation.id })).json().id;
    const w = await t.asWorker('13900000030');
    expect((await join(w, { name: '档案在册', idNumber: idn('15010219880303031'), employerCreditCode: company.code })).statusCode).toBe(201);
    const app = await applicationOf(w);
    expect(app.orgName).toBe('呼和浩特顺丰速运有限公司工会');
    expect((await xcq.post(`/api/membership/applications/${app.id}/approve`)).statusCode).toBe(200);
    const view = (await xcq.get(`/api/people/${person}`)).json();
    expect(view).toMatchObject({ orgId: company.id, membership: { state: 'member' } });
    expect((await w.get('/api/m/me')).json().worker.registered).toBe(true);
  });

  it('refuses with a reason the worker reads, and tells them by text message', async () => {
    const w = await t.asWorker('13900000040');
    await join(w, { name: '赵某', idNumber: idn('15010219900404041'), employerCreditCode: company.code });
    const app = await applicationOf(w);
    expect((await xcq.post(`/api/membership/applications/${app.id}/refuse`, { reason: '' })).statusCode).toBe(400);
    const refused = await xcq.post(`/api/membership/applications/${app.id}/refuse`, { reason: '经核实不在本单位工作' });
    expect(refused.json()).toMatchObject({ status: 'refused', reason: '经核实不在本单位工作' });
    expect(await applicationOf(w)).toMatchObject({ status: 'refused', reason: '经核实不在本单位工作', memberNo: null });
    const [msg] = await queryRows<{ body: string; by_sms: boolean }>(t.db, sql`select body, by_sms from worker_messages where kind = 'membership.refused'`);
    expect(msg).toMatchObject({ body: expect.stringContaining('经核实不在本单位工作'), by_sms: true });
    // A refused application is no longer open: the worker may apply again.
    expect((await join(w, { name: '赵某', idNumber: idn('15010219900404041'), employerCreditCode: company.code })).statusCode).toBe(201);
  });

  it('approves several at once, reporting each failure on its row; an id outside the scope refuses the batch', async () => {
    const ids: number[] = [];
    for (const [i, phone] of ['13900000051', '13900000052', '13900000053'].entries()) {
      const w = await t.asWorker(phone);
      const r = await join(w, { name: `批量${'甲乙丙'[i]}`, idNumber: idn(`1501021991050505${i}`), employerCreditCode: company.code });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }
    // The third one's ID number becomes a member through the registry before the batch.
    const p = (await xcq.post('/api/people', { name: '批量丙', idNumber: idn('15010219910505052'), orgId: company.id })).json().id;
    await xcq.post(`/api/people/${p}/membership`, { joinedOn: '2024-01-01' });
    const shApp = (await sh.get('/api/membership/applications?status=open')).json().items;
    expect(shApp).toEqual([]);
    const other = await t.asWorker('13900000054');
    const outside = (await join(other, { name: '外区', idNumber: idn('15010519910505054'), employerName: '无工会单位', areaOrgId: t.seed.saihan.id })).json()
      .id;
    expect((await xcq.post('/api/membership/applications/bulk-approve', { applicationIds: [ids[0], outside] })).statusCode).toBe(404);
    const res = (await xcq.post('/api/membership/applications/bulk-approve', { applicationIds: ids })).json();
    expect(res).toMatchObject({ approved: 2, failed: 1 });
    expect(res.rows[2]).toMatchObject({ id: ids[2], ok: false, message: expect.stringMatching(/一人只入会一次/) });
    expect(res.rows.slice(0, 2).every((r: { memberNo: string }) => /^150102/.test(r.memberNo))).toBe(true);
  });

  it('lists the queue with filters, inside the scope', async () => {
    const all = (await xcq.get('/api/membership/applications?pageSize=100')).json();
    expect(all.items.every((a: { orgName: string }) => !a.orgName.includes('赛罕'))).toBe(true);
    const open = (await xcq.get('/api/membership/applications?status=open')).json();
    expect(open.items.every((a: { status: string }) => ['submitted', 'reviewing'].includes(a.status))).toBe(true);
    expect((await xcq.get('/api/membership/applications?occupation=delivery_rider')).json().total).toBe(0);
    expect((await sh.get('/api/membership/applications?occupation=delivery_rider')).json().total).toBe(1);
    expect((await xcq.get(`/api/membership/applications?orgId=${t.seed.saihan.id}`)).statusCode).toBe(404);
    const inbox = (await xcq.get('/api/inbox')).json().groups.find((g: { kind: string }) => g.kind === 'membership.approve');
    expect(inbox.total).toBe(open.total);
  });
});

describe('transfer (转会)', () => {
  it('moves a member to the new employer’s union through 转出中, accepted by that union', async () => {
    const person = (await sh.post('/api/people', { name: '转会人', idNumber: idn('15010519870707071'), orgId: t.seed.saihanJoint.id })).json().id;
    await sh.post(`/api/people/${person}/membership`, { joinedOn: '2021-05-01' });
    const memberNo = (await sh.get(`/api/people/${person}`)).json().membership.memberNo as string;
    expect(memberNo).toMatch(/^150105/);
    const w = await t.asWorker('13900000070', person);
    const same = await w.post('/api/m/membership/transfer', { employerName: '某外卖站', areaOrgId: t.seed.saihan.id });
    expect(same.json().message).toMatch(/无需转会/);
    const res = await w.post('/api/m/membership/transfer', { employerCreditCode: company.code });
    expect(res.statusCode, res.body).toBe(201);
    expect((await w.get('/api/m/membership')).json().member).toMatchObject({ state: 'transferring', pendingOrgName: '呼和浩特顺丰速运有限公司工会' });
    expect((await w.post('/api/m/membership/transfer', { employerCreditCode: company.code })).statusCode).toBe(409);
    const app = await applicationOf(w);
    expect(app).toMatchObject({ kind: 'transfer', fromOrgName: '赛罕区环卫工人联合工会' });
    expect((await sh.post(`/api/membership/applications/${app.id}/approve`)).statusCode).toBe(404);
    const ok = await xcq.post(`/api/membership/applications/${app.id}/approve`);
    expect(ok.json()).toMatchObject({ memberNo });
    expect((await w.get('/api/m/membership')).json().member).toMatchObject({ state: 'member', memberNo, orgName: '呼和浩特顺丰速运有限公司工会' });
    expect((await xcq.get(`/api/people/${person}`)).json()).toMatchObject({ orgId: company.id, employerCreditCode: company.code });
  });

  it('a refused transfer leaves the member where they were', async () => {
    const person = (await sh.post('/api/people', { name: '留原会', idNumber: idn('15010519870707081'), orgId: t.seed.saihanJoint.id })).json().id;
    await sh.post(`/api/people/${person}/membership`, { joinedOn: '2021-05-01' });
    const w = await t.asWorker('13900000080', person);
    await w.post('/api/m/membership/transfer', { employerCreditCode: company.code });
    const app = await applicationOf(w);
    await xcq.post(`/api/membership/applications/${app.id}/refuse`, { reason: '请提供劳动合同' });
    expect((await w.get('/api/m/membership')).json().member).toMatchObject({ state: 'member', orgName: '赛罕区环卫工人联合工会' });
  });
});

describe('drive statistics and the poster', () => {
  it('counts applications by channel, occupation and day, with the median time to approval, rolled up the tree', async () => {
    const w = await t.asWorker('13900000090');
    await join(w, { name: '扫码者', idNumber: idn('15010219920909091'), posterOrgId: company.id, occupation: 'sanitation' });
    const hhht = await t.as('hhht_admin');
    const s = (await hhht.get('/api/membership/stats')).json();
    const [db] = await queryRows<{ n: number; approved: number }>(
      t.db,
      sql`select count(*)::int as n, count(*) filter (where status = 'approved')::int as approved from membership_applications where kind = 'join'`,
    );
    expect(s.applications).toBe(db!.n);
    expect(s.approved).toBe(db!.approved);
    expect(s.byChannel.find((c: { channel: string }) => c.channel === 'poster').applications).toBe(1);
    expect(s.byOccupation.find((o: { occupation: string }) => o.occupation === 'delivery_rider')).toMatchObject({
      label: '外卖送餐员',
      applications: 1,
      approved: 1,
    });
    expect(s.byDay.reduce((n: number, d: { applications: number }) => n + d.applications, 0)).toBe(db!.n);
    expect(s.medianHoursToApproval).toBeGreaterThanOrEqual(0);
    const xc = s.byOrg.find((o: { orgName: string }) => o.orgName === '呼和浩特市新城区总工会');
    const shRow = s.byOrg.find((o: { orgName: string }) => o.orgName === '呼和浩特市赛罕区总工会');
    expect(xc.applications + shRow.applications).toBe(db!.n);
    expect(shRow.applications).toBe((await sh.get('/api/membership/stats')).json().applications);
    // A county's statistics stop at its own subtree.
    expect((await sh.get(`/api/membership/stats?orgId=${t.seed.xinCheng.id}`)).statusCode).toBe(404);
  });

  it('prints a union’s poster whose QR opens the join page for that union', async () => {
    const res = await xcq.get(`/api/membership/orgs/${company.id}/poster.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfTextRuns(res.rawPayload).flat().join('');
    expect(text).toContain('扫码加入工会');
    expect(text).toContain('呼和浩特顺丰速运有限公司工会');
    expect(text).toContain(`/m/join?org=${company.id}`);
    expect((await xcq.get(`/api/membership/orgs/${t.seed.xinCheng.id}/poster.pdf`)).statusCode).toBe(400);
    expect((await xcq.get(`/api/membership/orgs/${t.seed.saihanJoint.id}/poster.pdf`)).statusCode).toBe(404);
  });
});
