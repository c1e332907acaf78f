import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { addDays, chinaToday } from '../../shared/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';

let t: TestApp;
let xcq: TestClient;
let sh: TestClient;
let city: TestClient;
let cadre: TestClient;

const today = chinaToday();
const startsOn = addDays(today, 30);
const year = Number(startsOn.slice(0, 4));
/** A child's ID number whose holder is `age` on the camp's first day. */
const childId = (age: number, seq: number, region = '150102') =>
  withCheckCharacter(`${region}${addDays(`${year - age}${startsOn.slice(4)}`, -40).replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
let seqNo = 100;
const adultId = () => withCheckCharacter(`15010219850101${String(seqNo++).padStart(3, '0')}`);
const consent = { givenBy: '王建国', relation: 'father', givenOn: today, purpose: '报名工会夏令营' };

const count = async (table: string) => (await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

async function person(client: TestClient, orgId: number, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/people', { name: '王建国', idNumber: adultId(), orgId, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function child(client: TestClient, guardianPersonId: number, age: number, grade: number, seq: number) {
  const res = await client.post('/api/events/camps/children', { guardianPersonId, name: '王小明', idNumber: childId(age, seq), grade, consent });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const campBody = (over: Record<string, unknown> = {}) => ({
  orgId: t.seed.hhht.id,
  title: '职工子女暑期夏令营',
  place: '大青山营地',
  startsOn,
  endsOn: addDays(startsOn, 5),
  places: 3,
  minAge: 8,
  maxAge: 12,
  minGrade: 2,
  maxGrade: 6,
  reserved: { model_worker: 1, sanitation: 1 },
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  sh = await t.as('sh_admin');
  city = await t.as('hhht_admin');
  cadre = await t.as('xcq_cadre');
});
afterAll(() => t.close());

describe('camps', () => {
  it('refuses strangers, checks the rules with the field named, and keeps the organiser’s camp out of other counties’ hands', async () => {
    expect((await t.anonymous().get('/api/events/camps')).statusCode).toBe(401);
    const before = await count('camps');
    const ages = await city.post('/api/events/camps', campBody({ minAge: 12, maxAge: 8 }));
    expect(ages.statusCode).toBe(400);
    expect(ages.json().fields[0]).toMatchObject({ field: 'maxAge', message: '最大年龄不能小于最小年龄' });
    const reserved = await city.post('/api/events/camps', campBody({ places: 2, reserved: { hardship: 2, sanitation: 1 } }));
    expect(reserved.statusCode).toBe(400);
    expect(reserved.json().fields[0]).toMatchObject({ field: 'reserved', message: expect.stringMatching(/预留名额合计 3 个，超过了总名额 2 个/) });
    const title = await city.post('/api/events/camps', campBody({ title: '' }));
    expect(title.json().fields[0]).toMatchObject({ field: 'title', message: '请填写营期名称' });
    // 新城区 cannot organise for the city above it.
    expect((await xcq.post('/api/events/camps', campBody())).statusCode).toBe(404);
    expect(await count('camps')).toBe(before);

    const created = await city.post('/api/events/camps', campBody());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ phase: 'open', places: 3, reserved: { model_worker: 1, sanitation: 1, hardship: 0 }, can: { manage: true } });
    const [ev] = await queryRows<{ kind: string; capacity: number }>(t.db, sql`select kind, capacity from events where id = ${created.json().id}`);
    expect(ev).toEqual({ kind: 'summer_camp', capacity: 3 });
    // The county sees the city's camp (its workers may apply) but may not run its draw; 包头's admin does not see it at all.
    expect((await xcq.get(`/api/events/camps/${created.json().id}`)).json().can.manage).toBe(false);
    expect((await xcq.post(`/api/events/camps/${created.json().id}/seed`, { announcedValue: 'x' })).statusCode).toBe(404);
  });
});

describe('children', () => {
  it('need their own permission and the guardian’s consent, keep the ID number encrypted, and every reading of the details is audited', async () => {
    const guardian = await person(xcq, t.seed.xinChengSanitation.id);
    const body = { guardianPersonId: guardian, name: '王小明', idNumber: childId(9, 1), grade: 3 };
    expect((await cadre.post('/api/events/camps/children', { ...body, consent })).statusCode).toBe(403);
    const before = await count('camp_children');
    const noConsent = await xcq.post('/api/events/camps/children', body);
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().fields[0]).toMatchObject({ field: 'consent', message: expect.stringMatching(/监护人.*单独同意/) });
    const noPurpose = await xcq.post('/api/events/camps/children', { ...body, consent: { ...consent, purpose: '' } });
    expect(noPurpose.json().fields[0]).toMatchObject({ field: 'consent.purpose', message: '请填写同意用途' });
    const badId = await xcq.post('/api/events/camps/children', { ...body, idNumber: '150102201501011230', consent });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().fields[0].field).toBe('idNumber');
    // 赛罕区 cannot register a child for a 新城区 worker.
    expect((await sh.post('/api/events/camps/children', { ...body, consent })).statusCode).toBe(404);
    expect(await count('camp_children')).toBe(before);

    const res = await xcq.post('/api/events/camps/children', { ...body, consent });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ nameMasked: '王**', idMasked: expect.stringMatching(/^150102\*+\d{4}$/), consentGivenBy: '王建国', grade: 3 });
    const [stored] = await queryRows<{ id_number_enc: string }>(t.db, sql`select id_number_enc from camp_children where id = ${res.json().id}`);
    expect(stored!.id_number_enc).not.toContain(body.idNumber.slice(6, 14));
    expect((await xcq.post('/api/events/camps/children', { ...body, consent })).statusCode).toBe(409);

    const list = (await xcq.get(`/api/events/camps/children?guardianPersonId=${guardian}`)).json();
    expect(list.items).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain('王小明');
    expect((await sh.get('/api/events/camps/children')).json().items.some((c: { id: number }) => c.id === res.json().id)).toBe(false);

    const id = res.json().id;
    expect((await sh.post(`/api/events/camps/children/${id}/reveal`, { reason: '核对' })).statusCode).toBe(404);
    expect((await xcq.post(`/api/events/camps/children/${id}/reveal`, {})).json().fields[0].field).toBe('reason');
    const auditsBefore = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'camps.child.read'`);
    const details = await xcq.post(`/api/events/camps/children/${id}/reveal`, { reason: '核对报名材料' });
    expect(details.statusCode, details.body).toBe(200);
    expect(details.json()).toMatchObject({ name: '王小明', idNumber: body.idNumber, consentPurpose: '报名工会夏令营', consentChannel: 'staff' });
    const audits = await queryRows<{ summary: string; entity_id: string }>(
      t.db,
      sql`select summary, entity_id from audit_log where action = 'camps.child.read' order by id desc limit 1`,
    );
    expect(audits[0]).toMatchObject({ entity_id: String(id), summary: expect.stringMatching(/核对报名材料/) });
    expect((await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'camps.child.read'`))[0]!.n).toBe(
      auditsBefore[0]!.n + 1,
    );
  });
});

describe('applications and the draw', () => {
  let campId: number;
  const apps: { no: number; groups: string[] }[] = [];

  it('refuses a child too old, too young or in the wrong grade, twice in one camp, or of someone outside the scope — nothing saved', async () => {
    campId = (await city.post('/api/events/camps', campBody({ title: '摇号测试营' }))).json().id;
    const g = await person(xcq, t.seed.xinChengSanitation.id);
    const old = await child(xcq, g, 13, 5, 11);
    const g2 = await person(xcq, t.seed.xinChengSanitation.id);
    const young = await child(xcq, g2, 7, 2, 12);
    const g3 = await person(xcq, t.seed.xinChengSanitation.id);
    const grade = await child(xcq, g3, 10, 7, 13);
    const before = await count('camp_applications');
    const tooOld = await xcq.post(`/api/events/camps/${campId}/applications`, { childId: old });
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.json().fields[0]).toMatchObject({ field: 'childId', message: expect.stringMatching(/13 岁，超过最大年龄 12 岁/) });
    expect((await xcq.post(`/api/events/camps/${campId}/applications`, { childId: young })).json().fields[0].message).toMatch(/7 岁，未到最小年龄 8 岁/);
    expect((await xcq.post(`/api/events/camps/${campId}/applications`, { childId: grade })).json().fields[0].message).toMatch(/初一，本营只收二年级至六年级/);
    // 赛罕区 cannot apply for a 新城区 worker's child; a cadre lacks the children permission.
    const ok = await child(xcq, await person(xcq, t.seed.xinChengSanitation.id), 9, 3, 14);
    expect((await sh.post(`/api/events/camps/${campId}/applications`, { childId: ok })).statusCode).toBe(404);
    expect((await cadre.post(`/api/events/camps/${campId}/applications`, { childId: ok })).statusCode).toBe(403);
    expect((await xcq.post(`/api/events/camps/${campId}/applications`, { childId: 'x' })).json().fields[0].field).toBe('childId');
    expect(await count('camp_applications')).toBe(before);
    const first = await xcq.post(`/api/events/camps/${campId}/applications`, { childId: ok });
    expect(first.statusCode, first.body).toBe(201);
    apps.push(first.json());
    const twice = await xcq.post(`/api/events/camps/${campId}/applications`, { childId: ok });
    expect(twice.statusCode).toBe(409);
    expect(await count('camp_applications')).toBe(before + 1);
  });

  it('puts each applicant in the priority groups its guardian’s records show', async () => {
    const model = await person(xcq, t.seed.xinChengSanitation.id, { tags: ['劳模'] });
    const sanitation = await person(sh, t.seed.saihanJoint.id, { occupation: 'sanitation' });
    const rider = await person(sh, t.seed.saihanJoint.id, { employmentForm: 'new_form' });
    const a = await xcq.post(`/api/events/camps/${campId}/applications`, { childId: await child(xcq, model, 10, 4, 21) });
    const b = await sh.post(`/api/events/camps/${campId}/applications`, { childId: await child(sh, sanitation, 11, 5, 22), dualEarner: true });
    const c = await sh.post(`/api/events/camps/${campId}/applications`, { childId: await child(sh, rider, 8, 2, 23) });
    expect(a.json().groups).toEqual(['model_worker']);
    expect(b.json().groups).toEqual(['sanitation', 'dual_earner']);
    expect(c.json().groups).toEqual(['new_form']);
    apps.push(a.json(), b.json(), c.json());
    for (let i = 0; i < 4; i++) {
      const g = await person(sh, t.seed.saihanJoint.id, i === 0 ? { tags: ['劳模'] } : {});
      apps.push((await sh.post(`/api/events/camps/${campId}/applications`, { childId: await child(sh, g, 9, 3, 30 + i) })).json());
    }
    // Each county sees only its own workers' applications.
    expect((await xcq.get(`/api/events/camps/${campId}/applications`)).json()).toHaveLength(2);
    expect((await sh.get(`/api/events/camps/${campId}/applications`)).json()).toHaveLength(6);
    expect((await city.get(`/api/events/camps/${campId}/applications`)).json()).toHaveLength(8);
  });

  it('draws only after the seed is published, fills reserved places first, and anyone reproduces the list from the seed', async () => {
    expect((await city.post(`/api/events/camps/${campId}/draw`)).statusCode).toBe(409);
    expect((await cadre.post(`/api/events/camps/${campId}/seed`, { announcedValue: '' })).json().fields[0].field).toBe('announcedValue');
    const announced = '2026年7月1日 体彩排列五第26175期开奖号码 4 0 7 2 9';
    const published = await city.post(`/api/events/camps/${campId}/seed`, { announcedValue: announced });
    expect(published.statusCode, published.body).toBe(200);
    const seed = createHash('sha256').update(announced).digest('hex');
    expect(published.json()).toMatchObject({ phase: 'published', seed, announcedValue: announced });
    expect((await city.post(`/api/events/camps/${campId}/seed`, { announcedValue: '另一个' })).statusCode).toBe(409);
    // No application gets in after the seed is out.
    const late = await xcq.post(`/api/events/camps/${campId}/applications`, {
      childId: await child(xcq, await person(xcq, t.seed.xinChengSanitation.id), 9, 3, 40),
    });
    expect(late.statusCode).toBe(409);

    const drawn = await city.post(`/api/events/camps/${campId}/draw`);
    expect(drawn.statusCode, drawn.body).toBe(200);
    expect(drawn.json()).toMatchObject({ phase: 'drawn', taken: 3 });
    expect((await city.post(`/api/events/camps/${campId}/draw`)).statusCode).toBe(409);

    // The draw, done here from the published facts alone: keys, order, reserved places, then the rest.
    const key = (no: number) => createHmac('sha256', Buffer.from(seed, 'hex')).update(String(no)).digest('hex');
    const order = [...apps].sort((x, y) => key(x.no).localeCompare(key(y.no)));
    const won = new Map<number, string>();
    for (const [group, places] of [
      ['model_worker', 1],
      ['sanitation', 1],
    ] as const) {
      const hit = order.filter((a) => a.groups.includes(group) && !won.has(a.no)).slice(0, places);
      for (const h of hit) won.set(h.no, group);
    }
    for (const a of order) if (won.size < 3 && !won.has(a.no)) won.set(a.no, 'draw');
    const expected = order.map((a, i) => ({ rank: i + 1, no: a.no, key: key(a.no), outcome: won.get(a.no) ?? 'waiting' }));

    const pub = await t.anonymous().get(`/api/public/camps/${campId}/draw`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().seed).toBe(seed);
    expect(pub.json().lines.map((l: Record<string, unknown>) => ({ rank: l.rank, no: l.no, key: l.key, outcome: l.outcome }))).toEqual(expected);
    expect(pub.body).not.toMatch(/王/);
    expect((await city.get(`/api/events/camps/${campId}/draw`)).json().lines).toEqual(pub.json().lines);
    expect((await xcq.get(`/api/events/camps/${campId}/draw/check`)).json()).toEqual({ identical: true, checked: 8, firstDifference: null, seed });

    // Winners' guardians hold confirmed sign-ups from the selection; the camp's taken places match.
    const signups = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from event_signups where event_id = ${campId} and status = 'confirmed' and source = 'selection'`,
    );
    expect(signups[0]!.n).toBe(3);
    const list = (await city.get(`/api/events/camps/${campId}/applications`)).json() as { no: number; status: string; waitingNo: number | null }[];
    expect(
      list
        .filter((a) => a.status === 'selected')
        .map((a) => a.no)
        .sort(),
    ).toEqual([...won.keys()].sort());
    expect(list.filter((a) => a.status === 'waiting')).toHaveLength(5);

    // A tampered stored result is caught by the re-run.
    await t.db.execute(
      sql`update camp_applications set draw_outcome = case draw_outcome when 'waiting' then 'draw' else 'waiting' end where event_id = ${campId} and draw_rank = 8`,
    );
    expect((await city.get(`/api/events/camps/${campId}/draw/check`)).json()).toMatchObject({ identical: false, firstDifference: 8 });
    await t.db.execute(
      sql`update camp_applications set draw_outcome = case draw_outcome when 'waiting' then 'draw' else 'waiting' end where event_id = ${campId} and draw_rank = 8`,
    );
  });

  it('gives a withdrawn winner’s place to the first on the waiting list, in draw order', async () => {
    const list = (await city.get(`/api/events/camps/${campId}/applications`)).json() as {
      id: number;
      no: number;
      status: string;
      wonVia: string;
      waitingNo: number;
    }[];
    const winner = list.find((a) => a.status === 'selected' && a.wonVia === 'draw')!;
    const next = list.filter((a) => a.status === 'waiting').sort((a, b) => a.waitingNo - b.waitingNo)[0]!;
    // 赛罕区 cannot withdraw a 新城区 worker's application; nothing changes.
    const xcqApp = list.find((a) => a.no === apps[0]!.no)!;
    expect((await sh.post(`/api/events/camps/${campId}/applications/${xcqApp.id}/withdraw`, { reason: '误报' })).statusCode).toBe(404);
    expect((await city.post(`/api/events/camps/${campId}/applications/${winner.id}/withdraw`, {})).json().fields[0].field).toBe('reason');
    const res = await city.post(`/api/events/camps/${campId}/applications/${winner.id}/withdraw`, { reason: '家中有事' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().promotedNo).toBe(next.no);
    const after = (await city.get(`/api/events/camps/${campId}/applications`)).json() as { no: number; status: string; wonVia: string }[];
    expect(after.find((a) => a.no === next.no)).toMatchObject({ status: 'selected', wonVia: 'waitlist' });
    expect((await city.get(`/api/events/camps/${campId}`)).json().taken).toBe(3);
    // The draw as published does not change.
    expect((await city.get(`/api/events/camps/${campId}/draw/check`)).json().identical).toBe(true);
  });
});

