import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import { findPersonInScope } from '../people/index.ts';
import { getEffectivePolicy } from '../policies/index.ts';
import { runJob, startJob, updateJob } from '../jobs/index.ts';
import type { PolicyKey } from '../policies/policies.contract.ts';
import * as repo from './hardship.repository.ts';
import { assessCategory } from './hardship.category.ts';
import {
  ACTION_FROM,
  ACTION_TO,
  ASSISTANCE_LABELS,
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  CATEGORY_LABELS,
  DISCOVERY_RULE_LABELS,
  DISCOVERY_RULES,
  maskName,
  MAX_ATTACHMENT_BYTES,
  type AssistanceType,
  type CaseAction,
  type CaseInput,
  type CaseView,
  type Category,
} from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

registerConstraintMessage('hardship_members_one_file_key', 'personId', '此人已在另一份未销档的困难职工档案中（一户一档）');
registerConstraintMessage('hardship_cases_four_eyes_check', 'action', '核查须由建档人以外的人进行（四眼原则）');

async function policy(db: DbOrTx, org: { path: string }, key: PolicyKey, day: string, label: string) {
  const p = await getEffectivePolicy(db, org, key, day);
  if (!p) throw Invalid.field('assessedOn', `${label}在 ${day} 尚未设置，请先在政策参数中设置`);
  return p.value;
}

/** Category, per-capita income and the explanation for a household at its org on the assessment date. */
async function assess(db: DbOrTx, org: { path: string }, input: CaseInput) {
  const day = input.assessedOn;
  const a = assessCategory(
    {
      yearlyIncomeFen: input.yearlyIncomeFen,
      hardshipSpendingFen: input.hardshipSpendingFen,
      householdSize: 1 + input.members.length,
      suddenEvent: input.suddenEvent,
      migrantYears: input.migrantYears,
    },
    {
      dibaoFen: await policy(db, org, 'dibao_monthly', day, '城乡低保标准'),
      relativeMultiplier: await policy(db, org, 'relative_hardship_multiplier', day, '相对困难线倍数'),
      accidentShare: await policy(db, org, 'accident_cost_share', day, '意外致困支出占比'),
      migrantMinYears: await policy(db, org, 'migrant_min_years', day, '困难农民工最短务工年限'),
    },
  );
  if (input.kind === 'temporary') {
    // 临时救助 needs no category: the figures are kept, the file is for emergency relief.
    const category: Category | 'none' = input.overrideCategory ?? 'none';
    return { ...a, category, computed: category };
  }
  if (!a.category && !input.overrideCategory) throw Invalid.field('yearlyIncomeFen', `${a.explanation}；如确有困难，请选择类别并说明理由`);
  const category: Category | 'none' = input.overrideCategory ?? a.category!;
  return { ...a, category, computed: a.category ?? ('none' as const) };
}

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

/** Where an action may start for this file: a temporary-relief file skips the public notice. */
function startsFrom(c: Pick<repo.CaseDbRow, 'kind'>, a: CaseAction) {
  if (c.kind === 'temporary') {
    if (a === 'notice') return [];
    if (a === 'approve') return ['verified'];
    if (a === 'exit' || a === 'reopen') return [];
  } else if (a === 'promote') return [];
  return ACTION_FROM[a];
}

function actionsFor(actor: Actor, c: repo.CaseDbRow): CaseAction[] {
  return CASE_ACTIONS.filter((a) => {
    if (!startsFrom(c, a).includes(c.status)) return false;
    if (a === 'verify') return can(actor, 'hardship:verify') && c.filedBy !== actor.accountId;
    if (a === 'notice' || a === 'approve') return can(actor, 'hardship:verify');
    return can(actor, 'hardship:write');
  });
}

