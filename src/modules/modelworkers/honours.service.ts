/**
 * A model worker's record kept by staff: honours (recorded, corrected, revoked — never deleted),
 * status changes over time, the care profile and care records. Each change locks the person, is
 * checked for a Chinese message naming the field, and is audited in the same transaction; the 劳模
 * tags follow in the database.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chineseDate } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './modelworkers.repository.ts';
import { getModelWorker, personOf } from './register.service.ts';
import {
  CARE_KIND_LABELS,
  DISABILITY_LABELS,
  HONOUR_LEVEL_LABELS,
  MW_STATUS_LABELS,
  type CareInput,
  type HonourInput,
  type HonourLevel,
  type ModelWorkerView,
  type ProfileInput,
  type RevokeHonourInput,
  type StatusInput,
} from './modelworkers.contract.ts';

registerConstraintMessage('model_worker_honours_certificate_key', 'certificateNo', '同一荣誉等级下已有相同的证书编号');
registerConstraintMessage('model_worker_honours_person_level_year_key', 'year', '该职工已登记同一年度、同一等级的荣誉');
registerConstraintMessage('model_worker_statuses_one_death_key', 'status', '已登记去世，不能再次登记');

const honourText = (h: { level: HonourLevel; year: number }) => `${HONOUR_LEVEL_LABELS[h.level]}（${h.year}年）`;

/** The friendly form of the database's keys: a certificate number taken within the level, the same honour twice. */
async function checkHonour(tx: DbOrTx, personId: number, input: HonourInput, exceptId: number | null) {
  if (input.certificateNo && (await repo.certificateTaken(tx, input.level, input.certificateNo, exceptId))) {
    throw new Conflict(`证书编号「${input.certificateNo}」已登记在另一项${HONOUR_LEVEL_LABELS[input.level]}荣誉上，同一等级的证书编号不能重复`, [
      { field: 'certificateNo', message: `同一等级下证书编号「${input.certificateNo}」已被登记` },
    ]);
  }
  const same = (await repo.honoursOf(tx, personId)).find((h) => h.id !== exceptId && h.level === input.level && h.year === input.year);
  if (same) throw new Conflict(`该职工已登记${honourText(input)}`, [{ field: 'year', message: `已登记${input.year}年的${HONOUR_LEVEL_LABELS[input.level]}` }]);
}

/** Records an honour of a person of the caller's subtree; the 劳模 tags follow. */
export async function addHonour(db: Db, actor: Actor, personId: number, input: HonourInput): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:manage');
  await db.transaction(async (tx) => {
    const p = await personOf(tx, actor, personId);
    await repo.lockPerson(tx, p.id);
    await checkHonour(tx, p.id, input, null);
    const id = await repo.insertHonour(tx, {
      personId: p.id,
      level: input.level,
      year: input.year,
      awardingBody: input.awardingBody,
      certificateNo: input.certificateNo,
      withBenefits: input.withBenefits,
      note: input.note,
      createdBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'modelworker.honour',
      entity: 'model_worker',
      entityId: p.id,
      orgId: p.org_id,
      summary: `${p.name} 登记荣誉：${honourText(input)}，${input.awardingBody}${input.certificateNo ? `，证书编号 ${input.certificateNo}` : ''}`,
      after: { honourId: id, ...input },
    });
  });
  return getModelWorker(db, actor, personId);
}

async function honourOf(tx: DbOrTx, personId: number, honourId: number) {
  const h = await repo.honourOf(tx, personId, honourId);
  if (!h) throw new NotFound('荣誉');
  return h;
}

/** Corrects an honour (a typo in the year, the certificate number …); a revoked one stays as it was. */
export async function updateHonour(db: Db, actor: Actor, personId: number, honourId: number, input: HonourInput): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:manage');
  await db.transaction(async (tx) => {
    const p = await personOf(tx, actor, personId);
    await repo.lockPerson(tx, p.id);
    const before = await honourOf(tx, p.id, honourId);
    if (before.revoked_on) throw new Conflict('已撤销的荣誉不能修改');
    await checkHonour(tx, p.id, input, honourId);
    await repo.updateHonour(tx, honourId, {
      level: input.level,
      year: input.year,
      awardingBody: input.awardingBody,
      certificateNo: input.certificateNo,
      withBenefits: input.withBenefits,
      note: input.note,
    });
    await recordAudit(tx, actor, {
      action: 'modelworker.honour_update',
      entity: 'model_worker',
      entityId: p.id,
      orgId: p.org_id,
      summary: `${p.name} 修改荣誉：${honourText(before)} → ${honourText(input)}`,
      before: {
        level: before.level,
        year: before.year,
        awardingBody: before.awarding_body,
        certificateNo: before.certificate_no,
        withBenefits: before.with_benefits,
      },
      after: input,
    });
  });
  return getModelWorker(db, actor, personId);
}

