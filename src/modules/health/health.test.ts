import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { judgeLine, outsideRange } from './results.flag.ts';
import { REMIND_FOLLOWUPS } from './results.service.ts';

let t: TestApp;
let xcq: TestClient;
let cadre: TestClient;
let sh: TestClient;
let hhht: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  cadre = await t.as('xcq_cadre');
  sh = await t.as('sh_admin');
  hhht = await t.as('hhht_admin');
});
afterAll(() => t.close());

let seq = 0;
/** A registry person of 新城区's sanitation union (or `orgId`), with the ID number we made for them. */
async function person(name: string, opts: { female?: boolean; orgId?: number; occupation?: string } = {}) {
  seq += 1;
  // The 17th digit gives the sex: odd for men, even for women.
  const sexDigit = opts.female ? 2 : 1;
  const id17 = `1501021988${String((seq % 12) + 1).padStart(2, '0')}${String((seq % 28) + 1).padStart(2, '0')}${String(seq % 100).padStart(2, '0')}${sexDigit}`;
  const idNumber = withCheckCharacter(id17);
  const res = await xcq.post('/api/people', { name, idNumber, orgId: opts.orgId ?? t.seed.xinChengSanitation.id, occupation: opts.occupation ?? 'sanitation' });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, idNumber, name };
}

async function workerFor(personId: number) {
  seq += 1;
  return t.asWorker(`1370000${String(1000 + seq)}`, personId);
}

const tomorrow = addDays(chinaToday(), 1);

