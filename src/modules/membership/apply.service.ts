/**
 * The worker's side of the drive: where an application goes (routing), the join application in
 * three steps, the transfer application, and what the worker sees of their own applications.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import type { Actor } from '../../server/actor.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { AppError, Conflict, Invalid, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { notify } from '../messages/index.ts';
import { insertMembershipEvent, protectId, updateMembership } from '../people/index.ts';
import { MEMBER_UNION_TYPES } from '../orgs/orgs.contract.ts';
import * as repo from './membership.repository.ts';
import { type EmployerInput, type JoinApplicationInput, type MyApplication, type RouteResult, type TransferApplicationInput } from './membership.contract.ts';

registerConstraintMessage('membership_applications_open_worker_key', 'name', '您已有一份申请正在审核中，请等待结果后再提交');
registerConstraintMessage('membership_applications_open_id_key', 'idNumber', '该身份证号已有一份入会申请正在审核中，请等待结果');

export interface MembershipDeps {
  db: Db;
  cipher: FieldCipher;
}

const NO_UNION = '未找到该单位的工会：请选择您工作所在的旗县区或乡镇（街道），由当地联合工会（新就业形态工会）受理';

/** The worker as the audit log names them: by the masked phone, acting on the union they apply to. */
export function workerAuditActor(w: WorkerActor, org: { id: number; path: string }): Actor {
  return {
    accountId: null,
    username: `职工 ${w.phoneMasked}`,
    orgId: org.id,
    orgPath: org.path,
    roles: [],
    permissions: new Set(),
    sessionId: null,
    ip: w.ip,
  };
}

type Routed = { org: repo.UnionHit; via: 'poster' | 'employer' | 'joint' };

/**
 * Where an application goes: the union of the poster the worker scanned; else the union of the
 * employer (its own credit code, or the union the registry's people of that employer belong to);
 * else the joint union (联合工会 / 新就业形态工会) of the area the worker picked.
 */
async function route(db: DbOrTx, input: EmployerInput): Promise<Routed | { needsArea: true }> {
  if (input.posterOrgId) {
    const org = await repo.findOrg(db, input.posterOrgId);
    if (!org || org.status !== 'active' || !(MEMBER_UNION_TYPES as readonly string[]).includes(org.type))
      throw Invalid.field('posterOrgId', '二维码对应的工会不存在或已停用，请向工会索取新的入会二维码');
    return { org, via: 'poster' };
  }
  const code = input.employerCreditCode ?? null;
  const byCode = code ? await repo.unionByCreditCode(db, code) : undefined;
  const employer = byCode ?? (await repo.unionOfEmployer(db, { name: input.employerName ?? null, creditCode: code }));
  if (employer) return { org: employer, via: 'employer' };
  if (!input.areaOrgId) return { needsArea: true };
  const area = await repo.findOrg(db, input.areaOrgId);
  if (!area || area.status !== 'active') throw Invalid.field('areaOrgId', '所选地区不存在');
  const joint = area.type === 'joint' ? area : await repo.jointUnionUnder(db, area.path);
  if (!joint) throw Invalid.field('areaOrgId', `${area.name}下暂无联合工会（新就业形态工会），请选择上一级地区，或联系当地总工会`);
  return { org: joint, via: 'joint' };
}

/** Step 2 of the join (and the transfer): which union will take the application, or that an area must be picked. */
export async function previewRoute(db: Db, input: EmployerInput): Promise<RouteResult> {
  const r = await route(db, input);
  if ('needsArea' in r) return { org: null, via: null, needsArea: true, message: NO_UNION };
  return { org: { id: r.org.id, name: r.org.name }, via: r.via, needsArea: false, message: null };
}

async function routeOrRefuse(db: DbOrTx, input: EmployerInput) {
  const r = await route(db, input);
  if ('needsArea' in r) throw Invalid.field('areaOrgId', NO_UNION);
  return r;
}

/** The county or township areas under a union of the tree (the root's children by default), for the worker to pick. */
export async function listAreas(db: Db, parentId: number | undefined) {
  const parent = parentId ?? (await repo.rootOrg(db)).id;
  const rows = await repo.areasUnder(db, parent);
  return rows.map((r) => ({ id: r.id, name: r.name, hasChildren: r.has_children, jointCount: r.joint_count }));
}

