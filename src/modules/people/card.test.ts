/**
 * 电子会员卡: a member's card carries a code that a staff phone verifies — valid for a minute, no
 * personal data inside, refused when forged, altered or expired (a screenshot replayed later); a
 * worker reads only their own card; a staff account of another subtree learns only the union.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { cardCodeFor, readCardCode } from './card.service.ts';
import { CARD_CODE_TTL_SECONDS } from './card.contract.ts';

let t: TestApp;
let xcq: TestClient;
let member: { id: number; idNumber: string };
let stranger: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  xcq = await t.as('xcq_admin');
  const add = async (name: string, first17: string, phone: string) => {
    const idNumber = withCheckCharacter(first17);
    const res = await xcq.post('/api/people', { name, idNumber, orgId: t.seed.xinChengSanitation.id, phone });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as number, idNumber };
  };
  member = await add('王秀兰', '15010219700101001', '13800001111');
  stranger = await add('刘建国', '15010219720202003', '13800002222');
  const joined = await xcq.post(`/api/people/${member.id}/membership`, { joinedOn: '2019-05-01', memberNo: 'HB2019000123' });
  expect(joined.statusCode, joined.body).toBe(200);
});
afterAll(() => t.close());

const codeOf = async (c: TestClient) => {
  const res = await c.get('/api/m/card');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().card.code as string;
};

describe('the worker’s own card', () => {
  it('shows name, union, member number, joined date, state and a code valid for a minute with nothing personal in it', async () => {
    const w = await t.asWorker('13800001111', member.id);
    const res = await w.get('/api/m/card');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const card = res.json();
    expect(card).toMatchObject({
      name: '王秀兰',
      orgName: '新城区环境卫生服务中心工会',
      membership: { memberNo: 'HB2019000123', joinedOn: '2019-05-01', state: 'member', stateLabel: '会员' },
      card: { refreshSeconds: 30 },
    });
    const left = Date.parse(card.card.expiresAt) - Date.now();
    expect(left).toBeGreaterThan(50_000);
    expect(left).toBeLessThanOrEqual(60_000);
    expect(card.card.code).toMatch(/^NJM1-/);
    for (const secret of ['王秀兰', 'HB2019000123', member.idNumber, member.idNumber.slice(-4), '13800001111', '1111']) {
      expect(card.card.code).not.toContain(secret);
    }
    expect(card.card.qr).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('has no code for a worker who is not a member, and asks an unbound worker to verify or join first', async () => {
    const w = await t.asWorker('13800002222', stranger.id);
    const res = await w.get('/api/m/card');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ name: '刘建国', orgName: '新城区环境卫生服务中心工会', membership: null, card: null });
    const unbound = await t.asWorker('13900009999');
    const r2 = await unbound.get('/api/m/card');
    expect(r2.statusCode).toBe(409);
    expect(r2.json().message).toContain('尚未关联职工档案');
  });

  it('is the signed-in worker’s only: another worker’s session reads their own, a staff session and no session are refused', async () => {
    const other = await t.asWorker('13800002222', stranger.id);
    expect((await other.get('/api/m/card')).json().name).toBe('刘建国');
    expect((await xcq.get('/api/m/card')).statusCode).toBe(401);
    expect((await t.anonymous().get('/api/m/card')).statusCode).toBe(401);
  });
});

describe('verifying a card on a staff phone', () => {
  it('answers valid with name, union, member number and state inside the account’s subtree', async () => {
    const w = await t.asWorker('13800001111', member.id);
    const res = await xcq.post('/api/people/card/verify', { code: await codeOf(w) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'valid',
      scope: 'inside',
      name: '王秀兰',
      orgName: '新城区环境卫生服务中心工会',
      memberNo: 'HB2019000123',
      joinedOn: '2019-05-01',
      state: 'member',
      stateLabel: '会员',
    });
  });

  it('tells an account of another county only that the card is a valid one of a member of that union', async () => {
    const w = await t.asWorker('13800001111', member.id);
    const sh = await t.as('sh_admin');
    const res = await sh.post('/api/people/card/verify', { code: await codeOf(w) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ result: 'valid', scope: 'outside', orgName: '新城区环境卫生服务中心工会', name: null, memberNo: null, joinedOn: null });
    expect(res.body).not.toContain('王秀兰');
    expect(res.body).not.toContain('HB2019000123');
  });

  it('refuses an expired code (a screenshot shown again later) with a Chinese message', async () => {
    const old = cardCodeFor(t.cipher, member.id, Date.now() - (CARD_CODE_TTL_SECONDS + 5) * 1000).code;
    const res = await xcq.post('/api/people/card/verify', { code: old });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ result: 'expired', fields: [{ field: 'code' }] });
    expect(res.json().message).toContain('会员码已过期');
  });

  it('replayed after its minute, a code the server issued is refused as expired', () => {
    const { code } = cardCodeFor(t.cipher, member.id);
    expect(readCardCode(t.cipher, code).personId).toBe(member.id);
    expect(() => readCardCode(t.cipher, code, Date.now() + (CARD_CODE_TTL_SECONDS + 1) * 1000)).toThrow(/已过期/);
  });

  it('refuses forged codes: made up, another key, a changed person or a pushed-back expiry', async () => {
    const { code } = cardCodeFor(t.cipher, member.id);
    const [prefix, ref, exp, tag] = code.split('-') as [string, string, string, string];
    const { FieldCipher } = await import('../../server/crypto.ts');
    const otherKey = cardCodeFor(new FieldCipher(Buffer.alloc(32, 7)), member.id).code;
    const later = (parseInt(exp, 36) + 3600).toString(36).toUpperCase();
    for (const forged of [
      'NJM1-1-ZZZZZZ-AAAAAAAAAAAAAAAA',
      otherKey,
      `${prefix}-${stranger.id.toString(36).toUpperCase()}-${exp}-${tag}`,
      `${prefix}-${ref}-${later}-${tag}`,
      'hello',
    ]) {
      const res = await xcq.post('/api/people/card/verify', { code: forged });
      expect(res.statusCode, forged).toBe(400);
      expect(res.json()).toMatchObject({ result: 'forged', message: '会员码无效：不是本系统签发的电子会员卡，或已被篡改' });
    }
    // A pick-up card's code is not a member card either.
    expect((await xcq.post('/api/people/card/verify', { code: 'NJ1-A-AAAAAAAAAAAAAAAA' })).json().result).toBe('forged');
  });

  it('says the state of a member who withdrew', async () => {
    const change = await xcq.post(`/api/people/${member.id}/membership/change`, { action: 'withdraw', reason: '本人申请', on: null });
    expect(change.statusCode, change.body).toBe(200);
    const w = await t.asWorker('13800001111', member.id);
    const res = await xcq.post('/api/people/card/verify', { code: await codeOf(w) });
    expect(res.json()).toMatchObject({ result: 'valid', state: 'withdrawn', stateLabel: '退会' });
  });

  it('needs a staff account that may read people: none, a worker session and a volunteer are refused', async () => {
    const { code } = cardCodeFor(t.cipher, member.id);
    expect((await t.anonymous().post('/api/people/card/verify', { code })).statusCode).toBe(401);
    expect((await (await t.as('xcq_volunteer')).post('/api/people/card/verify', { code })).statusCode).toBe(403);
    const w = await t.asWorker('13800001111', member.id);
    expect((await w.post('/api/people/card/verify', { code })).statusCode).toBe(401);
    expect((await xcq.post('/api/people/card/verify', { code: '' })).json().fields[0].field).toBe('code');
  });
});