/** An open programme of 新城区 for sanitation workers, one hospital with a women's package, slots on two days. */
async function openProgramme(capacity = 5, audience: Record<string, unknown> | null = { occupations: ['sanitation'] }) {
  const created = await xcq.post('/api/health/programmes', {
    orgId: t.seed.xinCheng.id,
    year: Number(chinaToday().slice(0, 4)),
    title: '环卫工人健康体检',
    audience,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  const withHospital = await xcq.post(`/api/health/programmes/${id}/hospitals`, { name: '新城区人民医院', address: '新华大街 1 号' });
  expect(withHospital.statusCode, withHospital.body).toBe(200);
  const hospitalId = withHospital.json().hospitals[0].id as number;
  const withPackage = await xcq.post(`/api/health/programmes/${id}/packages`, {
    hospitalId,
    group: 'women',
    name: '两癌筛查套餐',
    examItems: '宫颈癌筛查、乳腺彩超',
  });
  expect(withPackage.statusCode, withPackage.body).toBe(200);
  const slots = await xcq.post(`/api/health/programmes/${id}/slots`, {
    hospitalId,
    from: tomorrow,
    to: addDays(tomorrow, 1),
    capacity,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
  });
  expect(slots.statusCode, slots.body).toBe(200);
  expect(slots.json().added).toBe(2);
  const opened = await xcq.post(`/api/health/programmes/${id}/status`, { status: 'open' });
  expect(opened.statusCode, opened.body).toBe(200);
  const view = opened.json();
  return { id, hospitalId, packageId: view.packages[0].id as number, slots: view.slots.map((s: { id: number }) => s.id) as number[] };
}

async function slotRow(id: number) {
  const [row] = await queryRows<{ booked: number; capacity: number }>(t.db, sql`select booked, capacity from health_slots where id = ${id}`);
  return row!;
}
async function bookingsOf(programmeId: number) {
  const [row] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from health_bookings where programme_id = ${programmeId}`);
  return row!.n;
}

describe('programmes and slots', () => {
  it('walks 401 → 400 → 404 (sibling county) → 201, and generates one slot per chosen day', async () => {
    expect((await t.anonymous().get('/api/health/programmes')).statusCode).toBe(401);
    const bad = await xcq.post('/api/health/programmes', { orgId: t.seed.xinCheng.id, year: 1999, title: '', audience: null });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['year', 'title']));
    expect((await sh.post('/api/health/programmes', { orgId: t.seed.xinCheng.id, year: 2026, title: '体检', audience: null })).statusCode).toBe(404);
    const p = await openProgramme();
    expect((await sh.get(`/api/health/programmes/${p.id}`)).statusCode).toBe(404);
    expect((await hhht.get(`/api/health/programmes/${p.id}`)).statusCode).toBe(200);
    const again = await xcq.post(`/api/health/programmes/${p.id}/slots`, {
      hospitalId: p.hospitalId,
      from: tomorrow,
      to: addDays(tomorrow, 2),
      capacity: 3,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    expect(again.json().added).toBe(1);
    const backwards = await xcq.post(`/api/health/programmes/${p.id}/slots`, { hospitalId: p.hospitalId, from: tomorrow, to: chinaToday(), capacity: 3 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().fields).toContainEqual({ field: 'to', message: '结束日期不能早于开始日期' });
  });
});

describe('booking', () => {
  it('a worker books with consent; without it, outside the audience, or twice, a clear message and nothing changes', async () => {
    const p = await openProgramme();
    const a = await person('刘环卫');
    const wa = await workerFor(a.id);
    const noConsent = await wa.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0] });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().fields[0]).toMatchObject({ field: 'consent', message: '请阅读并同意《体检健康信息处理告知书》后再预约' });
    const ok = await wa.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], consent: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'booked', source: 'worker', hospitalName: '新城区人民医院', day: tomorrow });
    const twice = await wa.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[1], consent: true });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('每人只能预约一次');
    const [consent] = await queryRows<{ consent_basis: string }>(t.db, sql`select consent_basis from health_bookings where programme_id = ${p.id}`);
    expect(consent!.consent_basis).toContain('本人');

    // A driver is not a sanitation worker: the programme is not theirs (404 on the portal), and booking is refused.
    const d = await person('赵司机', { occupation: 'truck_driver' });
    const wd = await workerFor(d.id);
    expect((await wd.get(`/api/m/health/programmes/${p.id}`)).statusCode).toBe(404);
    expect((await wd.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], consent: true })).statusCode).toBe(404);
    // A man cannot take the women's screening package.
    const m = await person('钱环卫');
    const wm = await workerFor(m.id);
    const women = await wm.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], packageId: p.packageId, consent: true });
    expect(women.statusCode).toBe(400);
    expect(women.json().fields[0].field).toBe('packageId');
    expect((await slotRow(p.slots[0]!)).booked).toBe(1);
    const mine = await wa.get('/api/m/health/bookings');
    expect(mine.json()).toHaveLength(1);
  });

  it('never overbooks a slot: of many racing for the last places, exactly capacity get one and the rest are told it is full', async () => {
    const p = await openProgramme(2);
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => person(`抢号${'甲乙丙丁戊己'[i]}`)));
    const workers = await Promise.all(people.map((x) => workerFor(x.id)));
    const answers = await Promise.all(workers.map((w) => w.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], consent: true })));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 201, 409, 409, 409, 409]);
    const full = answers.find((r) => r.statusCode === 409)!.json();
    expect(full.message).toContain('名额已约满');
    expect(full.fields[0].field).toBe('slotId');
    expect(await slotRow(p.slots[0]!)).toEqual({ booked: 2, capacity: 2 });
    expect(await bookingsOf(p.id)).toBe(2);
    // The database itself refuses an overbooked slot, whatever the code does.
    await expect(t.db.execute(sql`update health_slots set booked = capacity + 1 where id = ${p.slots[0]}`)).rejects.toThrow();
    // And a second booking of one person, whatever the code does.
    await expect(
      t.db.execute(
        sql`insert into health_bookings (programme_id, slot_id, person_id, org_id, org_path, source, consent_basis) select programme_id, ${p.slots[1]}, person_id, org_id, org_path, 'union', 'x' from health_bookings where programme_id = ${p.id} limit 1`,
      ),
    ).rejects.toThrow();
  });

  it('a union books a list or the rule’s people in bulk, on recorded word; a person outside the rule or a full slot refuses all', async () => {
    const p = await openProgramme(3);
    const a = await person('孙环卫');
    const b = await person('周环卫');
    const driver = await person('吴司机', { occupation: 'truck_driver' });
    const outside = await xcq.post(`/api/health/programmes/${p.id}/bookings`, {
      slotId: p.slots[0],
      personIds: [a.id, driver.id],
      consentBasis: '职工书面同意，工会统一报名',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields).toEqual([{ field: 'personIds.1', message: '吴司机不在本次体检的对象范围内' }]);
    expect(await bookingsOf(p.id)).toBe(0);
    const noBasis = await xcq.post(`/api/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], personIds: [a.id], consentBasis: '' });
    expect(noBasis.statusCode).toBe(400);
    expect(noBasis.json().fields[0]).toMatchObject({ field: 'consentBasis', message: '请填写同意依据' });
    const c = await person('郑环卫');
    const d = await person('王环卫');
    const tooMany = await xcq.post(`/api/health/programmes/${p.id}/bookings`, {
      slotId: p.slots[0],
      personIds: [a.id, b.id, c.id, d.id],
      consentBasis: '职工书面同意',
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().fields[0]).toMatchObject({ field: 'slotId', message: '该时段只剩 3 个名额（共 3 个）' });
    expect(await bookingsOf(p.id)).toBe(0);
    expect((await slotRow(p.slots[0]!)).booked).toBe(0);
    const ok = await xcq.post(`/api/health/programmes/${p.id}/bookings`, {
      slotId: p.slots[0],
      personIds: [a.id, b.id],
      consentBasis: '职工书面同意，工会统一报名',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ booked: 2, placesLeft: 1 });
    const again = await xcq.post(`/api/health/programmes/${p.id}/bookings`, { slotId: p.slots[1], personIds: [b.id], consentBasis: '职工书面同意' });
    expect(again.statusCode).toBe(409);
    expect(again.json().fields[0]).toMatchObject({ field: 'personIds.0', message: '周环卫已预约本次体检，每人每个项目只能预约一次' });
    // By rule: as many of the not-yet-booked as the slot has places.
    const byRule = await xcq.post(`/api/health/programmes/${p.id}/bookings`, { slotId: p.slots[1], byRule: true, consentBasis: '经职工代表大会同意统一组织' });
    expect(byRule.statusCode, byRule.body).toBe(200);
    expect(byRule.json().booked).toBe(3);
    const list = await cadre.get(`/api/health/programmes/${p.id}/bookings?pageSize=50`);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(5);
    expect(list.json().items[0].idMasked).toMatch(/\*{8}/);
    // A sibling county books nobody here.
    expect((await sh.post(`/api/health/programmes/${p.id}/bookings`, { slotId: p.slots[1], personIds: [c.id], consentBasis: 'x' })).statusCode).toBe(404);
    // Attendance.
    const first = list.json().items[0];
    const attend = await cadre.post(`/api/health/bookings/${first.id}/attendance`, { attended: true });
    expect(attend.statusCode, attend.body).toBe(200);
    expect(attend.json().status).toBe('attended');
    expect((await sh.post(`/api/health/bookings/${first.id}/attendance`, { attended: true })).statusCode).toBe(404);
  });

  it('a worker cancels and books another day, the place going back; staff cancel with a reason; an attended booking stays', async () => {
    const p = await openProgramme(1);
    const a = await person('冯环卫');
    const wa = await workerFor(a.id);
    const booked = await wa.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], consent: true });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await slotRow(p.slots[0]!)).toEqual({ booked: 1, capacity: 1 });
    // Someone else's booking is not the worker's to cancel (404, as for any id not theirs).
    const other = await workerFor((await person('蒋环卫')).id);
    expect((await other.post(`/api/m/health/bookings/${booked.json().id}/cancel`)).statusCode).toBe(404);
    const cancelled = await wa.post(`/api/m/health/bookings/${booked.json().id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().myBooking).toBeNull();
    expect(cancelled.json().slots.find((s: { id: number }) => s.id === p.slots[0])).toMatchObject({ booked: 0, capacity: 1 });
    expect(await bookingsOf(p.id)).toBe(0);
    expect((await wa.post(`/api/m/health/bookings/${booked.json().id}/cancel`)).statusCode).toBe(404);
    // Another day, then the union cancels it: a reason is required, a sibling county cannot.
    const again = await wa.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[1], consent: true });
    expect(again.statusCode, again.body).toBe(201);
    const noReason = await cadre.post(`/api/health/bookings/${again.json().id}/cancel`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('reason');
    expect((await sh.post(`/api/health/bookings/${again.json().id}/cancel`, { reason: '重复报名' })).statusCode).toBe(404);
    const byUnion = await cadre.post(`/api/health/bookings/${again.json().id}/cancel`, { reason: '职工因病住院，本期不能参加' });
    expect(byUnion.statusCode, byUnion.body).toBe(200);
    expect(byUnion.json().booked).toBe(0);
    const [audit] = await queryRows<{ summary: string }>(t.db, sql`select summary from audit_log where action = 'health.cancel' order by id desc limit 1`);
    expect(audit!.summary).toContain('职工因病住院');
    // Attended: it stays, and so does the slot's count.
    const third = await wa.post(`/api/m/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], consent: true });
    expect((await cadre.post(`/api/health/bookings/${third.json().id}/attendance`, { attended: true })).statusCode).toBe(200);
    const late = await wa.post(`/api/m/health/bookings/${third.json().id}/cancel`);
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('已到检，不能取消预约');
    expect(await slotRow(p.slots[0]!)).toEqual({ booked: 1, capacity: 1 });
  });
});