export const listOccupationChoices = (db: Db) => repo.listOccupations(db);

/** Refuses an ID number that is already a member, or bound to another worker's phone, or not the worker's own record. */
async function checkIdentity(db: DbOrTx, w: WorkerActor, idType: string, bidx: string) {
  const holder = await repo.holderOfId(db, idType, bidx);
  if (holder?.member_no) {
    if (holder.state === 'member' || holder.state === 'transferring')
      throw new Conflict('该身份证号已是工会会员，一人只入会一次；更换工作单位请申请转会', [{ field: 'idNumber', message: '已是工会会员' }]);
    throw new Conflict('该身份证号曾经入会（已退会或除名），请联系原工会恢复会籍', [{ field: 'idNumber', message: '曾经入会' }]);
  }
  if (holder?.worker_id && holder.worker_id !== w.workerId)
    throw new Conflict('该身份证号已关联其他手机号：请用该手机号登录，或联系工会核实', [{ field: 'idNumber', message: '已关联其他手机号' }]);
  if (w.personId !== null && holder?.id !== w.personId)
    throw new Conflict('您的手机号已关联职工档案，填写的身份证号与档案不一致', [{ field: 'idNumber', message: '与档案不一致' }]);
  return holder;
}

async function refuseSecond(db: DbOrTx, w: WorkerActor) {
  const open = (await repo.applicationsOfWorker(db, w.workerId, w.personId)).find((a) => a.status === 'submitted' || a.status === 'reviewing');
  if (open) throw new Conflict(`您已有一份${open.kind === 'join' ? '入会' : '转会'}申请正在审核中（${open.org_name}），请等待结果后再提交`);
}

/** 入会申请: the identity (the phone is the signed-in one), the employer, the occupation; routed to one union. */
export async function applyToJoin({ db, cipher }: MembershipDeps, w: WorkerActor, input: JoinApplicationInput) {
  const id = protectId(cipher, input.idNumber, chinaToday());
  if ('problem' in id) throw Invalid.field('idNumber', id.problem);
  const occupation = await repo.occupationLabel(db, input.occupation);
  if (!occupation) throw Invalid.field('occupation', '请从列表中选择职业');
  await refuseSecond(db, w);
  await checkIdentity(db, w, id.idType, id.idNumberBidx);
  const { org, via } = await routeOrRefuse(db, input);
  const phone = await repo.workerPhone(db, w.workerId);
  return db.transaction(async (tx) => {
    const row = await repo.insertApplication(tx, {
      kind: 'join',
      workerId: w.workerId,
      personId: w.personId,
      name: input.name,
      idType: id.idType,
      idNumberEnc: id.idNumberEnc,
      idNumberBidx: id.idNumberBidx,
      idMasked: id.idMasked,
      idLast4: id.idLast4,
      birthDate: id.birthDate,
      sex: id.sex,
      phoneMasked: phone?.phone_masked ?? w.phoneMasked,
      employerName: input.employerName ?? null,
      employerCreditCode: input.employerCreditCode ?? null,
      occupation: input.occupation,
      orgId: org.id,
      channel: input.posterOrgId ? 'poster' : 'portal',
      via,
    });
    await recordAudit(tx, workerAuditActor(w, org), {
      action: 'membership.apply',
      entity: 'membership_application',
      entityId: row.id,
      orgId: org.id,
      summary: `${input.name} 申请入会，受理工会 ${org.name}`,
      after: { idMasked: id.idMasked, employerName: row.employerName, occupation: row.occupation, channel: row.channel, via },
    });
    await notify(tx, {
      to: w.personId ? { personId: w.personId } : { workerId: w.workerId },
      kind: 'membership.submitted',
      title: '入会申请已提交',
      body: `您的入会申请已提交至${org.name}，审核结果将以短信和消息通知您。`,
      link: '/join/status',
      dedupeKey: `membership.submitted:${row.id}`,
    });
    return { id: row.id, orgName: org.name };
  });
}