export async function getCase(db: Db, actor: Actor, id: number): Promise<CaseView> {
  authorize(actor, 'hardship:read');
  const found = await repo.findCase(db, scopeOf(actor), id);
  if (!found) throw new NotFound('困难职工档案');
  const c = found.c;
  const [members, events, assistance, followups, warmth, attachments] = [
    await repo.findMembers(db, id),
    await repo.findEvents(db, id),
    await repo.findAssistance(db, id),
    await repo.findFollowups(db, id),
    await repo.warmthLines(db, id),
    await repo.listAttachments(db, id),
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
    housing: c.housing as CaseView['housing'],
    housingArea: c.housingArea,
    medicalInsurance: c.medicalInsurance,
    assessedOn: c.assessedOn,
    finances: null,
    bankAccountMasked: c.bankAccountMasked,
    filedBy: await repo.accountName(db, c.filedBy),
    verifiedBy: await repo.accountName(db, c.verifiedBy),
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
        amountFen: a.a.amountFen,
        on: a.a.on,
        fundSource: a.a.fundSource,
        handler: a.handler,
        note: a.a.note,
      })),
      ...warmth.map((w) => ({
        id: -Number(w.id),
        type: 'warmth',
        label: `送温暖：${w.campaign}`,
        amountFen: Number(w.amount_fen),
        on: w.on,
        fundSource: 'campaign',
        handler: w.handler,
        note: `${w.name} 领取 ${w.package_name}`,
      })),
    ].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0)),
    attachments: attachments.map((a) => ({ id: a.id, title: a.title, filename: a.filename, mime: a.mime, size: a.size, at: a.at.toISOString(), by: a.by })),
    followups: followups.map((f) => ({ id: f.id, dueOn: f.dueOn, doneOn: f.doneOn, result: f.result, hardshipReturned: f.hardshipReturned })),
    can: {
      actions: actionsFor(actor, c),
      assist: can(actor, 'hardship:write') && c.status === 'active',
      sensitive: can(actor, 'hardship:sensitive'),
      followUp: can(actor, 'hardship:write') && c.status === 'exited' && followups.some((f) => f.doneOn === null),
    },
  };
}

const EVENT_LABELS: Record<string, string> = {
  file: '建档申请',
  edit: '修改档案',
  review: '年度复核',
  assist: '帮扶',
  followup: '回访',
  import: '台账导入',
  ...CASE_ACTION_LABELS,
};

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
    status: r.c.status,
    category: r.c.category as Category | 'none',
    mainCause: r.c.mainCause as H.Cause,
    householdSize: r.c.householdSize,
    filedOn: r.c.filedOn,
    relapsed: r.c.relapsed,
    assistanceFen: Number(r.assistanceFen),
  };
}

export async function listCases(db: Db, actor: Actor, q: z.infer<typeof H.ListCasesQuery>, limit?: number) {
  authorize(actor, 'hardship:read');
  const orgPath = q.orgId ? await scopeOfOrg(db, actor, q.orgId, 'orgId') : undefined;
  const year = String(q.year ?? chinaToday().slice(0, 4));
  const { rows, total } = await repo.listCases(db, scopeOf(actor), q, orgPath, year, limit ?? q.pageSize, limit ? 0 : (q.page - 1) * q.pageSize);
  return { items: rows.map(presentRow), total, page: q.page, pageSize: q.pageSize };
}

/** A lifecycle step; answers the file's new version (the route then reads the whole view). */
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

