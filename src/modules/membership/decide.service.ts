/**
 * The receiving union's side: the 入会审批 queue, approval (a registry person and a membership with
 * a member number, the worker's phone bound to the person), refusal with a reason, bulk approval.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf, type Scope } from '../../server/scope.ts';
import { AppError, Conflict, NotFound } from '../../server/errors.ts';
import { personPinyinKeys } from '../../server/text.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { notify } from '../messages/index.ts';
import { scopeOfOrg } from '../orgs/index.ts';
import { bindWorkerToPerson } from '../portal/index.ts';
import { changeMembership, insertPerson, insertTransfer, joinUnion, updatePersonRow } from '../people/index.ts';
import * as repo from './membership.repository.ts';
import { APPLICATION_STATUS_LABELS, type ApplicationRow, type ListApplicationsQuery } from './membership.contract.ts';
import type { MembershipDeps } from './apply.service.ts';

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

export function presentRow(a: repo.ApplicationListRow): ApplicationRow {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    channel: a.channel,
    via: a.via,
    name: a.name,
    idMasked: a.id_masked,
    phoneMasked: a.phone_masked,
    employerName: a.employer_name,
    employerCreditCode: a.employer_credit_code,
    occupation: a.occupation,
    occupationLabel: a.occupation_label,
    orgId: a.org_id,
    orgName: a.org_name,
    fromOrgName: a.from_org_name,
    memberNo: a.member_no,
    reason: a.reason,
    createdAt: iso(a.created_at)!,
    decidedAt: iso(a.decided_at),
    decidedBy: a.decided_by,
  };
}

async function within(db: DbOrTx, actor: Actor, orgId: number | undefined): Promise<Scope> {
  return orgId ? scopeOfOrg(db, actor, orgId, 'orgId') : scopeOf(actor);
}

/** The queue of the actor's subtree (or one union's subtree inside it), filtered. */
export async function listApplications(db: Db, actor: Actor, q: ListApplicationsQuery) {
  authorize(actor, 'membership:read');
  const scope = await within(db, actor, q.orgId);
  const [rows, total] = await Promise.all([repo.listApplications(db, scope, q), repo.countApplications(db, scope, q)]);
  return { items: rows.map(presentRow), total, page: q.page, pageSize: q.pageSize };
}

export async function getApplication(db: Db, actor: Actor, id: number) {
  authorize(actor, 'membership:read');
  const row = await repo.applicationInScope(db, scopeOf(actor), id);
  if (!row) throw new NotFound('入会申请');
  return presentRow(row);
}

async function lockOpen(tx: DbOrTx, actor: Actor, id: number) {
  const app = await repo.lockApplicationInScope(tx, scopeOf(actor), id);
  if (!app) throw new NotFound('入会申请');
  if (app.status !== 'submitted' && app.status !== 'reviewing') throw new Conflict(`该申请已${APPLICATION_STATUS_LABELS[app.status]}，不能再次审批`);
  return app;
}

const to = (app: repo.ApplicationDbRow) => (app.personId ? { personId: app.personId } : { workerId: app.workerId! });

/** 开始审核: the worker sees 审核中. */
export async function startReview(db: Db, actor: Actor, id: number) {
  authorize(actor, 'membership:approve');
  await db.transaction(async (tx) => {
    const app = await lockOpen(tx, actor, id);
    if (app.status !== 'submitted') return;
    await repo.updateApplication(tx, id, { status: 'reviewing', reviewedAt: new Date() });
    await recordAudit(tx, actor, {
      action: 'membership.review',
      entity: 'membership_application',
      entityId: id,
      orgId: app.orgId,
      summary: `开始审核 ${app.name} 的${app.kind === 'join' ? '入会' : '转会'}申请`,
    });
  });
  return getApplication(db, actor, id);
}

/**
 * Admits a join applicant: the registry person of the ID number (moved to the receiving union if
 * another union holds the record) or a new one, a membership with a member number as staff joins
 * give it, and the applicant's phone bound to the person.
 */
async function admit(tx: DbOrTx, { db: _db }: MembershipDeps, actor: Actor, app: repo.ApplicationDbRow) {
  const holder = await repo.holderOfId(tx, app.idType!, app.idNumberBidx!);
  if (holder?.member_no) throw new Conflict('该身份证号已是工会会员，一人只入会一次：请以「未通过」答复并说明原因');
  if (holder?.worker_id && app.workerId && holder.worker_id !== app.workerId) throw new Conflict('该身份证号已关联其他手机号，请核实申请人身份');
  let personId: number;
  if (holder) {
    personId = holder.id;
    if (holder.org_id !== app.orgId) {
      await updatePersonRow(tx, personId, { orgId: app.orgId });
      await insertTransfer(tx, { personId, fromOrgId: holder.org_id, toOrgId: app.orgId, reason: '入会申请通过，转入受理工会', byAccountId: actor.accountId });
    }
  } else {
    const phone = app.workerId ? await repo.workerPhone(tx, app.workerId) : undefined;
    const { full, initials } = personPinyinKeys(app.name);
    const row = await insertPerson(tx, {
      orgId: app.orgId,
      name: app.name,
      namePinyin: full,
      nameInitials: initials,
      sex: app.sex as 'male' | 'female',
      birthDate: app.birthDate!,
      idType: app.idType!,
      idNumberEnc: app.idNumberEnc!,
      idNumberBidx: app.idNumberBidx!,
      idMasked: app.idMasked!,
      idLast4: app.idLast4!,
      phoneEnc: phone?.phone_enc ?? null,
      phoneBidx: phone?.phone_bidx ?? null,
      phoneMasked: phone?.phone_masked ?? null,
      employerName: app.employerName,
      employerCreditCode: app.employerCreditCode,
      occupation: app.occupation,
      employmentForm: app.via === 'joint' ? 'new_form' : null,
    });
    personId = row.id;
    await recordAudit(tx, actor, {
      action: 'create',
      entity: 'person',
      entityId: personId,
      orgId: app.orgId,
      summary: `入会申请通过，新增职工档案 ${app.name}`,
      after: { name: app.name, idMasked: app.idMasked, phoneMasked: row.phoneMasked, orgId: app.orgId, occupation: app.occupation },
    });
  }
  // A transaction handle is a database handle: joinUnion's own transaction becomes a savepoint of this one.
  const memberNo = await joinUnion(tx as Db, actor, { personId, memberNo: null, joinedOn: chinaToday() });
  if (app.workerId) await bindWorkerToPerson(tx, app.workerId, personId);
  return { personId, memberNo };
}

