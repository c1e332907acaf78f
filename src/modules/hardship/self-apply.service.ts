/**
 * 申请帮扶 from the worker portal: the self-test with the union's policy values, the application
 * that lands in the staff ledger as a file waiting for verification (待核查, marked 职工申请), its
 * photos, and how it stands. Everything is read by the signed-in worker's person: another worker's
 * file or photo is not found.
 */
import type { Actor } from '../../server/actor.ts';
import type { Db, DbOrTx } from '../../server/db.ts';
import { AppError, Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { megabytes } from '../../server/uploads.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as casesRepo from './cases.repository.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import * as repo from './help-request.repository.ts';
import { sniffDocument } from './attachments.service.ts';
import { categoryParams } from './hardship.policy.ts';
import { figuresOf, selfTestOf } from './help-request.explain.ts';
import { CASE_ACTION_LABELS, CATEGORY_LABELS, MAX_ATTACHMENT_BYTES, type Category } from './hardship.contract.ts';
import {
  HELP_STAGE_HINTS,
  HELP_STAGE_LABELS,
  MAX_HELP_PHOTOS,
  type HelpRequestInput,
  type HelpRequestView,
  type HelpStage,
  type HouseholdFigures,
} from './help-request.contract.ts';

/** A worker who is in the registry (requireRegisteredWorker). */
export type RegisteredWorker = WorkerActor & { personId: number };

type Applicant = NonNullable<Awaited<ReturnType<typeof repo.applicantOf>>>;

async function applicant(db: DbOrTx, worker: RegisteredWorker): Promise<Applicant> {
  const person = await repo.applicantOf(db, worker.personId);
  if (!person) throw new NotFound('职工档案');
  return person;
}

/** The worker as the audit log names them: no staff account, their masked phone, their union. */
function workerActor(worker: RegisteredWorker, person: Applicant): Actor {
  return {
    accountId: null,
    username: `职工 ${worker.phoneMasked}`,
    orgId: person.orgId,
    orgPath: person.orgPath,
    roles: [],
    permissions: new Set(),
    sessionId: null,
    ip: worker.ip,
  };
}

/** The union's category values today; a union that has not set them is told to the worker plainly. */
async function paramsAt(db: DbOrTx, person: Applicant, day: string) {
  try {
    return await categoryParams(db, { path: person.orgPath }, day);
  } catch (err) {
    if (err instanceof AppError && err.status === 400) {
      throw new Conflict(`您所在工会尚未设置困难职工认定标准（${err.message.replace(/在 .*$/, '')}），暂不能自测和在线申请，请联系所在工会`);
    }
    throw err;
  }
}

/** 自测: the category the household's figures give under the worker's union's policy values today. */
export async function selfTest(db: Db, worker: RegisteredWorker, input: HouseholdFigures) {
  const person = await applicant(db, worker);
  const { assessment: _, ...result } = selfTestOf(input, await paramsAt(db, person, chinaToday()));
  return result;
}

/**
 * 申请帮扶: a full file waiting for verification in the worker's union, marked 职工申请, with the
 * category computed as for a staff-filed file. One open file per person: a second application while
 * one is open is refused and changes nothing (the database keeps the rule too).
 */
export async function applyForHelp(db: Db, worker: RegisteredWorker, input: HelpRequestInput): Promise<number> {
  return db.transaction(async (tx) => {
    const person = await applicant(tx, worker);
    const open = await casesRepo.openFileOf(tx, [person.id]);
    if (open) throw new Conflict(`您已有一份帮扶申请或困难职工档案正在办理（编号 ${open.case_no}），办结前不能再次申请`);
    const today = chinaToday();
    const test = selfTestOf(input, await paramsAt(tx, person, today));
    if (!test.category) throw Invalid.field('monthlyIncomeFen', test.explanation);
    const a = test.assessment;
    const f = figuresOf(input);
    const row = await casesRepo.insertCase(tx, {
      caseNo: await casesRepo.nextCaseNo(tx, today.slice(0, 4)),
      kind: 'full',
      orgId: person.orgId,
      personId: person.id,
      category: test.category,
      computedCategory: test.category,
      overrideReason: null,
      explanation: a.explanation,
      mainCause: input.mainCause,
      secondaryCauses: [],
      householdSize: input.householdSize,
      yearlyIncomeFen: f.yearlyIncomeFen,
      hardshipSpendingFen: f.hardshipSpendingFen,
      perCapitaMonthlyFen: a.perCapitaMonthlyFen,
      suddenEvent: input.suddenEvent,
      migrantYears: input.migrantYears,
      housing: input.housing,
      medicalInsurance: input.medicalInsurance,
      assessedOn: today,
      filedOn: today,
      filedBy: null,
      source: 'worker',
      statement: input.statement,
    });
    // The other members are named by the union at the household check (入户核查); the size is the worker's.
    await casesRepo.replaceMembers(tx, row.id, [
      { caseId: row.id, personId: person.id, name: person.name, relationship: '本人', health: null, monthlyIncomeFen: null, schoolOrEmployer: null },
    ]);
    await casesRepo.insertEvent(tx, { caseId: row.id, action: 'apply', toStatus: 'applied', reason: a.explanation, byAccountId: null });
    await recordAudit(tx, workerActor(worker, person), {
      action: 'hardship.apply',
      entity: 'hardship_case',
      entityId: row.id,
      orgId: person.orgId,
      summary: `职工申请帮扶 ${row.caseNo}（${person.name}，${CATEGORY_LABELS[test.category]}）`,
      after: { category: test.category, explanation: a.explanation },
    });
    return row.id;
  });
}

/** What the worker reads of each step of the file (the union's own steps, in plain words). */
const STEP_LABELS: Record<string, string> = {
  apply: '提交帮扶申请',
  file: '工会代为提交建档申请',
  import: '工会建立档案',
  verify: '工会核实通过',
  notice: '开始公示',
  approve: '审批建档',
  exit: CASE_ACTION_LABELS.exit,
  reopen: '重新纳入帮扶',
  promote: CASE_ACTION_LABELS.promote,
};
/** A file closed before it was approved was refused. */
const BEFORE_APPROVAL = new Set(['applied', 'verified', 'noticed']);

type CaseRow = casesRepo.CaseDbRow;

async function present(db: DbOrTx, c: CaseRow): Promise<HelpRequestView> {
  const [events, photos] = [await repo.eventsOf(db, c.id), await repo.workerPhotosOf(db, c.id)];
  const closing = c.status === 'closed' ? events.filter((e) => e.action === 'close').at(-1) : undefined;
  const refused = !!closing && BEFORE_APPROVAL.has(closing.fromStatus ?? '');
  const stage: HelpStage = (
    { applied: 'pending', verified: 'verified', noticed: 'noticed', active: 'approved', exited: 'exited', closed: refused ? 'refused' : 'closed' } as const
  )[c.status];
  const category = c.category as Category | 'none';
  return {
    id: c.id,
    caseNo: c.caseNo,
    source: c.source,
    stage,
    stageLabel: HELP_STAGE_LABELS[stage],
    stageHint: HELP_STAGE_HINTS[stage],
    filedOn: c.filedOn,
    category,
    categoryLabel: CATEGORY_LABELS[category],
    householdSize: c.householdSize,
    perCapitaMonthlyFen: c.perCapitaMonthlyFen,
    statement: c.statement,
    refusalReason: refused ? (closing?.reason ?? null) : null,
    timeline: events.flatMap((e) => {
      const label = e.action === 'close' ? (BEFORE_APPROVAL.has(e.fromStatus ?? '') ? '申请未通过' : '销档') : STEP_LABELS[e.action];
      return label ? [{ at: e.at.toISOString(), label }] : [];
    }),
    photos: photos.map((p) => ({ id: p.id, title: p.title, size: p.size, at: p.at.toISOString() })),
    canAddPhotos: (stage === 'pending' || stage === 'verified') && photos.length < MAX_HELP_PHOTOS,
  };
}

/** The worker's own files as applicant, newest first, as the portal shows them. */
/** The 申请帮扶 tile: how many of my files are in review (none for a worker not in the registry). */
export async function helpHome(db: DbOrTx, w: WorkerActor): Promise<{ inReview: number }> {
  return { inReview: w.personId === null ? 0 : await repo.countInReviewOfPerson(db, w.personId) };
}

export async function myHelpRequests(db: Db, worker: RegisteredWorker): Promise<HelpRequestView[]> {
  const rows = await repo.casesOfPerson(db, worker.personId);
  const out: HelpRequestView[] = [];
  for (const c of rows) out.push(await present(db, c));
  return out;
}

/** One of the worker's files; another's id is not found. */
export async function myHelpRequest(db: DbOrTx, worker: RegisteredWorker, id: number): Promise<HelpRequestView> {
  const c = await repo.caseOfPerson(db, worker.personId, id);
  if (!c) throw new NotFound('帮扶申请');
  return present(db, c);
}

export const PHOTO_ONLY = '只能上传照片（JPG 或 PNG 格式）';
export const PHOTO_TOO_LARGE = `每张照片不能超过 ${megabytes(MAX_ATTACHMENT_BYTES)}`;

/**
 * A photo taken on the phone, added to the worker's own file while it waits for or is in
 * verification: JPG or PNG by its bytes (not by its name), at most 5 MB, at most nine per file.
 */
export async function addMyPhoto(db: Db, worker: RegisteredWorker, id: number, file: { filename: string; data: Buffer }) {
  const mime = sniffDocument(file.data);
  if (mime !== 'image/jpeg' && mime !== 'image/png') throw Invalid.field('file', PHOTO_ONLY);
  if (file.data.length > MAX_ATTACHMENT_BYTES) throw Invalid.field('file', PHOTO_TOO_LARGE);
  await db.transaction(async (tx) => {
    const person = await applicant(tx, worker);
    if (!(await repo.caseOfPerson(tx, person.id, id))) throw new NotFound('帮扶申请');
    const c = await casesRepo.lockCase(tx, id);
    if (c.status !== 'applied' && c.status !== 'verified') throw new Conflict('申请已进入公示或已办结，不能再上传照片；如需补充材料，请联系所在工会');
    const count = (await repo.workerPhotosOf(tx, id)).length;
    if (count >= MAX_HELP_PHOTOS) throw Invalid.field('file', `每份申请最多上传 ${MAX_HELP_PHOTOS} 张照片`);
    const title = `职工上传的照片 ${count + 1}`;
    const attachmentId = await attachmentsRepo.insertAttachment(tx, {
      caseId: id,
      title,
      filename: file.filename.slice(0, 120) || `photo-${count + 1}.${mime === 'image/png' ? 'png' : 'jpg'}`,
      mime,
      size: file.data.length,
      data: file.data,
      byAccountId: null,
    });
    await recordAudit(tx, workerActor(worker, person), {
      action: 'hardship.apply.photo',
      entity: 'hardship_case',
      entityId: id,
      orgId: c.orgId,
      summary: `${c.caseNo} 职工上传照片「${title}」（${Math.ceil(file.data.length / 1024)} KB）`,
      after: { attachmentId, mime },
    });
  });
  return myHelpRequest(db, worker, id);
}

/** A photo the worker sent to their own file (the worker's own data: not another's, not staff scans). */
export async function readMyPhoto(db: Db, worker: RegisteredWorker, id: number, photoId: number) {
  const c = await repo.caseOfPerson(db, worker.personId, id);
  const photo = c ? await repo.workerPhoto(db, id, photoId) : undefined;
  if (!photo) throw new NotFound('照片');
  return photo;
}