export async function transition(db: Db, actor: Actor, id: number, input: z.infer<typeof H.TransitionInput>): Promise<number> {
  authorize(actor, input.action === 'verify' || input.action === 'notice' || input.action === 'approve' ? 'hardship:verify' : 'hardship:write');
  return db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const row = await repo.lockCase(tx, id);
    if (row.version !== input.version) throw new Conflict('档案已被他人修改，请刷新后再操作');
    if (!startsFrom(row, input.action).includes(row.status))
      throw new Conflict(`${CASE_KIND_LABELS[row.kind]}当前为「${CASE_STATUS_LABELS[row.status]}」，不能${CASE_ACTION_LABELS[input.action]}`);
    let promoted: Partial<repo.CaseDbRow> = {};
    if (input.action === 'promote') {
      // The full file needs a category from its figures (edit them first if they changed).
      const a = await assess(tx, { path: found.orgPath }, { ...caseInputOf(row), kind: 'full' });
      promoted = { kind: 'full', category: a.category, computedCategory: a.computed, explanation: a.explanation, overrideReason: null, verifiedBy: null };
    }
    if (input.action === 'verify' && row.filedBy !== null && row.filedBy === actor.accountId) throw new Forbidden('核查须由建档人以外的人进行（四眼原则）');
    if ((input.action === 'exit' || input.action === 'reopen' || input.action === 'close') && !input.reason)
      throw Invalid.field('reason', `请说明${CASE_ACTION_LABELS[input.action]}的原因`);
    const to = ACTION_TO[input.action];
    const updated = await repo.updateCase(tx, id, {
      status: to,
      ...(input.action === 'verify' ? { verifiedBy: actor.accountId } : {}),
      ...(input.action === 'reopen' ? { relapsed: true } : {}),
      ...promoted,
    });
    if (to === 'closed') await repo.closeMembers(tx, id);
    await afterTransition(tx, actor, { id, path: found.orgPath }, input.action, input.reason);
    await repo.insertEvent(tx, { caseId: id, action: input.action, fromStatus: row.status, toStatus: to, reason: input.reason, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: `hardship.${input.action}`,
      entity: 'hardship_case',
      entityId: id,
      orgId: row.orgId,
      summary: `困难职工档案 ${row.caseNo}：${CASE_STATUS_LABELS[row.status]} → ${CASE_STATUS_LABELS[to]}${input.reason ? `（${input.reason}）` : ''}`,
      before: { status: row.status },
      after: { status: to },
    });
    return updated.version;
  });
}

/** The stored figures of a file, in the shape of an application (for re-assessment). */
function caseInputOf(c: repo.CaseDbRow): CaseInput {
  return {
    kind: c.kind,
    personId: c.personId,
    members: Array.from({ length: c.householdSize - 1 }, () => ({
      personId: null,
      name: '',
      relationship: '',
      health: null,
      monthlyIncomeFen: 0,
      schoolOrEmployer: null,
    })),
    yearlyIncomeFen: c.yearlyIncomeFen,
    hardshipSpendingFen: c.hardshipSpendingFen,
    suddenEvent: c.suddenEvent,
    migrantYears: c.migrantYears,
    housing: c.housing as CaseInput['housing'],
    housingArea: c.housingArea,
    medicalInsurance: c.medicalInsurance,
    health: c.health,
    disability: c.disability,
    mainCause: c.mainCause as H.Cause,
    secondaryCauses: c.secondaryCauses as H.Cause[],
    bankAccount: null,
    bankName: c.bankName,
    assessedOn: chinaToday(),
    overrideCategory: null,
    overrideReason: null,
  };
}

/** 解困脱困 schedules the first 回访; 返困 and 销档 settle the one still open. */
async function afterTransition(tx: DbOrTx, actor: Actor, c: { id: number; path: string }, action: CaseAction, reason: string | null) {
  const open = await repo.openFollowup(tx, c.id);
  if (open && (action === 'reopen' || action === 'close')) {
    await repo.finishFollowup(tx, open.id, {
      doneOn: chinaToday(),
      result: `${CASE_ACTION_LABELS[action]}：${reason ?? ''}`,
      hardshipReturned: action === 'reopen' ? true : null,
      byAccountId: actor.accountId,
    });
  }
  if (action === 'exit') await repo.scheduleFollowup(tx, c.id, await nextFollowupDate(tx, c, chinaToday()));
}

