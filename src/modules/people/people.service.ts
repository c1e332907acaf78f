import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { personPinyinKeys, pinyinKeys } from '../../server/text.ts';
import { chinaToday } from '../../shared/dates.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import { isMobilePhone } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import { onceAtVersion } from '../system/index.ts';
import * as repo from './people.repository.ts';
import * as demo from './demo.repository.ts';
import type { DemoPerson } from './demo.repository.ts';
export type { DemoPerson };
import { ageOn, idIndex, phoneIndex, protectId, protectPhone } from './identity.ts';
import type { CreatePersonInput, ListPeopleQuery, PersonView, UpdateOccupationInput, UpdatePersonInput } from './people.contract.ts';

registerConstraintMessage('persons_id_number_key', 'idNumber', '该证件号码已登记，同一人只能有一份档案');
registerConstraintMessage('memberships_member_no_key', 'memberNo', '该会员编号已被使用');
registerConstraintMessage('occupations_label_unique', 'label', '已有同名职业');
registerConstraintMessage('occupations_pkey', 'code', '已有相同代码的职业');

/** Everything a service of this module needs besides the database. */
export interface PeopleDeps {
  db: Db;
  cipher: FieldCipher;
}

/** What the audit log keeps of a person: never the identity number or phone, only their masks. */
export function personAuditView(p: repo.PersonDbRow) {
  return {
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    idMasked: p.idMasked,
    phoneMasked: p.phoneMasked,
    orgId: p.orgId,
    ethnicity: p.ethnicity,
    address: p.address,
    hukouType: p.hukouType,
    politicalStatus: p.politicalStatus,
    education: p.education,
    employerName: p.employerName,
    employerCreditCode: p.employerCreditCode,
    occupation: p.occupation,
    employmentForm: p.employmentForm,
    workStatus: p.workStatus,
    tags: p.tags,
    notes: p.notes,
  };
}

export function personCan(actor: Actor) {
  return {
    edit: can(actor, 'person:write'),
    reveal: can(actor, 'person:reveal'),
    merge: can(actor, 'person:merge'),
    transfer: can(actor, 'person:write'),
  };
}

/** A row of the people list: masked identifiers, labels joined in. */
export function presentPersonRow(r: repo.PersonDetailRow, today = chinaToday()) {
  const p = r.person;
  return {
    id: p.id,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    age: ageOn(p.birthDate, today),
    idMasked: p.idMasked,
    phoneMasked: p.phoneMasked,
    orgId: p.orgId,
    orgName: r.orgName,
    employerName: p.employerName,
    occupation: p.occupation,
    occupationLabel: r.occupationLabel,
    employmentForm: p.employmentForm as PersonView['employmentForm'],
    workStatus: p.workStatus as PersonView['workStatus'],
    tags: p.tags,
    membershipState: r.membershipState,
  };
}

/** The whole record (still masked), its membership and what the actor may do with it. */
export function presentPerson(actor: Actor, r: repo.PersonDetailRow, today = chinaToday()): PersonView {
  const p = r.person;
  const { membershipState: _state, ...row } = presentPersonRow(r, today);
  return {
    ...row,
    idType: p.idType as PersonView['idType'],
    ethnicity: p.ethnicity,
    address: p.address,
    hukouType: p.hukouType as PersonView['hukouType'],
    politicalStatus: p.politicalStatus as PersonView['politicalStatus'],
    education: p.education as PersonView['education'],
    employerCreditCode: p.employerCreditCode,
    notes: p.notes,
    membership: r.memberNo
      ? { memberNo: r.memberNo, joinedOn: r.joinedOn!, state: r.membershipState!, pendingOrgId: r.pendingOrgId, pendingOrgName: r.pendingOrgName }
      : null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    can: personCan(actor),
  };
}

async function checkOccupation(db: DbOrTx, code: string | null | undefined) {
  if (code && !(await repo.findOccupation(db, code))) throw Invalid.field('occupation', `职业「${code}」不在职业代码表中`);
}

