import type { Db, DbOrTx } from '../../server/db.ts';
import type { ModuleManifest } from '../../server/module.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf, type Scope } from '../../server/scope.ts';
import { Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { pinyinKeys } from '../../server/text.ts';
import { recordAudit, recordAudits } from '../audit/index.ts';
import { onceAtVersion } from '../system/index.ts';
import * as repo from './orgs.repository.ts';
import { divisionPrefix, findDivision } from './divisions.ts';
import {
  canContain,
  FEDERATION_RANK,
  isFederation,
  MEMBER_UNION_TYPES,
  needsDivisionCode,
  ORG_TYPE_LABELS,
  type CreateOrgInput,
  type OrgStatus,
  type OrgType,
  type SearchOrgsQuery,
  type TransferTargetsQuery,
  type UpdateOrgInput,
} from './orgs.contract.ts';

registerConstraintMessage('orgs_sibling_name_key', 'name', '同一上级组织下已有同名组织');
registerConstraintMessage('orgs_credit_code_key', 'creditCode', '该统一社会信用代码已被其他组织使用');
registerConstraintMessage('orgs_single_root_key', 'parentId', '组织树只能有一个根组织');

/** An org of the actor's subtree, or 404. `field` names the input that referred to it. */
export async function findOrgInScope(db: DbOrTx, actor: Pick<Actor, 'orgPath'>, id: number, field?: string) {
  const row = await repo.findInScope(db, scopeOf(actor), id);
  if (!row) throw new NotFound('组织', field);
  return row;
}

/** The subtree of an org of the actor's subtree (404 when outside), to narrow a list or a count to it. */
export async function scopeOfOrg(db: DbOrTx, actor: Pick<Actor, 'orgPath'>, id: number, field?: string): Promise<Scope> {
  return narrowTo(scopeOf(actor), (await findOrgInScope(db, actor, id, field)).path);
}

const LEVEL_WORDS = { province: '省级', city: '地市级', county: '县级' } as const;

/**
 * The division code rules: federations carry a code of their own level (a 盟市总工会 a city code
 * such as 150100), inside the parent federation's division; other unions may give any real code
 * as their location, wherever their parent is.
 */
export function checkDivision(type: OrgType, code: string | null, parent: { divisionCode: string | null } | null) {
  if (!code) {
    if (needsDivisionCode(type)) throw Invalid.field('divisionCode', `${ORG_TYPE_LABELS[type]}须填写行政区划代码`);
    return;
  }
  const d = findDivision(code);
  if (!d) throw Invalid.field('divisionCode', `行政区划代码 ${code} 不在 GB/T 2260 行政区划中`);
  const expected = { provincial: 'province', city: 'city', county: 'county' }[type as string] as keyof typeof LEVEL_WORDS | undefined;
  if (expected && d.level !== expected) {
    throw Invalid.field('divisionCode', `${ORG_TYPE_LABELS[type]}应填写${LEVEL_WORDS[expected]}区划代码，${code}（${d.name}）是${LEVEL_WORDS[d.level]}区划`);
  }
  // Only federations must lie inside their parent's region; an enterprise or industrial union's
  // code says where it is, and it may be affiliated elsewhere (e.g. to a regional industrial union).
  const p = isFederation(type) && parent?.divisionCode ? findDivision(parent.divisionCode) : undefined;
  if (p && !code.startsWith(divisionPrefix(p))) {
    throw Invalid.field('divisionCode', `行政区划 ${code}（${d.name}）不在上级组织的区划 ${p.code}（${p.name}）之内`);
  }
}

function checkContainment(parentType: OrgType, type: OrgType) {
  if (!canContain(parentType, type)) {
    throw Invalid.field('type', `「${ORG_TYPE_LABELS[parentType]}」下不能设立「${ORG_TYPE_LABELS[type]}」`);
  }
}

/** What the actor may do on this org, for the UI's buttons. Own org: edit only. */
export function orgCan(actor: Actor, org: { id: number; type: OrgType }) {
  const write = can(actor, 'org:write');
  const notOwn = org.id !== actor.orgId;
  return { edit: write, addChild: write && org.type !== 'village', move: write && notOwn, setStatus: write && notOwn };
}

const auditView = (o: repo.OrgRow) => {
  const { namePinyin: _p, nameInitials: _i, createdAt: _c, updatedAt: _u, ...rest } = o;
  return rest;
};

export async function getOrg(db: Db, actor: Actor, id: number) {
  authorize(actor, 'org:read');
  const row = await repo.findWithCounts(db, scopeOf(actor), id);
  if (!row) throw new NotFound('组织');
  const trail = await repo.findTrail(db, scopeOf(actor), row.org.path);
  return { ...row, trail, can: orgCan(actor, row.org) };
}

/** One level of the tree: the actor's own org when `parentId` is absent, else the children of `parentId`. */
export async function getTreeLevel(db: Db, actor: Actor, parentId?: number) {
  authorize(actor, 'org:read');
  if (parentId === undefined) {
    const own = await repo.findWithCounts(db, scopeOf(actor), actor.orgId);
    return own ? [own] : [];
  }
  await findOrgInScope(db, actor, parentId);
  return repo.findChildren(db, scopeOf(actor), parentId);
}

export async function searchOrgs(db: Db, actor: Actor, query: SearchOrgsQuery) {
  authorize(actor, 'org:read');
  const within = query.within ? await scopeOfOrg(db, actor, query.within) : undefined;
  return repo.search(db, scopeOf(actor), query, within);
}

/** A lookup answers with a handful to choose from, never a directory to page through. */
const TRANSFER_TARGET_LIMIT = 20;

/**
 * 转入工会 for a 会籍转出 or 调转: active member-holding unions anywhere in the tree. This
 * DELIBERATELY crosses the actor's scope — a worker who changes jobs moves to a union the
 * transferring staff do not govern (新城区 → 包头), and they must be able to name it — so it is
 * a directory, not a view: only for those who may transfer (person:write), only by a search of
 * two characters or more, at most 20 hits, and only id, name, type and the names above. No
 * counts, contacts, codes, addresses or anything below a union leave through it.
 */
export async function findTransferTargets(db: Db, actor: Actor, query: TransferTargetsQuery) {
  authorize(actor, 'person:write');
  return repo.findTransferTargets(db, { q: query.q, types: MEMBER_UNION_TYPES, scope: scopeOf(actor), limit: TRANSFER_TARGET_LIMIT });
}

/** Counts of orgs by type in the subtree of `orgId` (default: the actor's own org). */
export async function getOrgStats(db: Db, actor: Actor, orgId?: number) {
  authorize(actor, 'org:read');
  const org = await findOrgInScope(db, actor, orgId ?? actor.orgId);
  const rows = await repo.countByType(db, narrowTo(scopeOf(actor), org.path));
  const byType = new Map<OrgType, number>();
  for (const r of rows) byType.set(r.type, (byType.get(r.type) ?? 0) + r.count);
  return {
    orgId: org.id,
    total: rows.reduce((s, r) => s + r.count, 0),
    active: rows.filter((r) => r.status === 'active').reduce((s, r) => s + r.count, 0),
    byType: [...byType].map(([type, count]) => ({ type, count })).sort((a, b) => (FEDERATION_RANK[a.type] ?? 9) - (FEDERATION_RANK[b.type] ?? 9)),
  };
}

export async function findOrgsForExport(db: Db, actor: Actor, within?: number) {
  authorize(actor, 'org:read');
  return repo.findAllInSubtree(db, await scopeOfOrg(db, actor, within ?? actor.orgId), 100_000);
}

/** Inserts a child org inside an open transaction; the parent is locked so that a concurrent move cannot leave a stale path. */
export async function insertChildOrg(tx: DbOrTx, actor: Actor, input: CreateOrgInput) {
  const parent = await repo.lockInScope(tx, scopeOf(actor), input.parentId, 'share');
  if (!parent) throw new NotFound('上级组织', 'parentId');
  if (parent.status !== 'active') throw Invalid.field('parentId', '上级组织已停用，不能在其下新增组织');
  checkContainment(parent.type, input.type);
  checkDivision(input.type, input.divisionCode, parent);
  const id = await repo.nextOrgId(tx);
  const { full, initials } = pinyinKeys(input.name);
  const { parentId: _, ...fields } = input;
  const row = await repo.insertOrg(tx, {
    ...fields,
    id,
    parentId: parent.id,
    path: `${parent.path}${id}/`,
    depth: parent.depth + 1,
    namePinyin: full,
    nameInitials: initials,
  });
  await recordAudit(tx, actor, { action: 'create', entity: 'org', entityId: id, orgId: id, summary: `新增组织 ${row.name}`, after: auditView(row) });
  return row;
}

/**
 * insertChildOrg for many unions at once (a whole level of a tree being set up): the same checks
 * for each, then one insert and one append of their audit entries. Answers the rows in input order.
 */
export async function insertChildOrgs(tx: DbOrTx, actor: Actor, inputs: readonly CreateOrgInput[]) {
  if (!inputs.length) return [];
  const parentIds = [...new Set(inputs.map((i) => i.parentId))];
  const parents = new Map((await repo.lockManyInScope(tx, scopeOf(actor), parentIds)).map((p) => [p.id, p]));
  const ids = await repo.nextOrgIds(tx, inputs.length);
  const values = inputs.map((input, k) => {
    const parent = parents.get(input.parentId);
    if (!parent) throw new NotFound('上级组织', 'parentId');
    if (parent.status !== 'active') throw Invalid.field('parentId', '上级组织已停用，不能在其下新增组织');
    checkContainment(parent.type, input.type);
    checkDivision(input.type, input.divisionCode, parent);
    const id = ids[k]!;
    const { full, initials } = pinyinKeys(input.name);
    const { parentId: _, ...fields } = input;
    return { ...fields, id, parentId: parent.id, path: `${parent.path}${id}/`, depth: parent.depth + 1, namePinyin: full, nameInitials: initials };
  });
  const byId = new Map((await repo.insertOrgs(tx, values)).map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)!);
  await recordAudits(
    tx,
    actor,
    rows.map((row) => ({ action: 'create', entity: 'org', entityId: row.id, orgId: row.id, summary: `新增组织 ${row.name}`, after: auditView(row) })),
  );
  return rows;
}

