/**
 * Case files (一户一档): 建档申请, edits and 年度复核 (the category recomputed each time), the file's
 * view and the ledger list, the 台账 export, and the audited reveal of household finances.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { scopeOfOrg } from '../orgs/index.ts';
import { findPersonInScope } from '../people/index.ts';
import * as repo from './cases.repository.ts';
import * as assistanceRepo from './assistance.repository.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import { assess, noticeDays } from './hardship.policy.ts';
import { actionsFor, noticeOpenUntil, noticeRefusal, refusedFor } from './lifecycle.service.ts';
import { canSignOff } from './signoff.ts';
import {
  ASSISTANCE_LABELS,
  CASE_ACTION_LABELS,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  CATEGORY_LABELS,
  type AssistanceType,
  type CaseInput,
  type CaseView,
  type Category,
} from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

registerConstraintMessage('hardship_members_one_file_key', 'personId', '此人已在另一份未销档的困难职工档案中（一户一档）');

function maskAccount(account: string) {
  return `${account.slice(0, 4)} **** **** ${account.slice(-4)}`;
}

async function caseValues(deps: { db: DbOrTx; cipher: FieldCipher }, org: { path: string }, input: CaseInput) {
  const a = await assess(deps.db, org, input);
  return {
    values: {
      kind: input.kind,
      category: a.category,
      computedCategory: a.computed,
      overrideReason: a.category !== a.computed ? input.overrideReason : null,
      explanation: a.explanation,
      mainCause: input.mainCause,
      secondaryCauses: input.secondaryCauses,
      householdSize: 1 + input.members.length,
      yearlyIncomeFen: input.yearlyIncomeFen,
      hardshipSpendingFen: input.hardshipSpendingFen,
      perCapitaMonthlyFen: a.perCapitaMonthlyFen,
      suddenEvent: input.suddenEvent,
      migrantYears: input.migrantYears,
      housing: input.housing,
      housingArea: input.housingArea,
      medicalInsurance: input.medicalInsurance,
      health: input.health,
      disability: input.disability,
      bankName: input.bankName,
      bankAccountEnc: input.bankAccount ? deps.cipher.encrypt('bank_account', input.bankAccount) : null,
      bankAccountMasked: input.bankAccount ? maskAccount(input.bankAccount) : null,
      assessedOn: input.assessedOn,
    },
    assessment: a,
  };
}

async function memberRows(db: DbOrTx, actor: Actor, caseId: number, applicant: { id: number; name: string }, input: CaseInput) {
  const ids = new Set<number>([applicant.id]);
  for (const m of input.members) {
    if (m.personId === null) continue;
    if (ids.has(m.personId)) throw Invalid.field('members', '同一人不能重复列为家庭成员');
    if (!(await findPersonInScope(db, actor, m.personId))) throw new NotFound('家庭成员', 'members');
    ids.add(m.personId);
  }
  return [
    { caseId, personId: applicant.id, name: applicant.name, relationship: '本人', health: input.health, monthlyIncomeFen: null, schoolOrEmployer: null },
    ...input.members.map((m) => ({
      caseId,
      personId: m.personId,
      name: m.name,
      relationship: m.relationship,
      health: m.health,
      monthlyIncomeFen: m.monthlyIncomeFen,
      schoolOrEmployer: m.schoolOrEmployer,
    })),
  ];
}

/** What the case-file use cases need beyond the database: the cipher of the bank account. */
export interface HardshipDeps {
  db: Db;
  cipher: FieldCipher;
}

/** 建档申请: staff file on behalf of a worker of their subtree. */
export async function fileCase(deps: HardshipDeps, actor: Actor, input: CaseInput) {
  authorize(actor, 'hardship:write');
  return deps.db.transaction(async (tx) => {
    const person = await findPersonInScope(tx, actor, input.personId);
    if (!person) throw new NotFound('申请人', 'personId');
    const { values, assessment } = await caseValues({ db: tx, cipher: deps.cipher }, { path: person.orgPath }, input);
    const today = chinaToday();
    const row = await repo.insertCase(tx, {
      ...values,
      caseNo: await repo.nextCaseNo(tx, today.slice(0, 4)),
      orgId: person.orgId,
      personId: person.id,
      filedOn: today,
      filedBy: actor.accountId,
    });
    const members = await memberRows(tx, actor, row.id, person, input);
    const taken = await repo.openFileOf(
      tx,
      members.flatMap((m) => (m.personId ? [m.personId] : [])),
    );
    if (taken) throw Invalid.field('personId', `${taken.name}已在困难职工档案 ${taken.case_no} 中，一户只建一档`);
    await repo.replaceMembers(tx, row.id, members);
    await repo.insertEvent(tx, { caseId: row.id, action: 'file', toStatus: 'applied', reason: assessment.explanation, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'hardship.file',
      entity: 'hardship_case',
      entityId: row.id,
      orgId: person.orgId,
      summary: `${CASE_KIND_LABELS[input.kind]}申请 ${row.caseNo}（${person.name}，${CATEGORY_LABELS[values.category]}）`,
      after: { category: values.category, explanation: values.explanation },
    });
    return row.id;
  });
}