/** Explains an ID number that is already registered, without naming an org outside the actor's scope. */
async function alreadyRegistered(db: DbOrTx, actor: Actor, idType: string, bidx: string, exceptId?: number) {
  const holder = await repo.findByIdIndex(db, idType, bidx);
  if (!holder || holder.id === exceptId) return;
  const visible = holder.status === 'active' ? await repo.findPersonInScope(db, scopeOf(actor), holder.id) : undefined;
  throw new Conflict(
    visible
      ? `该证件号码已登记：${visible.person.name}（${visible.orgName}），同一人只能有一份档案`
      : '该证件号码已在您管辖范围以外的工会登记，请联系上级工会办理调转',
    [{ field: 'idNumber', message: visible ? `已登记：${visible.person.name}` : '已在其他工会登记' }],
  );
}

/** Turns a search box entry into the index it can use: full ID, phone, last four, pinyin or name. */
export function searchKeys(cipher: FieldCipher, raw: string | undefined): repo.SearchKeys {
  const q = raw?.trim();
  if (!q) return {};
  const id = parseIdNumber(q, chinaToday());
  if (id.ok) return { idBidx: idIndex(cipher, id.number) };
  if (isMobilePhone(q)) return { phoneBidx: phoneIndex(cipher, q) };
  if (/^\d{3}[\dXx]$/.test(q)) return { last4: q.toUpperCase() };
  const latin = q.toLowerCase().replace(/[\s']/g, '');
  if (/^[a-z]+$/.test(latin)) return { latin };
  return { name: q };
}

/** Registers a person in a union of the actor's subtree. Sex and birth date come from the ID number. */
export async function createPerson({ db, cipher }: PeopleDeps, actor: Actor, input: CreatePersonInput) {
  authorize(actor, 'person:write');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  if (org.status !== 'active') throw Invalid.field('orgId', '所属工会已停用');
  const id = protectId(cipher, input.idNumber, chinaToday());
  if ('problem' in id) throw Invalid.field('idNumber', id.problem);
  const phone = protectPhone(cipher, input.phone);
  if ('problem' in phone) throw Invalid.field('phone', phone.problem);
  await checkOccupation(db, input.occupation);
  await alreadyRegistered(db, actor, id.idType, id.idNumberBidx);
  const { full, initials } = personPinyinKeys(input.name);
  return db.transaction(async (tx) => {
    const { idNumber: _i, phone: _p, ...fields } = input;
    const row = await repo.insertPerson(tx, { ...fields, ...id, ...phone, namePinyin: full, nameInitials: initials });
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'person',
      entityId: row.id,
      orgId: row.orgId,
      summary: `新增职工档案 ${row.name}`,
      after: personAuditView(row),
    });
    return row.id;
  });
}

/** Edits a person; `version` must be the one the form was opened with. */
export async function updatePerson({ db, cipher }: PeopleDeps, actor: Actor, { id, data }: { id: number; data: UpdatePersonInput }) {
  authorize(actor, 'person:write');
  const { version, idNumber, phone, ...fields } = data;
  const changes: Partial<repo.PersonDbRow> = { ...fields };
  if (idNumber !== undefined) {
    const pid = protectId(cipher, idNumber, chinaToday());
    if ('problem' in pid) throw Invalid.field('idNumber', pid.problem);
    await alreadyRegistered(db, actor, pid.idType, pid.idNumberBidx, id);
    Object.assign(changes, pid);
  }
  if (phone !== undefined) {
    const pp = protectPhone(cipher, phone);
    if ('problem' in pp) throw Invalid.field('phone', pp.problem);
    Object.assign(changes, pp);
  }
  if (fields.name) Object.assign(changes, (({ full, initials }) => ({ namePinyin: full, nameInitials: initials }))(personPinyinKeys(fields.name)));
  await checkOccupation(db, fields.occupation);
  return db.transaction(async (tx) => {
    const before = await repo.lockPersonInScope(tx, scopeOf(actor), id);
    if (!before) throw new NotFound('人员');
    const after = await repo.updatePersonVersioned(tx, id, version, changes);
    if (!after) throw new Conflict('该档案已被他人修改，请刷新后核对再保存', [{ field: 'version', message: '档案已被他人修改' }]);
    await recordAudit(tx, actor, {
      action: 'update',
      entity: 'person',
      entityId: id,
      orgId: after.orgId,
      summary: `修改职工档案 ${after.name}`,
      before: personAuditView(before),
      after: personAuditView(after),
    });
    return after;
  });
}