/** Revokes an honour (withdrawn, or recorded by mistake): it stays in the history with the reason; tags and allowances follow. */
export async function revokeHonour(db: Db, actor: Actor, personId: number, honourId: number, input: RevokeHonourInput): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:manage');
  await db.transaction(async (tx) => {
    const p = await personOf(tx, actor, personId);
    await repo.lockPerson(tx, p.id);
    const h = await honourOf(tx, p.id, honourId);
    if (h.revoked_on) throw new Conflict(`该荣誉已于${chineseDate(h.revoked_on)}撤销`);
    await repo.updateHonour(tx, honourId, { revokedOn: input.revokedOn, revokeReason: input.reason });
    await recordAudit(tx, actor, {
      action: 'modelworker.honour_revoke',
      entity: 'model_worker',
      entityId: p.id,
      orgId: p.org_id,
      summary: `${p.name} 撤销荣誉：${honourText(h)}，${input.reason}`,
      after: { honourId, ...input },
    });
  });
  return getModelWorker(db, actor, personId);
}

/**
 * Records a change of status (在职 → 退休 → 去世) from a day on. History is kept: a change is a new
 * row, dated no earlier than the last one; after 去世 nothing follows. A death stops the allowances
 * of the periods that begin after it and takes the 劳模 tags off.
 */
export async function recordStatus(db: Db, actor: Actor, personId: number, input: StatusInput): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:manage');
  await db.transaction(async (tx) => {
    const p = await personOf(tx, actor, personId);
    await repo.lockPerson(tx, p.id);
    const [latest] = await repo.statusesOf(tx, p.id);
    if (latest?.status === 'deceased') throw Invalid.field('status', `已登记于${chineseDate(latest.since)}去世，不能再变更状态`);
    if (latest && input.since < latest.since) throw Invalid.field('since', `变更日期不能早于上一次状态变更（${chineseDate(latest.since)}）`);
    if (latest?.status === input.status) throw Invalid.field('status', `当前已是${MW_STATUS_LABELS[input.status]}`);
    if (input.since < p.birth_date) throw Invalid.field('since', '变更日期不能早于出生日期');
    await repo.insertStatus(tx, { personId: p.id, status: input.status, since: input.since, note: input.note, createdBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'modelworker.status',
      entity: 'model_worker',
      entityId: p.id,
      orgId: p.org_id,
      summary: `${p.name} 自${chineseDate(input.since)}起${MW_STATUS_LABELS[input.status]}${input.note ? `：${input.note}` : ''}`,
      before: latest ? { status: latest.status, since: latest.since } : undefined,
      after: input,
    });
  });
  return getModelWorker(db, actor, personId);
}

/** Sets the care profile the priority list reads (living alone, disability, illness). */
export async function setProfile(db: Db, actor: Actor, personId: number, input: ProfileInput): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:manage');
  await db.transaction(async (tx) => {
    const p = await personOf(tx, actor, personId);
    const before = await repo.profileOf(tx, p.id);
    await repo.upsertProfile(tx, { personId: p.id, ...input, updatedBy: actor.accountId });
    await recordAudit(tx, actor, {
      action: 'modelworker.profile',
      entity: 'model_worker',
      entityId: p.id,
      orgId: p.org_id,
      summary: `${p.name} 关爱档案：${input.livingAlone ? '独居' : '非独居'}，${DISABILITY_LABELS[input.disability]}${input.illness ? `，患病：${input.illness}` : ''}`,
      before: before ? { livingAlone: before.living_alone, disability: before.disability, illness: before.illness, note: before.note } : undefined,
      after: input,
    });
  });
  return getModelWorker(db, actor, personId);
}

/** Records care given (a visit, a check-up, a recuperation stay, special hardship support linked to the hardship file). */
export async function addCare(db: Db, actor: Actor, personId: number, input: CareInput): Promise<ModelWorkerView> {
  authorize(actor, 'modelworkers:manage');
  await db.transaction(async (tx) => {
    const p = await personOf(tx, actor, personId);
    if (input.hardshipCaseId) {
      const cases = await repo.hardshipCasesOf(tx, scopeOf(actor), p.id);
      if (!cases.some((c) => c.id === input.hardshipCaseId)) throw new NotFound('该职工的困难职工档案', 'hardshipCaseId');
    }
    if (input.on < p.birth_date) throw Invalid.field('on', '日期不能早于出生日期');
    const id = await repo.insertCare(tx, {
      personId: p.id,
      kind: input.kind,
      on: input.on,
      place: input.place,
      visitors: input.visitors,
      detail: input.detail,
      amountFen: input.amountFen,
      orgId: actor.orgId,
      hardshipCaseId: input.hardshipCaseId,
      createdBy: actor.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'modelworker.care',
      entity: 'model_worker',
      entityId: p.id,
      orgId: p.org_id,
      summary: `${p.name} ${chineseDate(input.on)}${CARE_KIND_LABELS[input.kind]}${input.place ? `（${input.place}）` : ''}`,
      after: { careId: id, ...input },
    });
  });
  return getModelWorker(db, actor, personId);
}