/** 转会: a member moving to a new employer's union; the membership waits as 转出中 until that union accepts. */
export async function applyToTransfer(db: Db, w: WorkerActor, input: TransferApplicationInput) {
  if (w.personId === null) throw new AppError(409, '您的手机号尚未关联职工档案：请先申请入会');
  const m = await repo.membershipOf(db, w.personId);
  if (!m?.member_no) throw new Conflict('您还不是工会会员：请先申请入会');
  if (m.state === 'transferring') throw new Conflict(`您的会籍正在转往${m.pending_org_name}，请等待对方工会接收`);
  if (m.state !== 'member') throw new Conflict('您的会籍已退会或除名，请联系原工会恢复会籍后再转会');
  if (!input.employerName && !input.employerCreditCode) throw Invalid.field('employerName', '请填写新工作单位名称或统一社会信用代码');
  await refuseSecond(db, w);
  const { org, via } = await routeOrRefuse(db, input);
  if (org.id === m.org_id) throw Invalid.field('employerName', `新单位的工会就是您现在的工会（${org.name}），无需转会`);
  const reason = input.reason ?? `更换工作单位${input.employerName ? `至${input.employerName}` : ''}`;
  return db.transaction(async (tx) => {
    const row = await repo.insertApplication(tx, {
      kind: 'transfer',
      workerId: w.workerId,
      personId: w.personId,
      name: m.name,
      phoneMasked: w.phoneMasked,
      employerName: input.employerName ?? null,
      employerCreditCode: input.employerCreditCode ?? null,
      orgId: org.id,
      fromOrgId: m.org_id,
      channel: 'portal',
      via,
      reason: null,
    });
    await updateMembership(tx, w.personId!, { state: 'transferring', pendingOrgId: org.id });
    await insertMembershipEvent(tx, { personId: w.personId!, action: 'transfer_out', fromOrgId: m.org_id, toOrgId: org.id, reason, on: chinaToday() });
    await recordAudit(tx, workerAuditActor(w, org), {
      action: 'membership.transfer_apply',
      entity: 'membership_application',
      entityId: row.id,
      orgId: org.id,
      summary: `${m.name} 申请转会：${m.org_name} → ${org.name}（${reason}）`,
    });
    await notify(tx, {
      to: { personId: w.personId! },
      kind: 'membership.submitted',
      title: '转会申请已提交',
      body: `您的转会申请已提交至${org.name}，对方工会接收后会籍随之转入。`,
      link: '/join/status',
      dedupeKey: `membership.submitted:${row.id}`,
    });
    return { id: row.id, orgName: org.name };
  });
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** The steps of an application as the worker sees them: 已提交 → 审核中 → 已通过 / 未通过. */
export function presentMine(a: repo.ApplicationListRow): MyApplication {
  const steps: MyApplication['steps'] = [{ status: 'submitted', at: iso(a.created_at)! }];
  if (a.reviewed_at || a.decided_at) steps.push({ status: 'reviewing', at: iso(a.reviewed_at ?? a.decided_at)! });
  if (a.decided_at) steps.push({ status: a.status, at: iso(a.decided_at)! });
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    name: a.name,
    orgName: a.org_name,
    fromOrgName: a.from_org_name,
    employerName: a.employer_name,
    occupationLabel: a.occupation_label,
    memberNo: a.member_no,
    reason: a.status === 'refused' ? a.reason : null,
    createdAt: iso(a.created_at)!,
    steps,
  };
}

/** The worker's membership (when registered) and their applications, newest first. */
/** The 入会申请 tile: how many of my applications are in review. */
export async function membershipHome(db: DbOrTx, w: WorkerActor): Promise<{ inReview: number }> {
  return { inReview: await repo.countOpenOfWorker(db, w.workerId, w.personId) };
}

export async function myMembership(db: Db, w: WorkerActor) {
  const m = w.personId === null ? undefined : await repo.membershipOf(db, w.personId);
  const apps = await repo.applicationsOfWorker(db, w.workerId, w.personId);
  return {
    member: m?.member_no ? { memberNo: m.member_no, joinedOn: m.joined_on, state: m.state, orgName: m.org_name, pendingOrgName: m.pending_org_name } : null,
    applications: apps.map(presentMine),
  };
}