export async function getPerson(db: Db, actor: Actor, id: number) {
  authorize(actor, 'person:read');
  const row = await repo.findPersonInScope(db, scopeOf(actor), id);
  if (!row) throw new NotFound('人员');
  return row;
}

export async function listPeople({ db, cipher }: PeopleDeps, actor: Actor, query: ListPeopleQuery) {
  authorize(actor, 'person:read');
  const within = query.orgId ? await scopeOfOrg(db, actor, query.orgId) : undefined;
  return repo.searchPeople(db, scopeOf(actor), query, searchKeys(cipher, query.q), within, chinaToday());
}

export async function findPeopleForExport({ db, cipher }: PeopleDeps, actor: Actor, query: ListPeopleQuery, limit: number, full = false) {
  authorize(actor, 'person:export');
  const within = query.orgId ? await scopeOfOrg(db, actor, query.orgId) : undefined;
  const rows = await repo.findForExport(db, scopeOf(actor), query, searchKeys(cipher, query.q), within, chinaToday(), limit);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'export',
      entity: 'person',
      orgId: actor.orgId,
      summary: full ? `导出职工名单 ${rows.length} 人（含完整证件号和手机号）` : `导出职工名单 ${rows.length} 人（证件号、手机号已脱敏）`,
    }),
  );
  return rows;
}

/**
 * Shows a full ID number or phone to someone allowed to see it, for a stated reason; every
 * reveal is an audit entry.
 */
export async function revealPerson(
  { db, cipher }: PeopleDeps,
  actor: Actor,
  { id, field, reason }: { id: number; field: 'idNumber' | 'phone'; reason: string },
) {
  authorize(actor, 'person:reveal');
  const row = await repo.findPersonInScope(db, scopeOf(actor), id);
  if (!row) throw new NotFound('人员');
  const p = row.person;
  const value = field === 'idNumber' ? cipher.decrypt('id_number', p.idNumberEnc) : p.phoneEnc ? cipher.decrypt('phone', p.phoneEnc) : null;
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'reveal',
      entity: 'person',
      entityId: id,
      orgId: p.orgId,
      summary: `查看 ${p.name} 的完整${field === 'idNumber' ? '证件号码' : '手机号'}，原因：${reason}`,
    }),
  );
  return value;
}

/**
 * 调转: moves a person to another union of the actor's subtree, with history. A member's
 * membership goes with them; moving to a union outside the subtree is a membership transfer the
 * receiving union accepts (see membership.service).
 */
export async function transferPerson(db: Db, actor: Actor, { id, toOrgId, reason, version }: { id: number; toOrgId: number; reason: string; version: number }) {
  authorize(actor, 'person:write');
  const to = await findOrgInScope(db, actor, toOrgId, 'toOrgId');
  if (to.status !== 'active') throw Invalid.field('toOrgId', '调入工会已停用');
  return db.transaction(async (tx) => {
    const before = await repo.lockPersonInScope(tx, scopeOf(actor), id);
    if (!before) throw new NotFound('人员');
    if (before.orgId === to.id) throw Invalid.field('toOrgId', '该职工已在这个工会');
    const after = await repo.updatePersonVersioned(tx, id, version, { orgId: to.id });
    if (!after) throw new Conflict('该档案已被他人修改，请刷新后再调转');
    await repo.insertTransfer(tx, { personId: id, fromOrgId: before.orgId, toOrgId: to.id, reason, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'move',
      entity: 'person',
      entityId: id,
      orgId: to.id,
      summary: `${before.name} 调转至 ${to.name}：${reason}`,
      before: { orgId: before.orgId },
      after: { orgId: to.id },
    });
    return after;
  });
}

export async function getPersonHistory(db: Db, actor: Actor, id: number) {
  await getPerson(db, actor, id);
  return repo.findHistory(db, id);
}

/**
 * The code list, each occupation with how many people of the actor's scope hold it (one grouped
 * query); null counts for an account that may not read the registry.
 */