async function nextFollowupDate(tx: DbOrTx, org: { path: string }, from: string) {
  const months = await policy(tx, org, 'followup_interval_months', from, '脱困回访间隔');
  return addMonths(from, months);
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 回访 done: if hardship has returned the case re-opens (返困), else the next follow-up is scheduled. */
export async function completeFollowup(db: Db, actor: Actor, id: number, input: z.infer<typeof H.FollowupInput>) {
  authorize(actor, 'hardship:write');
  await db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const c = await repo.lockCase(tx, id);
    const open = await repo.openFollowup(tx, id);
    if (c.status !== 'exited' || !open) throw new Conflict('此档案没有待办的回访');
    if (input.on > chinaToday()) throw Invalid.field('on', '回访日期不能晚于今天');
    await repo.finishFollowup(tx, open.id, { doneOn: input.on, result: input.result, hardshipReturned: input.hardshipReturned, byAccountId: actor.accountId });
    await repo.insertEvent(tx, {
      caseId: id,
      action: 'followup',
      fromStatus: c.status,
      toStatus: input.hardshipReturned ? 'active' : c.status,
      reason: input.result,
      byAccountId: actor.accountId,
    });
    if (input.hardshipReturned) {
      await repo.updateCase(tx, id, { status: 'active', relapsed: true });
      await repo.insertEvent(tx, {
        caseId: id,
        action: 'reopen',
        fromStatus: 'exited',
        toStatus: 'active',
        reason: `回访发现返困：${input.result}`,
        byAccountId: actor.accountId,
      });
    } else {
      await repo.scheduleFollowup(tx, id, await nextFollowupDate(tx, { path: found.orgPath }, input.on));
    }
    await recordAudit(tx, actor, {
      action: 'hardship.followup',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `${c.caseNo} 回访${input.hardshipReturned ? '，返困重新帮扶' : ''}：${input.result}`,
      after: input,
    });
  });
  return getCase(db, actor, id);
}

/** The task list: follow-ups and yearly reviews due within 30 days, overdue ones marked. */
export async function tasks(db: Db, actor: Actor): Promise<z.infer<typeof H.HardshipTasks>> {
  authorize(actor, 'hardship:read');
  const today = chinaToday();
  const t = await repo.tasks(db, scopeOf(actor), addMonths(today, 1));
  return {
    followups: t.followups.map((f) => ({
      caseId: f.case_id,
      caseNo: f.case_no,
      name: f.name,
      orgName: f.org_name,
      dueOn: f.due_on,
      overdue: f.due_on < today,
    })),
    reviews: t.reviews.map((r) => ({
      caseId: r.case_id,
      caseNo: r.case_no,
      name: r.name,
      orgName: r.org_name,
      assessedOn: r.assessed_on,
      dueOn: r.due_on,
      overdue: r.due_on < today,
    })),
  };
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

/** The year's cap of an assistance type for this household, or null when the type has none. */
async function capOf(db: DbOrTx, org: { path: string }, c: repo.CaseDbRow, type: AssistanceType, day: string) {
  const dibao = async () => policy(db, org, 'dibao_monthly', day, '城乡低保标准');
  switch (type) {
    case 'medical':
      return policy(db, org, 'medical_aid_cap', day, '医疗救助上限');
    case 'temp_relief':
      return policy(db, org, 'temp_relief_cap', day, '临时救助上限');
    case 'living':
      return (await policy(db, org, c.category === 'deep' ? 'living_aid_months_deep' : 'living_aid_months_other', day, '生活救助月数上限')) * (await dibao());
    case 'study':
      return (await policy(db, org, 'study_aid_months_university', day, '助学标准')) * (await dibao());
    default:
      return null;
  }
}

/** 帮扶记录, after the file is set up (先建档、后帮扶); the year's cap checked under the case's row lock. */
export async function addAssistance(db: Db, actor: Actor, id: number, input: z.infer<typeof H.AssistanceInput>) {
  authorize(actor, 'hardship:write');
  await db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    // Concurrent records for one household wait here, so the sum below is the real one.
    const c = await repo.lockCase(tx, id);
    if (c.status !== 'active') throw new Conflict(`档案${CASE_STATUS_LABELS[c.status]}，只有“帮扶中”的档案可以录入帮扶（先建档、后帮扶）`);
    if (input.on > chinaToday()) throw Invalid.field('on', '帮扶日期不能晚于今天');
    if (c.kind === 'temporary' && input.type !== 'temp_relief') throw Invalid.field('type', '临时救助档案只能录入临时救助；其他帮扶请先转为困难职工档案');
    const year = input.on.slice(0, 4);
    const label = ASSISTANCE_LABELS[input.type];
    const so = await repo.yearTotals(tx, id, input.type, year, input.cause);
    if (input.type === 'temp_relief') {
      if (!input.cause) throw Invalid.field('cause', '临时救助请选择救助原因');
      if (so.sameCause) throw new Conflict(`本年已因「${input.cause}」给予过临时救助，同一原因不重复救助`);
      const times = await policy(tx, { path: found.orgPath }, 'temp_relief_times', input.on, '临时救助次数上限');
      if (so.times >= times) throw new Conflict(`临时救助本年已 ${so.times} 次，上限 ${times} 次`);
    }
    const cap = await capOf(tx, { path: found.orgPath }, c, input.type, input.on);
    if (cap !== null && so.total + input.amountFen > cap) {
      throw new Conflict(`${label}本年已 ¥${yuan(so.total)}，上限 ¥${yuan(cap)}，本次最多 ¥${yuan(Math.max(0, cap - so.total))}`, [
        { field: 'amountFen', message: `超出${label}年度上限` },
      ]);
    }
    await repo.insertAssistance(tx, {
      caseId: id,
      orgId: c.orgId,
      orgPath: found.orgPath,
      type: input.type,
      amountFen: input.amountFen,
      on: input.on,
      fundSource: input.fundSource,
      cause: input.cause,
      note: input.note,
      handledBy: actor.accountId,
    });
    await repo.insertEvent(tx, { caseId: id, action: 'assist', reason: `${label} ¥${yuan(input.amountFen)}`, byAccountId: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'hardship.assist',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `${c.caseNo} ${label} ¥${yuan(input.amountFen)}`,
      after: input,
    });
  });
}

