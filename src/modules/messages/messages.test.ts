import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.ts';
import { queryRows } from '../../server/db.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import type { SmsMessage, SmsSender } from '../../server/sms.ts';
import { messagesModule } from './messages.module.ts';
import { notify, type Notice } from './messages.service.ts';
import { sendDueTextMessages, type OutboxDeps } from './outbox.service.ts';
import * as repo from './messages.repository.ts';

let t: TestApp;
let staff: TestClient;

/** A provider at the interface boundary that records what it was asked to send (optionally slowly, or failing). */
function recordingSms(opts: { delayMs?: number; fail?: (m: SmsMessage) => string | null } = {}) {
  const sent: SmsMessage[] = [];
  const sender: SmsSender = {
    name: 'recording',
    async send(m) {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const refusal = opts.fail?.(m);
      if (refusal) throw new Error(refusal);
      sent.push(m);
      return { providerId: `rec-${sent.length}` };
    },
  };
  return { sender, sent };
}

const quietLog = { info: () => {}, warn: () => {}, error: () => {} };
const deps = (sms: SmsSender): OutboxDeps => ({ db: t.db, cipher: t.cipher, sms, log: quietLog });

let seq = 700;
async function person(phone?: string) {
  seq += 2;
  const res = await staff.post('/api/people', {
    name: '王桂兰',
    idNumber: withCheckCharacter(`15010219800505${String(seq).padStart(3, '0')}`),
    orgId: t.seed.xinChengSanitation.id,
    ...(phone ? { phone } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const tell = (to: Notice['to'], title: string, extra: Partial<Notice> = {}) =>
  t.db.transaction((tx) => notify(tx, { to, kind: 'test.notice', title, body: `${title}：详情`, link: '/benefits', ...extra }));

async function outboxRow(messageId: number) {
  const [row] = await queryRows<{ status: string; attempts: number; last_error: string | null; sent_at: Date | null; provider_id: string | null }>(
    t.db,
    sql`select status, attempts, last_error, sent_at, provider_id from sms_outbox where message_id = ${messageId}`,
  );
  return row!;
}

/** Nothing else in this file's outbox is due: earlier tests' rows are settled before each outbox test. */
async function settleOutbox() {
  await t.db.execute(sql`update sms_outbox set status = 'failed', last_error = 'test' where status in ('pending', 'sending')`);
}

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.as('xcq_admin');
});
afterAll(() => t?.close());

describe('the worker inbox', () => {
  let mine: TestClient;
  let other: TestClient;
  let myPerson: number;
  let othersMessage: number;

  beforeAll(async () => {
    myPerson = await person('13900001111');
    const otherPerson = await person('13900002222');
    mine = await t.asWorker('13800001111', myPerson);
    other = await t.asWorker('13800002222', otherPerson);
    await tell({ personId: myPerson }, '您的入会申请已通过');
    const me = (await t.db.execute(sql`select id from worker_accounts where person_id = ${myPerson}`)) as unknown as { rows: { id: number }[] };
    await tell({ workerId: me.rows[0]!.id }, '您的入会申请已受理');
    othersMessage = (await tell({ personId: otherPerson }, '别人的慰问品待领取'))!;
  });

  it('refuses a visitor without a worker session, and a staff session', async () => {
    expect((await t.anonymous().get('/api/m/messages')).statusCode).toBe(401);
    expect((await staff.get('/api/m/messages')).statusCode).toBe(401);
    expect((await staff.get('/api/m/messages/unread')).statusCode).toBe(401);
  });

  it('lists my messages — to my registry person and to my account — newest first, and no one else’s', async () => {
    const res = await mine.get('/api/m/messages');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.items.map((m: { title: string }) => m.title)).toEqual(['您的入会申请已受理', '您的入会申请已通过']);
    expect(page).toMatchObject({ total: 2, unread: 2, page: 1 });
    expect(page.items[0]).toMatchObject({ read: false, link: '/benefits', sms: 'none' });
    expect((await other.get('/api/m/messages')).json().items.map((m: { title: string }) => m.title)).toEqual(['别人的慰问品待领取']);
  });

  it('pages, and filters to the unread', async () => {
    const first = (await mine.get('/api/m/messages?pageSize=1')).json();
    const second = (await mine.get('/api/m/messages?pageSize=1&page=2')).json();
    expect([first.items[0].title, second.items[0].title]).toEqual(['您的入会申请已受理', '您的入会申请已通过']);
    expect(second.total).toBe(2);
    expect((await mine.get('/api/m/messages?page=3&pageSize=1')).json()).toMatchObject({ items: [], total: 2 });
    expect((await mine.get('/api/m/messages?pageSize=500')).statusCode).toBe(400);
  });

  it('marks a message read when opened, and counts what is left unread', async () => {
    const [newest] = (await mine.get('/api/m/messages')).json().items;
    expect((await mine.get('/api/m/messages/unread')).json()).toEqual({ unread: 2 });
    expect((await mine.post(`/api/m/messages/${newest.id}/read`)).statusCode).toBe(200);
    expect((await mine.post(`/api/m/messages/${newest.id}/read`)).statusCode).toBe(200);
    expect((await mine.get('/api/m/messages/unread')).json()).toEqual({ unread: 1 });
    const unreadOnly = (await mine.get('/api/m/messages?unread=1')).json();
    expect(unreadOnly.items.map((m: { title: string }) => m.title)).toEqual(['您的入会申请已通过']);
  });

  it('answers 404 for another worker’s message, and changes nothing', async () => {
    const res = await mine.post(`/api/m/messages/${othersMessage}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/消息/);
    expect((await other.get('/api/m/messages/unread')).json()).toEqual({ unread: 1 });
    expect((await mine.post('/api/m/messages/99999999/read')).statusCode).toBe(404);
  });

  it('needs the CSRF token to mark read', async () => {
    const { csrf } = mine;
    mine.csrf = undefined;
    try {
      expect((await mine.post('/api/m/messages/read-all')).statusCode).toBe(403);
    } finally {
      mine.csrf = csrf;
    }
    expect((await mine.post('/api/m/messages/read-all')).json()).toEqual({ read: 1 });
    expect((await other.get('/api/m/messages/unread')).json()).toEqual({ unread: 1 });
  });
});

describe('the text-message outbox', () => {
  it('sends a notice once, to the phone the worker signs in with, with the notice template', async () => {
    await settleOutbox();
    const p = await person('13900003333');
    await t.asWorker('13800003333', p);
    const id = (await tell({ personId: p }, '慰问品待领取', { sms: true }))!;
    const { sender, sent } = recordingSms();
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ sent: 1, failed: 0 });
    expect(sent).toEqual([{ phone: '13800003333', template: 'notice', params: { title: '慰问品待领取' } }]);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1, provider_id: 'rec-1' });
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ sent: 0 });
    expect(sent).toHaveLength(1);
  });

  it('uses the registry phone of a person who has no portal account, and fails one with no phone at all', async () => {
    await settleOutbox();
    const withPhone = await person('13900004444');
    const withoutPhone = await person();
    const a = (await tell({ personId: withPhone }, '帮扶申请已受理', { sms: true }))!;
    const b = (await tell({ personId: withoutPhone }, '帮扶申请已受理', { sms: true }))!;
    const { sender, sent } = recordingSms();
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ sent: 1, failed: 1 });
    expect(sent.map((m) => m.phone)).toEqual(['13900004444']);
    expect(await outboxRow(b)).toMatchObject({ status: 'failed', last_error: '没有可用的手机号' });
    expect((await outboxRow(a)).status).toBe('sent');
  });

  it('sends each message exactly once while two senders run at the same time', async () => {
    await settleOutbox();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await person(`1390001${String(i).padStart(4, '0')}`);
      ids.push((await tell({ personId: p }, `并发通知${i}`, { sms: true }))!);
    }
    const { sender, sent } = recordingSms({ delayMs: 15 });
    const [a, b] = await Promise.all([sendDueTextMessages(deps(sender), { batch: 1 }), sendDueTextMessages(deps(sender), { batch: 1 })]);
    expect(a.sent + b.sent).toBe(6);
    expect(sent.map((m) => m.params.title).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `并发通知${i}`));
    for (const id of ids) expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('sends a message once when a sender dies between claiming it and sending it, after the claim’s lease', async () => {
    await settleOutbox();
    const p = await person('13900005555');
    const id = (await tell({ personId: p }, '会籍转入已接收', { sms: true }))!;
    // The dead sender: it claimed the row, then nothing (no send, no result).
    const [claim] = await repo.claimDue(t.db, { limit: 10, leaseMs: 60_000, maxAttempts: 5 });
    expect(claim).toMatchObject({ message_id: id, attempts: 1 });
    const { sender, sent } = recordingSms();
    // Within the lease nobody else takes it.
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ sent: 0 });
    expect(sent).toHaveLength(0);
    // The lease runs out.
    await t.db.execute(sql`update sms_outbox set next_attempt_at = now() - interval '1 second' where message_id = ${id}`);
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ sent: 1 });
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ sent: 0 });
    expect(sent.map((m) => m.params.title)).toEqual(['会籍转入已接收']);
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 2 });
    // The dead sender coming back to life cannot record over the claim that superseded it.
    expect(await repo.finish(t.db, claim!, { status: 'failed', error: '迟到的结果' })).toBe(false);
    expect((await outboxRow(id)).status).toBe('sent');
  });

  it('retries a refused message later, and gives it up as failed after the last attempt', async () => {
    await settleOutbox();
    const p = await person('13900006666');
    const id = (await tell({ personId: p }, '申请被退回', { sms: true }))!;
    const { sender, sent } = recordingSms({ fail: () => '签名未审核' });
    expect(await sendDueTextMessages(deps(sender), { maxAttempts: 3 })).toMatchObject({ retried: 1 });
    const [row] = await queryRows<{ status: string; wait: number }>(
      t.db,
      sql`select status, extract(epoch from next_attempt_at - now())::int as wait from sms_outbox where message_id = ${id}`,
    );
    expect(row!.status).toBe('pending');
    expect(row!.wait).toBeGreaterThan(50); // one minute after the first failure
    expect(await sendDueTextMessages(deps(sender), { maxAttempts: 3 })).toMatchObject({ retried: 0, sent: 0 }); // not due yet
    for (let i = 0; i < 2; i++) {
      await t.db.execute(sql`update sms_outbox set next_attempt_at = now() where message_id = ${id}`);
      await sendDueTextMessages(deps(sender), { maxAttempts: 3 });
    }
    expect(await outboxRow(id)).toMatchObject({ status: 'failed', attempts: 3, last_error: '签名未审核' });
    expect(sent).toHaveLength(0);
  });

  it('withholds the text message of a worker who withdrew consent to text notices, and keeps the inbox message', async () => {
    await settleOutbox();
    const p = await person('13900007777');
    const worker = await t.asWorker('13800007777', p);
    await t.db.execute(sql`insert into person_consents (person_id, purpose, granted) values (${p}, 'sms_notices', false)`);
    const id = (await tell({ personId: p }, '慰问品待领取', { sms: true }))!;
    const { sender, sent } = recordingSms();
    expect(await sendDueTextMessages(deps(sender))).toMatchObject({ skipped: 1, sent: 0 });
    expect(sent).toHaveLength(0);
    expect(await outboxRow(id)).toMatchObject({ status: 'skipped', sent_at: null });
    const inbox = (await worker.get('/api/m/messages')).json();
    expect(inbox.items[0]).toMatchObject({ id, title: '慰问品待领取', sms: 'skipped' });
  });

  it('runs as the module’s schedule with the app’s cipher and sender', async () => {
    await settleOutbox();
    const p = await person('13900008888');
    await tell({ personId: p }, '定时发送', { sms: true });
    const { sender, sent } = recordingSms();
    const schedule = messagesModule.schedules!.find((s) => s.name === 'messages.send-text-messages')!;
    await expect(schedule.run({ db: t.db, log: t.app.log, dueAt: new Date() })).rejects.toThrow(/cipher/);
    await schedule.run({ db: t.db, log: t.app.log, dueAt: new Date(), cipher: t.cipher, sms: sender });
    expect(sent.map((m) => m.phone)).toEqual(['13900008888']);
  });
});