export async function listOccupations(db: Db, actor: Actor) {
  const [rows, counts] = await Promise.all([repo.listOccupations(db), can(actor, 'person:read') ? repo.countPeopleByOccupation(db, scopeOf(actor)) : null]);
  return rows.map((o) => ({ ...o, peopleCount: counts ? (counts.get(o.code) ?? 0) : null }));
}

async function withPeopleCount(db: Db, actor: Actor, o: repo.OccupationRow) {
  const counts = can(actor, 'person:read') ? await repo.countPeopleByOccupation(db, scopeOf(actor), o.code) : null;
  return { ...o, peopleCount: counts ? (counts.get(o.code) ?? 0) : null };
}

/** The code list is shared by all unions: only a system administrator who may write people changes it. */
function authorizeOccupationAdmin(actor: Actor, refusal: string) {
  authorize(actor, 'person:write');
  if (!actor.roles.includes('sysadmin')) throw new Forbidden(refusal);
}

/** Adds an occupation to the code list (system administrators: the list is shared by all unions). */
export async function createOccupation(db: Db, actor: Actor, input: { code: string; label: string }) {
  authorizeOccupationAdmin(actor, '职业代码表全系统共用，请联系系统管理员添加');
  return db.transaction(async (tx) => {
    const row = await repo.insertOccupation(tx, input.code, input.label);
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'occupation',
      entityId: row.code,
      orgId: actor.orgId,
      summary: `新增职业 ${row.label}`,
      after: row,
    });
    return { ...row, peopleCount: 0 };
  });
}

/**
 * Renames an occupation or moves it in the order. The code stays: people, campaign rules and
 * import mappings refer to it. A label already used by another occupation is a 409 at 职业名称.
 */
export async function updateOccupation(db: Db, actor: Actor, { code, data }: { code: string; data: UpdateOccupationInput }) {
  authorizeOccupationAdmin(actor, '职业代码表全系统共用，请联系系统管理员修改');
  const after = await db.transaction(async (tx) => {
    const before = await repo.lockOccupation(tx, code);
    if (!before) throw new NotFound('职业');
    const row = await repo.updateOccupation(tx, code, data);
    const summary = row.label === before.label ? `修改职业 ${row.label}` : `修改职业名称 ${before.label} → ${row.label}`;
    await recordAudit(tx, actor, { action: 'update', entity: 'occupation', entityId: code, orgId: actor.orgId, summary, before, after: row });
    return row;
  });
  return withPeopleCount(db, actor, after);
}

export async function getPeopleStats(db: Db, actor: Actor) {
  authorize(actor, 'person:read');
  return repo.countPeople(db, scopeOf(actor));
}

/** How people's names are read for search; raised when the reading changes (2: surnames). */
const NAME_KEYS_VERSION = 2;

/**
 * Once after an upgrade that changed how names are read, at start: the stored search keys of the
 * names concerned are computed again. Only names whose first one or two characters read
 * differently now (a surname: 曾 was read céng, now zēng) are looked at. Returns how many changed.
 */
export async function refreshNameKeys(db: Db): Promise<number> {
  return onceAtVersion(db, 'people.nameKeysVersion', NAME_KEYS_VERSION, async (tx) => {
    const heads = (await repo.nameHeads(tx)).filter((h) => pinyinKeys(h).full !== personPinyinKeys(h).full);
    const changed = heads.length
      ? (await repo.peopleNamedFrom(tx, heads))
          .map((p) => ({ id: p.id, before: p, ...personPinyinKeys(p.name) }))
          .filter((p) => p.full !== p.before.full || p.initials !== p.before.initials)
      : [];
    await repo.setNameKeys(tx, changed);
    return changed.length;
  });
}

/** A person of the actor's subtree with the org path it belongs to, or undefined. */
export function findPersonInScope(db: DbOrTx, actor: Actor, id: number) {
  return repo.findPersonWithPath(db, scopeOf(actor), id);
}

/** The demo dataset's people, written as one set (first start of the embedded database only). */
export function insertDemoPeople(tx: DbOrTx, people: DemoPerson[]) {
  return demo.insertDemoPeople(tx, people);
}