export async function noticeList(db: Db, actor: Actor) {
  authorize(actor, 'hardship:read');
  return (await repo.noticeList(db, scopeOf(actor))).map((r) => ({
    caseNo: r.c.caseNo,
    maskedName: maskName(r.name),
    orgName: r.orgName,
    category: r.c.category as Category,
    mainCause: r.c.mainCause as H.Cause,
    householdSize: r.c.householdSize,
  }));
}

export async function stats(db: Db, actor: Actor, year: number): Promise<z.infer<typeof H.HardshipStats>> {
  authorize(actor, 'hardship:read');
  const s = await repo.stats(db, scopeOf(actor), year);
  return {
    byCategory: s.byCategory.map((r) => ({ category: r.category as Category, cases: r.cases })),
    byCause: s.byCause.map((r) => ({ cause: r.cause as H.Cause, cases: r.cases })),
    byMonth: s.byMonth.map((r) => ({ month: r.month, type: r.type as AssistanceType | 'warmth', amountFen: Number(r.amount), personTimes: r.times })),
    byOrg: s.byOrg.map((r) => ({ orgId: r.org_id, orgName: r.org_name, cases: r.cases, amountFen: Number(r.amount) })),
  };
}

// ---- Proactive discovery ----------------------------------------------------------------------

export const DISCOVERY_KIND = 'hardship-discovery';

/**
 * 数据比对: runs every rule over the actor's subtree as a background job; the answer is the job,
 * which the page polls. Candidates already proposed for the same evidence are not proposed again.
 */
export async function startDiscovery(db: Db, actor: Actor, log: FastifyBaseLogger) {
  authorize(actor, 'hardship:write');
  const job = await startJob(db, actor, DISCOVERY_KIND, {});
  runJob({ db, log }, job.id, () => runDiscovery(db, actor, job.id), { failMessage: '比对时出错，请稍后重试' });
  return job;
}

export async function runDiscovery(db: Db, actor: Actor, jobId: string) {
  const found: Record<string, number> = {};
  for (const [i, rule] of DISCOVERY_RULES.entries()) {
    await updateJob(db, jobId, {
      phase: DISCOVERY_RULE_LABELS[rule],
      done: i,
      total: DISCOVERY_RULES.length,
      message: `正在比对：${DISCOVERY_RULE_LABELS[rule]}`,
    });
    found[rule] = await repo.runDiscoveryRule(db, rule, scopeOf(actor));
  }
  const total = Object.values(found).reduce((a, b) => a + b, 0);
  await db.transaction(async (tx) => {
    await updateJob(tx, jobId, { status: 'done', phase: '完成', done: DISCOVERY_RULES.length, result: found, message: `发现 ${total} 条新线索` });
    await recordAudit(tx, actor, {
      action: 'hardship.discover',
      entity: 'job',
      entityId: jobId,
      orgId: actor.orgId,
      summary: `数据比对主动发现：新线索 ${total} 条`,
      after: found,
    });
  });
}