/** Creates an org under a parent of the actor's subtree. */
export async function createOrg(db: Db, actor: Actor, input: CreateOrgInput) {
  authorize(actor, 'org:write');
  return db.transaction((tx) => insertChildOrg(tx, actor, input));
}

/** Edits an org's details; a type change must still fit its parent and its children. */
export async function updateOrg(db: Db, actor: Actor, { id, data }: { id: number; data: UpdateOrgInput }) {
  authorize(actor, 'org:write');
  return db.transaction(async (tx) => {
    const before = await repo.lockInScope(tx, scopeOf(actor), id, 'update');
    if (!before) throw new NotFound('组织');
    const parent = before.parentId ? await repo.findParentOf(tx, before) : undefined;
    const type = data.type ?? before.type;
    if (data.type && data.type !== before.type) {
      if (parent) checkContainment(parent.type, type);
      for (const c of await repo.childTypes(tx, id)) {
        if (!canContain(type, c.type)) throw Invalid.field('type', `该组织下有「${ORG_TYPE_LABELS[c.type]}」，不能改为「${ORG_TYPE_LABELS[type]}」`);
      }
    }
    const divisionCode = data.divisionCode !== undefined ? data.divisionCode : before.divisionCode;
    if (data.type !== undefined || data.divisionCode !== undefined) checkDivision(type, divisionCode, parent ?? null);
    const names = data.name && data.name !== before.name ? pinyinKeys(data.name) : undefined;
    const after = await repo.updateOrg(tx, id, { ...data, ...(names ? { namePinyin: names.full, nameInitials: names.initials } : {}) });
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'org',
      entityId: id,
      orgId: id,
      summary: `修改组织 ${after.name}`,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/**
 * Moves an org with its whole subtree under a new parent: never under itself or its own
 * descendants, never the actor's own org; every path below is rewritten in the same transaction.
 */
export async function moveOrg(
  db: Db,
  actor: Actor,
  { id, parentId }: { id: number; parentId: number },
  modules: readonly Pick<ModuleManifest, 'name' | 'orgPathCopies' | 'onOrgMove'>[],
) {
  authorize(actor, 'org:write');
  return db.transaction(async (tx) => {
    await repo.lockTreeForMove(tx);
    const org = await repo.lockInScope(tx, scopeOf(actor), id, 'update');
    if (!org) throw new NotFound('组织');
    if (org.id === actor.orgId) throw Invalid.field('parentId', '不能移动自己所在的组织，请由上级管理员操作');
    const parent = await repo.lockInScope(tx, scopeOf(actor), parentId, 'share');
    if (!parent) throw new NotFound('新的上级组织', 'parentId');
    if (parent.path.startsWith(org.path)) throw Invalid.field('parentId', '不能把组织移到它自己或它的下级组织之下');
    if (parent.id === org.parentId) throw Invalid.field('parentId', '该组织已在这个上级组织之下');
    if (parent.status !== 'active') throw Invalid.field('parentId', '新的上级组织已停用');
    checkContainment(parent.type, org.type);
    checkDivision(org.type, org.divisionCode, parent);
    const newPath = `${parent.path}${org.id}/`;
    // Each module carries its own facts along (or refuses) before any path changes, in this transaction.
    const move = {
      actor,
      orgId: org.id,
      orgName: org.name,
      fromPath: org.path,
      toPath: newPath,
      newParent: { id: parent.id, name: parent.name, path: parent.path },
    };
    for (const m of modules) if (m.onOrgMove) await m.onOrgMove(tx, move);
    const moved = await repo.rewriteSubtreePaths(tx, org.path, newPath);
    for (const copy of modules.flatMap((m) => m.orgPathCopies ?? [])) await repo.rewritePathCopies(tx, copy, org.path, newPath);
    const after = await repo.updateOrg(tx, id, { parentId: parent.id });
    await recordAudit(tx, actor, {
      action: 'move',
      entity: 'org',
      entityId: id,
      orgId: id,
      summary: `将 ${org.name} 移至 ${parent.name} 之下（连同下级共 ${moved} 个组织）`,
      before: { parentId: org.parentId, path: org.path },
      after: { parentId: after.parentId, path: after.path },
    });
    return after;
  });
}

/** Deactivates (only when no active org is below) or reactivates (only under an active parent). */
export async function setOrgStatus(db: Db, actor: Actor, { id, status }: { id: number; status: OrgStatus }) {
  authorize(actor, 'org:write');
  return db.transaction(async (tx) => {
    const org = await repo.lockInScope(tx, scopeOf(actor), id, 'update');
    if (!org) throw new NotFound('组织');
    if (org.id === actor.orgId) throw Invalid.field('status', '不能停用或启用自己所在的组织');
    if (org.status === status) return org;
    if (status === 'inactive' && (await repo.countChildrenWithStatus(tx, id, 'active')) > 0) {
      throw Invalid.field('status', '该组织下还有正常状态的下级组织，请先停用或移走它们');
    }
    if (status === 'active' && org.parentId) {
      const parent = await repo.findParentOf(tx, org);
      if (parent?.status !== 'active') throw Invalid.field('status', '上级组织已停用，请先启用上级组织');
    }
    const after = await repo.updateOrg(tx, id, { status });
    await recordAudit(tx, actor, {
      action: 'status',
      entity: 'org',
      entityId: id,
      orgId: id,
      summary: `${status === 'active' ? '启用' : '停用'}组织 ${org.name}`,
      before: { status: org.status },
      after: { status },
    });
    return after;
  });
}

/** Creates the root of the tree (first start of an empty database). */
export async function insertRootOrg(tx: DbOrTx, actorFor: (root: repo.OrgRow) => Actor, input: { name: string; type: OrgType; divisionCode: string | null }) {
  checkDivision(input.type, input.divisionCode, null);
  const id = await repo.nextOrgId(tx);
  const { full, initials } = pinyinKeys(input.name);
  const row = await repo.insertOrg(tx, { ...input, id, parentId: null, path: `/${id}/`, depth: 0, namePinyin: full, nameInitials: initials });
  await recordAudit(tx, actorFor(row), { action: 'create', entity: 'org', entityId: id, orgId: id, summary: `建立根组织 ${row.name}`, after: auditView(row) });
  return row;
}

/** How org names are read for search; raised when the reading changes (2: place names such as 昆都仑). */
const NAME_KEYS_VERSION = 2;

/** Once after an upgrade that changed how names are read, at start: the orgs' search keys are computed again. */
export async function refreshNameKeys(db: Db): Promise<number> {
  return onceAtVersion(db, 'orgs.nameKeysVersion', NAME_KEYS_VERSION, async (tx) => {
    const changed = (await repo.allNameKeys(tx))
      .map((o) => ({ id: o.id, before: o, ...pinyinKeys(o.name) }))
      .filter((o) => o.full !== o.before.full || o.initials !== o.before.initials);
    await repo.setNameKeys(tx, changed);
    return changed.length;
  });
}

/** The top of the tree, or undefined before the first start. */
export function findRoot(db: DbOrTx) {
  return repo.findRoot(db);
}

/** An org by id whatever the caller's scope: for checks that already hold a scoped reason (a transfer's receiving union). */
export function findOrgById(db: DbOrTx, id: number) {
  return repo.findById(db, id);
}

/** An org of the actor's subtree, or undefined (no error: callers decide what "not found" means). */
export function findOrgRowInScope(db: DbOrTx, actor: Pick<Actor, 'orgPath'>, id: number) {
  return repo.findInScope(db, scopeOf(actor), id);
}

/** The GB/T 2260 code of the nearest federation at or above an org. */
export function divisionCodeOf(db: DbOrTx, orgId: number) {
  return repo.findDivisionCodeFor(db, orgId);
}
