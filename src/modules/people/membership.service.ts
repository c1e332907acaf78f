/**
 * 会籍: join once, keep the member number for life ("一次入会"); withdraw, expel, rejoin; move
 * with employment ("动态接转"): a transfer inside the actor's subtree happens at once with the
 * person's 调转, one to a union outside it waits as 转出中 until that union accepts or refuses.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { divisionCodeOf, findOrgInScope, findOrgById } from '../orgs/index.ts';
import { MEMBER_UNION_TYPES, ORG_TYPE_LABELS } from '../orgs/orgs.contract.ts';
import * as repo from './people.repository.ts';
import { MEMBERSHIP_STATE_LABELS, type MembershipState } from './people.contract.ts';

/** Member numbers: the union's division code (or its nearest federation's), year of joining, a running number. */
async function newMemberNo(db: DbOrTx, orgId: number, joinedOn: string) {
  const seq = await repo.nextMemberSequence(db);
  const region = (await divisionCodeOf(db, orgId)) ?? '000000';
  return `${region}${joinedOn.slice(0, 4)}${String(seq).padStart(7, '0')}`;
}

export async function joinUnion(db: Db, actor: Actor, { personId, memberNo, joinedOn }: { personId: number; memberNo: string | null; joinedOn: string }) {
  authorize(actor, 'person:write');
  if (joinedOn > chinaToday()) throw Invalid.field('joinedOn', '入会日期不能晚于今天');
  return db.transaction(async (tx) => {
    const person = await repo.lockPersonInScope(tx, scopeOf(actor), personId);
    if (!person) throw new NotFound('人员');
    const existing = await repo.findMembership(tx, personId);
    if (existing)
      throw new Conflict(`该职工已有会籍（${MEMBERSHIP_STATE_LABELS[existing.state]}，会员编号 ${existing.memberNo}），一人只入会一次；退会后可恢复会籍`);
    const no = memberNo ?? (await newMemberNo(tx, person.orgId, joinedOn));
    await repo.insertMembership(tx, { personId, memberNo: no, joinedOn, state: 'member' });
    await repo.insertMembershipEvent(tx, { personId, action: 'join', toOrgId: person.orgId, on: joinedOn, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'person',
      entityId: personId,
      orgId: person.orgId,
      summary: `${person.name} 入会，会员编号 ${no}`,
      after: { memberNo: no, joinedOn },
    });
    return no;
  });
}

type Change = {
  personId: number;
  action: 'withdraw' | 'expel' | 'rejoin' | 'transfer_out' | 'accept_transfer' | 'reject_transfer';
  toOrgId?: number;
  reason: string;
  on: string | null;
};

const NEXT: Record<'withdraw' | 'expel' | 'rejoin', { from: MembershipState[]; to: MembershipState; word: string }> = {
  withdraw: { from: ['member'], to: 'withdrawn', word: '退会' },
  expel: { from: ['member'], to: 'expelled', word: '除名' },
  rejoin: { from: ['withdrawn', 'expelled'], to: 'member', word: '恢复会籍' },
};