export async function listCandidates(db: Db, actor: Actor, q: z.infer<typeof H.ListCandidatesQuery>) {
  authorize(actor, 'hardship:read');
  const { rows, total } = await repo.listCandidates(db, scopeOf(actor), q, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({
      id: r.k.id,
      personId: r.k.personId,
      name: r.name,
      idMasked: r.idMasked,
      orgName: r.orgName,
      rule: r.k.rule as (typeof DISCOVERY_RULES)[number],
      reason: r.k.reason,
      caseId: r.k.caseId,
      caseNo: r.caseNo,
      status: r.k.status,
      decisionReason: r.k.decisionReason,
      foundAt: r.k.foundAt.toISOString(),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** 采纳 (the page then opens an application, or the case at risk) or 不予采纳 with a reason. */
export async function decideCandidate(db: Db, actor: Actor, id: number, decision: { accept: true } | { accept: false; reason: string }) {
  authorize(actor, 'hardship:write');
  await db.transaction(async (tx) => {
    const k = await repo.lockCandidate(tx, scopeOf(actor), id);
    if (!k) throw new NotFound('线索');
    if (k.status !== 'open') throw new Conflict('这条线索已处理过');
    const reason = decision.accept ? null : decision.reason;
    await repo.decideCandidate(tx, id, { status: decision.accept ? 'accepted' : 'dismissed', decisionReason: reason, decidedBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: decision.accept ? 'hardship.candidate.accept' : 'hardship.candidate.dismiss',
      entity: 'hardship_candidate',
      entityId: id,
      orgId: k.orgId,
      summary: `${decision.accept ? '采纳' : '不予采纳'}主动发现线索：${k.reason}${reason ? `（${reason}）` : ''}`,
    });
  });
}

// ---- Attachments ------------------------------------------------------------------------------

/** The type of a scan by its first bytes (the name and the browser's claim are not trusted). */
export function sniffDocument(data: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export async function addAttachment(db: Db, actor: Actor, id: number, file: { title: string; filename: string; data: Buffer }) {
  authorize(actor, 'hardship:write');
  const mime = sniffDocument(file.data);
  if (!mime) throw Invalid.field('file', '证明材料只支持 PDF、JPG、PNG 文件');
  if (file.data.length > MAX_ATTACHMENT_BYTES) throw Invalid.field('file', '单个文件不能超过 5 MB');
  await db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    if (found.c.status === 'closed') throw new Conflict('档案已销档，不能再上传材料');
    const attachmentId = await repo.insertAttachment(tx, {
      caseId: id,
      title: file.title,
      filename: file.filename.slice(0, 120),
      mime,
      size: file.data.length,
      data: file.data,
      byAccountId: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'hardship.attach',
      entity: 'hardship_case',
      entityId: id,
      orgId: found.c.orgId,
      summary: `${found.c.caseNo} 上传证明材料「${file.title}」（${Math.ceil(file.data.length / 1024)} KB）`,
      after: { attachmentId, mime },
    });
  });
  return getCase(db, actor, id);
}

/** Scans show household finances and health: the sensitive permission, each opening audited. */
export async function readAttachment(db: Db, actor: Actor, id: number, attachmentId: number) {
  authorize(actor, 'hardship:sensitive');
  return db.transaction(async (tx) => {
    const found = await repo.findCase(tx, scopeOf(actor), id);
    if (!found) throw new NotFound('困难职工档案');
    const a = await repo.findAttachment(tx, id, attachmentId);
    if (!a) throw new NotFound('证明材料');
    await recordAudit(tx, actor, {
      action: 'hardship.attachment.read',
      entity: 'hardship_case',
      entityId: id,
      orgId: found.c.orgId,
      summary: `查看 ${found.c.caseNo} 的证明材料「${a.title}」`,
    });
    return a;
  });
}