/** Edit while 待核查, or 年度复核 while 帮扶中: the category is recomputed on the new figures. */
export async function updateCase(deps: HardshipDeps, actor: Actor, id: number, input: CaseInput & { version: number }) {
  authorize(actor, 'hardship:write');
  await deps.db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const row = await repo.lockCase(tx, id);
    if (row.version !== input.version) throw new Conflict('档案已被他人修改，请刷新后再改');
    if (row.status !== 'applied' && row.status !== 'active') throw new Conflict(`档案${CASE_STATUS_LABELS[row.status]}，不能修改`);
    if (input.personId !== row.personId) throw Invalid.field('personId', '申请人不能更换，请另行建档');
    if (input.kind !== row.kind) throw Invalid.field('kind', '档案类型不能直接修改；临时救助档案请用“转为困难职工档案”');
    const person = (await findPersonInScope(tx, actor, row.personId))!;
    const { values, assessment } = await caseValues({ db: tx, cipher: deps.cipher }, { path: found.orgPath }, input);
    await repo.replaceMembers(tx, id, await memberRows(tx, actor, id, person, input));
    await repo.updateCase(tx, id, values);
    await repo.insertEvent(tx, {
      caseId: id,
      action: row.status === 'active' ? 'review' : 'edit',
      fromStatus: row.status,
      toStatus: row.status,
      reason: assessment.explanation,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'hardship.update',
      entity: 'hardship_case',
      entityId: id,
      orgId: row.orgId,
      summary: `${row.status === 'active' ? '年度复核' : '修改'}困难职工档案 ${row.caseNo}：${CATEGORY_LABELS[row.category as Category | 'none']} → ${CATEGORY_LABELS[values.category]}`,
      before: { category: row.category },
      after: { category: values.category },
    });
  });
}

/** The steps this actor may take now, and those it may not with why: four eyes, and approval while the notice runs. */
async function stepsNow(db: Db, actor: Actor, c: repo.CaseDbRow, orgPath: string) {
  const actions = actionsFor(actor, c);
  const refused = refusedFor(actor, c);
  const notice = actions.includes('approve') ? await noticeRefusal(db, c, { path: orgPath }, chinaToday()) : null;
  if (!notice) return { actions, refused };
  return { actions: actions.filter((a) => a !== 'approve'), refused: [...refused, { action: 'approve' as const, reason: notice }] };
}

/** The file as its page shows it, with the steps and actions this actor may take; finances stay out (see `reveal`). */
export async function getCase(db: Db, actor: Actor, id: number): Promise<CaseView> {
  authorize(actor, 'hardship:read');
  const found = await repo.findCase(db, scopeOf(actor), id);
  if (!found) throw new NotFound('困难职工档案');
  const c = found.c;
  const [members, events, assistance, followups, warmth, attachments] = [
    await repo.findMembers(db, id),
    await repo.findEvents(db, id),
    await assistanceRepo.findAssistance(db, id),
    await assistanceRepo.findFollowups(db, id),
    await assistanceRepo.warmthLines(db, id),
    await attachmentsRepo.listAttachments(db, id),
  ];
  return {
    ...presentRow(found),
    members: members
      .filter((m) => m.relationship !== '本人')
      // Health and income are sensitive: they come with the audited reveal, not in the view.
      .map((m) => ({
        name: m.name,
        relationship: m.relationship,
        personId: m.personId,
        health: null,
        schoolOrEmployer: m.schoolOrEmployer,
        monthlyIncomeFen: null,
      })),
    secondaryCauses: c.secondaryCauses as H.Cause[],
    computedCategory: c.computedCategory as Category | 'none',
    explanation: c.explanation,
    overrideReason: c.overrideReason,
    statement: c.statement,
    housing: c.housing as CaseView['housing'],
    housingArea: c.housingArea,
    medicalInsurance: c.medicalInsurance,
    assessedOn: c.assessedOn,
    finances: null,
    bankAccountMasked: c.bankAccountMasked,
    filedBy: await repo.accountName(db, c.filedBy),
    verifiedBy: await repo.accountName(db, c.verifiedBy),
    noticeEndsOn: c.noticedOn ? noticeOpenUntil(c, await noticeDays(db, { path: found.orgPath }, c.noticedOn)) : null,
    version: c.version,
    timeline: events.map((e) => ({
      at: e.e.at.toISOString(),
      action: e.e.action,
      label: EVENT_LABELS[e.e.action] ?? e.e.action,
      by: e.by,
      reason: e.e.reason,
    })),
    assistance: [
      ...assistance.map((a) => ({
        id: a.a.id,
        type: a.a.type,
        label: ASSISTANCE_LABELS[a.a.type as AssistanceType] ?? a.a.type,
        campaign: null,
        amountFen: a.a.amountFen,
        on: a.a.on,
        fundSource: a.a.fundSource,
        handler: a.handler,
        note: a.a.note,
        status: a.a.status,
        signedOffBy: a.signedOffBy,
        canSignOff: canSignOff(actor, a.a),
      })),
      ...warmth.map((w) => ({
        id: -Number(w.id),
        type: 'warmth',
        label: `送温暖：${w.campaign}`,
        campaign: w.campaign,
        amountFen: Number(w.amount_fen),
        on: w.on,
        fundSource: 'campaign',
        handler: w.handler,
        note: `${w.name} 领取 ${w.package_name}`,
        status: 'paid' as const,
        signedOffBy: null,
        canSignOff: false,
      })),
    ].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0)),
    attachments: attachments.map((a) => ({ id: a.id, title: a.title, filename: a.filename, mime: a.mime, size: a.size, at: a.at.toISOString(), by: a.by })),
    followups: followups.map((f) => ({ id: f.id, dueOn: f.dueOn, doneOn: f.doneOn, result: f.result, hardshipReturned: f.hardshipReturned })),
    can: {
      ...(await stepsNow(db, actor, c, found.orgPath)),
      assist: can(actor, 'hardship:write') && c.status === 'active',
      sensitive: can(actor, 'hardship:sensitive'),
      followUp: can(actor, 'hardship:write') && c.status === 'exited' && followups.some((f) => f.doneOn === null),
    },
  };
}