/** Changes a membership's state; transfers are described above. */
export async function changeMembership(db: Db, actor: Actor, c: Change) {
  authorize(actor, 'person:write');
  const on = c.on ?? chinaToday();
  if (c.action === 'accept_transfer' || c.action === 'reject_transfer') return settleTransfer(db, actor, c, on);
  return db.transaction(async (tx) => {
    const person = await repo.lockPersonInScope(tx, scopeOf(actor), c.personId);
    if (!person) throw new NotFound('人员');
    const m = await repo.findMembership(tx, c.personId);
    if (!m) throw new Conflict('该职工尚未入会');
    if (c.action === 'transfer_out') {
      if (m.state !== 'member') throw new Conflict(`会籍状态为「${MEMBERSHIP_STATE_LABELS[m.state]}」，不能转出`);
      if (!c.toOrgId) throw Invalid.field('toOrgId', '请选择转入工会');
      const to = await findOrgById(tx, c.toOrgId);
      if (!to || to.status !== 'active') throw Invalid.field('toOrgId', '转入工会不存在或已停用');
      if (to.id === person.orgId) throw Invalid.field('toOrgId', '转入工会与当前工会相同');
      // Members belong to a union at the workplace (基层、联合、园区、村级工会), not to a federation.
      if (!(MEMBER_UNION_TYPES as readonly string[]).includes(to.type))
        throw Invalid.field('toOrgId', `「${to.name}」是${ORG_TYPE_LABELS[to.type]}，会籍只能转入基层、联合、园区或村级工会`);
      await repo.updateMembership(tx, c.personId, { state: 'transferring', pendingOrgId: to.id });
      await repo.insertMembershipEvent(tx, {
        personId: c.personId,
        action: 'transfer_out',
        fromOrgId: person.orgId,
        toOrgId: to.id,
        reason: c.reason,
        on,
        byAccountId: actor.accountId,
      });
      await recordAudit(tx, actor, {
        action: 'update',
        entity: 'person',
        entityId: c.personId,
        orgId: person.orgId,
        summary: `${person.name} 会籍转出至 ${to.name}，待对方接收：${c.reason}`,
      });
      return;
    }
    const rule = NEXT[c.action as keyof typeof NEXT];
    if (!rule.from.includes(m.state)) throw new Conflict(`会籍状态为「${MEMBERSHIP_STATE_LABELS[m.state]}」，不能${rule.word}`);
    await repo.updateMembership(tx, c.personId, { state: rule.to });
    await repo.insertMembershipEvent(tx, {
      personId: c.personId,
      action: c.action,
      fromOrgId: person.orgId,
      reason: c.reason,
      on,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'person',
      entityId: c.personId,
      orgId: person.orgId,
      summary: `${person.name} ${rule.word}：${c.reason}`,
      before: { state: m.state },
      after: { state: rule.to },
    });
  });
}

/** The receiving union accepts (the person and membership move to it) or refuses (nothing moves). */
async function settleTransfer(db: Db, actor: Actor, c: Change, on: string) {
  return db.transaction(async (tx) => {
    const incoming = await repo.findIncomingPerson(tx, scopeOf(actor), c.personId);
    if (!incoming) throw new NotFound('待接收的会员');
    const person = incoming.person;
    const to = await findOrgInScope(tx, actor, incoming.pendingOrgId!);
    if (c.action === 'reject_transfer') {
      await repo.updateMembership(tx, c.personId, { state: 'member', pendingOrgId: null });
      await repo.insertMembershipEvent(tx, {
        personId: c.personId,
        action: 'transfer_rejected',
        fromOrgId: person.orgId,
        toOrgId: to.id,
        reason: c.reason,
        on,
        byAccountId: actor.accountId,
      });
      await recordAudit(tx, actor, {
        action: 'update',
        entity: 'person',
        entityId: c.personId,
        orgId: to.id,
        summary: `${to.name} 拒收 ${person.name} 的会籍转入：${c.reason}`,
      });
      return;
    }
    await repo.updatePerson(tx, c.personId, { orgId: to.id });
    await repo.updateMembership(tx, c.personId, { state: 'member', pendingOrgId: null });
    await repo.insertTransfer(tx, { personId: c.personId, fromOrgId: person.orgId, toOrgId: to.id, reason: c.reason, byAccountId: actor.accountId });
    await repo.insertMembershipEvent(tx, {
      personId: c.personId,
      action: 'transfer_in',
      fromOrgId: person.orgId,
      toOrgId: to.id,
      reason: c.reason,
      on,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'move',
      entity: 'person',
      entityId: c.personId,
      orgId: to.id,
      summary: `${to.name} 接收 ${person.name} 的会籍转入`,
      before: { orgId: person.orgId },
      after: { orgId: to.id },
    });
  });
}

export async function listIncomingTransfers(db: Db, actor: Actor) {
  authorize(actor, 'person:read');
  return repo.findIncomingTransfers(db, scopeOf(actor));
}