/** Approves one application: a join admits the applicant; a transfer is accepted by the receiving union. */
export async function approveApplication(deps: MembershipDeps, actor: Actor, id: number) {
  authorize(actor, 'membership:approve');
  return deps.db.transaction(async (tx) => {
    const app = await lockOpen(tx, actor, id);
    let personId: number;
    let memberNo: string;
    if (app.kind === 'join') {
      ({ personId, memberNo } = await admit(tx, deps, actor, app));
    } else {
      personId = app.personId!;
      const m = await repo.membershipOf(tx, personId);
      if (!m?.member_no || m.state !== 'transferring') throw new Conflict('该会员的会籍已不在转出中，请刷新后查看');
      await changeMembership(tx as Db, actor, { personId, action: 'accept_transfer', reason: '职工申请转会', on: null });
      if (app.employerName || app.employerCreditCode)
        await updatePersonRow(tx, personId, { employerName: app.employerName, employerCreditCode: app.employerCreditCode });
      memberNo = m.member_no;
    }
    await repo.updateApplication(tx, id, {
      status: 'approved',
      personId,
      memberNo,
      decidedAt: new Date(),
      decidedBy: actor.accountId,
      reviewedAt: app.reviewedAt ?? new Date(),
    });
    const org = await repo.findOrg(tx, app.orgId);
    await recordAudit(tx, actor, {
      action: 'membership.approve',
      entity: 'membership_application',
      entityId: id,
      orgId: app.orgId,
      summary: `${app.name} 的${app.kind === 'join' ? '入会' : '转会'}申请通过，会员编号 ${memberNo}`,
      after: { personId, memberNo },
    });
    await notify(tx, {
      to: { personId },
      kind: 'membership.approved',
      title: app.kind === 'join' ? '入会申请已通过' : '转会申请已通过',
      body: app.kind === 'join' ? `欢迎加入${org!.name}！您的会员编号为 ${memberNo}。` : `${org!.name}已接收您的会籍转入，会员编号 ${memberNo} 不变。`,
      link: '/join/status',
      sms: true,
      dedupeKey: `membership.decided:${id}`,
    });
    return { id, memberNo };
  });
}

/** Refuses an application with a reason the worker reads; a refused transfer leaves the membership where it was. */
export async function refuseApplication(db: Db, actor: Actor, id: number, reason: string) {
  authorize(actor, 'membership:approve');
  await db.transaction(async (tx) => {
    const app = await lockOpen(tx, actor, id);
    if (app.kind === 'transfer') {
      const m = await repo.membershipOf(tx, app.personId!);
      if (m?.state === 'transferring') await changeMembership(tx as Db, actor, { personId: app.personId!, action: 'reject_transfer', reason, on: null });
    }
    await repo.updateApplication(tx, id, {
      status: 'refused',
      reason,
      decidedAt: new Date(),
      decidedBy: actor.accountId,
      reviewedAt: app.reviewedAt ?? new Date(),
    });
    const org = await repo.findOrg(tx, app.orgId);
    await recordAudit(tx, actor, {
      action: 'membership.refuse',
      entity: 'membership_application',
      entityId: id,
      orgId: app.orgId,
      summary: `${app.name} 的${app.kind === 'join' ? '入会' : '转会'}申请未通过：${reason}`,
    });
    await notify(tx, {
      to: to(app),
      kind: 'membership.refused',
      title: app.kind === 'join' ? '入会申请未通过' : '转会申请未通过',
      body: `${org!.name}：${reason}`,
      link: '/join/status',
      sms: true,
      dedupeKey: `membership.decided:${id}`,
    });
  });
  return getApplication(db, actor, id);
}

/** Approves several at once, each in its own transaction: what fails is reported on its row, the rest go through. */
export async function bulkApprove(deps: MembershipDeps, actor: Actor, ids: number[]) {
  authorize(actor, 'membership:approve');
  const unique = [...new Set(ids)];
  // An id outside the scope refuses the whole batch as "not found", so existence does not leak.
  if ((await repo.countInScope(deps.db, scopeOf(actor), unique)) !== unique.length) throw new NotFound('入会申请');
  const rows = [];
  for (const id of unique) {
    const app = (await repo.applicationInScope(deps.db, scopeOf(actor), id))!;
    try {
      const { memberNo } = await approveApplication(deps, actor, id);
      rows.push({ id, name: app.name, ok: true, memberNo, message: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      rows.push({ id, name: app.name, ok: false, memberNo: null, message: err.message });
    }
  }
  return { approved: rows.filter((r) => r.ok).length, failed: rows.filter((r) => !r.ok).length, rows };
}