describe('the worker in the portal', () => {
  it('registers their own child with their consent and applies; another’s child is not found', async () => {
    const me = await person(xcq, t.seed.xinChengSanitation.id);
    const other = await person(xcq, t.seed.xinChengSanitation.id);
    const othersChild = await child(xcq, other, 9, 3, 60);
    const campId = (await city.post('/api/events/camps', campBody({ title: '职工端报名营' }))).json().id;
    const w = await t.asWorker('13900000601', me);
    expect((await t.anonymous().get('/api/m/events/camps')).statusCode).toBe(401);
    const noConsent = await w.post('/api/m/events/camps/children', { name: '王小红', idNumber: childId(10, 61), grade: 4, relation: 'mother' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().fields[0]).toMatchObject({ field: 'consent', message: expect.stringMatching(/须同意/) });
    const mine = await w.post('/api/m/events/camps/children', { name: '王小红', idNumber: childId(10, 61), grade: 4, relation: 'mother', consent: true });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ nameMasked: '王**', consentGivenBy: '王建国' });
    const before = await count('camp_applications');
    const theirs = await w.post(`/api/m/events/camps/${campId}/applications`, { childId: othersChild });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().fields[0].field).toBe('childId');
    expect(await count('camp_applications')).toBe(before);
    const applied = await w.post(`/api/m/events/camps/${campId}/applications`, { childId: mine.json().id, dualEarner: true });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ source: 'worker', groups: ['dual_earner'], status: 'applied' });
    const view = (await w.get('/api/m/events/camps')).json();
    expect(view.camps.some((c: { id: number }) => c.id === campId)).toBe(true);
    expect(view.children).toHaveLength(1);
    expect(view.applications[0]).toMatchObject({ campId, status: 'applied' });
    // An unbound worker is told to bind first.
    expect((await (await t.asWorker('13900000602')).get('/api/m/events/camps')).statusCode).toBe(409);
  });

  it('gives a camp’s places by the draw only: no first-come sign-up by the worker or by staff on their behalf', async () => {
    const me = await person(xcq, t.seed.xinChengSanitation.id);
    const campId = (await city.post('/api/events/camps', campBody({ title: '不可直接报名营' }))).json().id;
    const w = await t.asWorker('13900000603', me);
    expect((await w.get('/api/m/events')).json().some((e: { id: number }) => e.id === campId)).toBe(false);
    const before = await count('event_signups');
    const direct = await w.post(`/api/m/events/${campId}/signup`, { waitIfFull: true });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().message).toBe('夏令营的名额按摇号录取：请在「夏令营」页面为子女报名');
    const onBehalf = await city.post(`/api/events/${campId}/signups`, { personId: me });
    expect(onBehalf.statusCode).toBe(409);
    expect(onBehalf.json().message).toBe('夏令营的名额按摇号录取：请在「夏令营」页面为子女报名');
    expect(await count('event_signups')).toBe(before);
  });
});