const EVENT_LABELS: Record<string, string> = {
  file: '建档申请',
  apply: '职工申请',
  edit: '修改档案',
  review: '年度复核',
  assist: '帮扶',
  signoff: '复核大额帮扶',
  followup: '回访',
  import: '台账导入',
  ...CASE_ACTION_LABELS,
};

/** A file as a row of the ledger list. */
export function presentRow(r: repo.CaseListRow) {
  return {
    id: r.c.id,
    caseNo: r.c.caseNo,
    personId: r.c.personId,
    name: r.name,
    idMasked: r.idMasked,
    orgId: r.c.orgId,
    orgName: r.orgName,
    kind: r.c.kind,
    source: r.c.source,
    status: r.c.status,
    category: r.c.category as Category | 'none',
    mainCause: r.c.mainCause as H.Cause,
    householdSize: r.c.householdSize,
    filedOn: r.c.filedOn,
    relapsed: r.c.relapsed,
    assistanceFen: Number(r.assistanceFen),
  };
}

/** The ledger list of the actor's subtree, filtered (`limit` answers the first rows, unpaged). */
export async function listCases(db: Db, actor: Actor, q: z.infer<typeof H.ListCasesQuery>, limit?: number) {
  authorize(actor, 'hardship:read');
  const orgPath = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : undefined;
  const year = String(q.year ?? chinaToday().slice(0, 4));
  const { rows, total } = await repo.listCases(db, scopeOf(actor), q, orgPath, year, limit ?? q.pageSize, limit ? 0 : (q.page - 1) * q.pageSize);
  return { items: rows.map(presentRow), total, page: q.page, pageSize: q.pageSize };
}

/** Rows of the 台账 export (masked identity, no household finances), with the labels joined in. */
export async function ledgerForExport(db: Db, actor: Actor, q: Omit<z.infer<typeof H.ListCasesQuery>, 'page' | 'pageSize'>, limit: number) {
  authorize(actor, 'hardship:export');
  const orgPath = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : undefined;
  const rows = await repo.ledgerRows(db, scopeOf(actor), q, orgPath, String(q.year ?? chinaToday().slice(0, 4)), limit);
  return rows.map((r) => {
    const { c, sex, ethnicity, birthDate, politicalStatus, workStatus, employerName, hukouType, filerName, verifierName } = r;
    return {
      ...presentRow(r),
      sex,
      ethnicity,
      birthDate,
      politicalStatus,
      workStatus,
      employerName,
      hukouType,
      filerName,
      verifierName,
      secondaryCauses: c.secondaryCauses as H.Cause[],
      housing: c.housing,
      medicalInsurance: c.medicalInsurance,
      assessedOn: c.assessedOn,
    };
  });
}

/** Household finances, health and bank details: their own permission, each reading audited. */
export async function reveal(deps: HardshipDeps, actor: Actor, id: number, reason: string) {
  authorize(actor, 'hardship:sensitive');
  return deps.db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const c = found.c;
    const members = await repo.findMembers(tx, id);
    await recordAudit(tx, actor, {
      action: 'hardship.reveal',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `查看困难家庭收支与银行信息 ${c.caseNo}：${reason}`,
    });
    return {
      yearlyIncomeFen: c.yearlyIncomeFen,
      hardshipSpendingFen: c.hardshipSpendingFen,
      perCapitaMonthlyFen: c.perCapitaMonthlyFen,
      health: c.health,
      disability: c.disability,
      bankName: c.bankName,
      bankAccount: c.bankAccountEnc ? deps.cipher.decrypt('bank_account', c.bankAccountEnc) : null,
      members: members
        .filter((m) => m.relationship !== '本人')
        .map((m) => ({ name: m.name, relationship: m.relationship, monthlyIncomeFen: m.monthlyIncomeFen, health: m.health })),
    };
  });
}