describe('results', () => {
  async function sheet(rows: (string | number)[][], headers = ['身份证号', '姓名', '检查项目', '结果', '单位', '参考范围', '异常标志']) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('结果');
    ws.addRow(headers);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = (c: TestClient, programmeId: number, buf: Buffer, mode: 'check' | 'apply') => {
    const boundary = 'health-import';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="体检结果.xlsx"\r\n\r\n`),
      buf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return c.request({
      method: 'POST',
      url: `/api/health/programmes/${programmeId}/results/import?mode=${mode}`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };

  it('flags by the hospital’s flag or the reference range', () => {
    expect(outsideRange('7.2', '3.9-6.1')).toBe(true);
    expect(outsideRange('5.0', '3.9~6.1')).toBe(false);
    expect(outsideRange('5.3', '<5.2')).toBe(true);
    expect(outsideRange('阳性', '阴性')).toBe(true);
    expect(judgeLine('5.0', '3.9-6.1', '↑')).toEqual({ abnormal: true });
    expect(judgeLine('7.0', '3.9-6.1', '')).toEqual({ abnormal: true });
    expect(judgeLine('7.0', '', '正常')).toEqual({ abnormal: false });
    expect(judgeLine('7.0', '', '??')).toHaveProperty('problem');
  });

  it('imports a hospital’s sheet all or nothing: a row of someone not booked names the row; abnormal findings become follow-ups with a message', async () => {
    const p = await openProgramme();
    const a = await person('冯环卫', { female: true });
    const b = await person('陈环卫');
    const stranger = await person('褚环卫');
    const ok = await xcq.post(`/api/health/programmes/${p.id}/bookings`, { slotId: p.slots[0], personIds: [a.id, b.id], consentBasis: '职工书面同意' });
    expect(ok.statusCode, ok.body).toBe(200);

    // Without the permission: a cadre may not import or read results.
    expect((await upload(cadre, p.id, await sheet([]), 'check')).statusCode).toBe(403);

    const bad = await sheet([
      [a.idNumber, a.name, '空腹血糖', '7.2', 'mmol/L', '3.9-6.1', '↑'],
      [stranger.idNumber, stranger.name, '空腹血糖', '5.0', 'mmol/L', '3.9-6.1', ''],
      [b.idNumber, b.name, '血压', '', 'mmHg', '', ''],
    ]);
    const checked = await upload(xcq, p.id, bad, 'apply');
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ applied: false, errors: [{ row: 4, column: '结果', message: '请填写结果' }] });
    const bad2 = await sheet([
      [a.idNumber, a.name, '空腹血糖', '7.2', 'mmol/L', '3.9-6.1', '↑'],
      [stranger.idNumber, stranger.name, '空腹血糖', '5.0', 'mmol/L', '3.9-6.1', ''],
    ]);
    const notBooked = await upload(xcq, p.id, bad2, 'apply');
    expect(notBooked.json()).toMatchObject({ applied: false, errors: [{ row: 3, column: '身份证号', message: expect.stringContaining('未预约本次体检') }] });
    const [none] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from health_results r join health_bookings b on b.id = r.booking_id where b.programme_id = ${p.id}`,
    );
    expect(none!.n).toBe(0);
    // The sibling county cannot import into people it does not hold.
    expect((await upload(sh, p.id, bad2, 'apply')).statusCode).toBe(404);

    const good = await sheet([
      [a.idNumber, a.name, '空腹血糖', '7.2', 'mmol/L', '3.9-6.1', '↑'],
      [a.idNumber, a.name, '乳腺彩超', '未见异常', '', '', '正常'],
      [b.idNumber, b.name, '空腹血糖', '5.0', 'mmol/L', '3.9-6.1', ''],
      [b.idNumber, b.name, '总胆固醇', '6.4', 'mmol/L', '<5.2', ''],
    ]);
    const applied = await upload(xcq, p.id, good, 'apply');
    expect(applied.json()).toEqual({ applied: true, rows: 4, abnormal: 2, followUps: 2, errors: [] });
    // Re-importing the same sheet opens no second follow-up.
    expect((await upload(xcq, p.id, good, 'apply')).json()).toMatchObject({ applied: true, followUps: 0 });

    const followups = await xcq.get(`/api/health/followups?programmeId=${p.id}`);
    expect(followups.statusCode).toBe(200);
    expect(
      followups
        .json()
        .items.map((f: { name: string; findings: string }) => [f.name, f.findings])
        .sort(),
    ).toEqual([
      ['冯环卫', '空腹血糖'],
      ['陈环卫', '总胆固醇'],
    ]);
    expect((await cadre.get('/api/health/followups')).statusCode).toBe(403);
    expect((await sh.get(`/api/health/followups?programmeId=${p.id}`)).json().total).toBe(0);
    // The follow-up schedule tells the worker (once, however often it runs).
    await REMIND_FOLLOWUPS.run({ db: t.db });
    await REMIND_FOLLOWUPS.run({ db: t.db });
    const [msg] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from worker_messages where person_id = ${a.id} and kind = 'health.followup'`,
    );
    expect(msg!.n).toBe(1);

    // Reading one person's results is audited.
    const list = (await xcq.get(`/api/health/programmes/${p.id}/bookings`)).json().items as { id: number; name: string; hasResults: boolean; status: string }[];
    const ba = list.find((x) => x.name === '冯环卫')!;
    expect(ba).toMatchObject({ hasResults: true, status: 'attended' });
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'health.results_read'`);
    const res = await xcq.get(`/api/health/bookings/${ba.id}/results`);
    expect(res.statusCode).toBe(200);
    expect(res.json().lines).toHaveLength(2);
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'health.results_read'`);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    expect((await cadre.get(`/api/health/bookings/${ba.id}/results`)).statusCode).toBe(403);

    // The worker sees a summary only.
    const wa = await workerFor(a.id);
    const mine = (await wa.get('/api/m/health/bookings')).json();
    expect(mine[0].results).toEqual({ items: 2, abnormal: 1, abnormalItems: ['空腹血糖'] });
    expect(mine[0].followUp.status).toBe('open');

    // Follow-up done; statistics count it, and say nothing of values.
    const fa = followups.json().items.find((f: { name: string }) => f.name === '冯环卫');
    const done = await xcq.post(`/api/health/followups/${fa.id}/done`, { note: '已复查，医生建议饮食控制' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('done');
    const stats = await cadre.get(`/api/health/programmes/${p.id}/stats`);
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().total).toMatchObject({ booked: 2, done: 2, abnormal: 2, followedUp: 1 });
    expect(stats.json().byOccupation[0].label).toBeTruthy();
  });
});
