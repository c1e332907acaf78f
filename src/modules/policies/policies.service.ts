import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope } from '../orgs/index.ts';
import * as repo from './policies.repository.ts';
import {
  POLICY_DEFINITIONS,
  policyDefinition,
  policyValueProblem,
  type PolicyDefinition,
  type PolicyKey,
  type PolicySheet,
  type SetPolicyInput,
} from './policies.contract.ts';

/** A value as people read it: money in 元 with two decimals, ratios in percent. */
function describeValue(def: PolicyDefinition, value: number): string {
  if (def.kind === 'money') return `${(value / 100).toFixed(2)} 元`;
  if (def.kind === 'ratio') return `${Math.round(value * 1000) / 10}%`;
  return `${value}${def.unit ? ` ${def.unit}` : ''}`;
}

/** Every parameter as it applies to an org on a day, where it comes from, and the org's own entries. */
export async function getPolicySheet(db: Db, actor: Actor, q: { orgId?: number; date?: string }): Promise<PolicySheet> {
  authorize(actor, 'policy:read');
  const org = await findOrgInScope(db, actor, q.orgId ?? actor.orgId);
  const day = q.date ?? chinaToday();
  const today = chinaToday();
  const [effective, own] = await Promise.all([repo.findEffective(db, org.path, day), repo.findOwn(db, org.id)]);
  return {
    org: { id: org.id, name: org.name },
    date: day,
    canEdit: can(actor, 'policy:write'),
    items: POLICY_DEFINITIONS.map((def) => {
      const e = effective.find((x) => x.key === def.key);
      return {
        key: def.key,
        label: def.label,
        kind: def.kind,
        unit: def.unit,
        group: def.group,
        description: def.description,
        effective: e ? { value: Number(e.value), effectiveFrom: e.effectiveFrom, orgId: e.orgId, orgName: e.orgName, inherited: e.orgId !== org.id } : null,
        own: own
          .filter((o) => o.key === def.key)
          .map((o) => ({ ...o, value: Number(o.value), createdAt: o.createdAt.toISOString(), pending: o.effectiveFrom > today })),
      };
    }),
  };
}

/**
 * The value of `key` in force for an org on a day, inherited down the tree; null when no org on
 * the way up has set it. For other modules' rules (e.g. the 低保 line of a hardship assessment).
 */
export async function getEffectivePolicy(db: DbOrTx, org: { path: string }, key: PolicyKey, day: string) {
  const [row] = await repo.findEffective(db, org.path, day, key);
  return row ? { value: Number(row.value), effectiveFrom: row.effectiveFrom, orgId: row.orgId, orgName: row.orgName } : null;
}

/** Every value in force at the org on the day, by key, in one read (for loads that assess many records). */
export async function getEffectivePolicies(db: DbOrTx, org: { path: string }, day: string): Promise<Map<PolicyKey, number>> {
  const rows = await repo.findEffective(db, org.path, day);
  return new Map(rows.map((r) => [r.key as PolicyKey, Number(r.value)]));
}

/**
 * Sets an org's own value from a date on. A value already in force is history: it cannot be
 * overwritten, only followed by a new value from a later date.
 */
export async function setPolicy(db: Db, actor: Actor, input: SetPolicyInput) {
  authorize(actor, 'policy:write');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  return db.transaction((tx) => setPolicyInTx(tx, actor, org, input));
}

/** setPolicy inside an open transaction, for an org already checked to be in scope. */
export async function setPolicyInTx(tx: DbOrTx, actor: Actor, org: { id: number; name: string }, input: Omit<SetPolicyInput, 'orgId'>) {
  const def = policyDefinition(input.key)!;
  const problem = policyValueProblem(def, input.value);
  if (problem) throw Invalid.field('value', problem);
  const before = await repo.findValueAt(tx, org.id, input.key, input.effectiveFrom);
  if (before && before.effectiveFrom <= chinaToday()) {
    throw new Conflict(`${input.effectiveFrom} 起的「${def.label}」已经生效，不能改写；请以新的生效日期录入新值`, [
      { field: 'effectiveFrom', message: '该日期的值已生效，请填写新的生效日期' },
    ]);
  }
  const row = await repo.upsertValue(tx, {
    orgId: org.id,
    key: input.key,
    value: input.value,
    effectiveFrom: input.effectiveFrom,
    note: input.note,
    createdBy: actor.accountId,
  });
  await recordAudit(tx, actor, {
    action: before ? 'update' : 'create',
    entity: 'policy',
    entityId: row.id,
    orgId: org.id,
    summary: `${org.name}「${def.label}」自 ${input.effectiveFrom} 起为 ${describeValue(def, input.value)}`,
    before: before ? { value: before.value, effectiveFrom: before.effectiveFrom, note: before.note } : undefined,
    after: { key: input.key, value: input.value, effectiveFrom: input.effectiveFrom, note: input.note },
  });
  return row;
}

/** Withdraws an entry that has not yet taken effect. */
export async function withdrawPolicy(db: Db, actor: Actor, id: number) {
  authorize(actor, 'policy:write');
  const row = await repo.findValue(db, id);
  if (!row) throw new NotFound('参数记录');
  const org = await findOrgInScope(db, actor, row.orgId).catch(() => {
    throw new NotFound('参数记录');
  });
  if (row.effectiveFrom <= chinaToday()) throw new Conflict('该参数已经生效，不能撤回；如需调整请录入新的生效日期和新值');
  await db.transaction(async (tx) => {
    await repo.deleteValue(tx, id);
    await recordAudit(tx, actor, {
      action: 'delete',
      entity: 'policy',
      entityId: id,
      orgId: org.id,
      summary: `撤回 ${org.name}「${policyDefinition(row.key)?.label ?? row.key}」自 ${row.effectiveFrom} 起的值`,
      before: { key: row.key, value: row.value, effectiveFrom: row.effectiveFrom },
    });
  });
}
