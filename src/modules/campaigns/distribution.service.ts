/**
 * On-site distribution: the code on a pick-up card, the lookup a volunteer makes by scanning it or
 * typing an ID number, the confirmation (one statement in the database) with its evidence, paper
 * sign-off sheets entered afterwards, and reversals.
 */
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound, pgErrorOf } from '../../server/errors.ts';
import { chinaTime, chinaToday } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import { maskIdNumber, parseIdNumber } from '../../shared/idcard.ts';
import type { z } from '../../shared/contract.ts';
import { recordAudit } from '../audit/index.ts';
import { idIndex } from '../people/index.ts';
import { CAMPAIGN_STATUS_LABELS, QR_PREFIX, type LookupElsewhere, type LookupResult } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as beneficiaryRepo from './beneficiaries.repository.ts';
import * as repo from './distribution.repository.ts';
import * as campaignRepo from './campaigns.repository.ts';
import { type CampaignDeps, dataScope, iso, loadCampaign } from './campaign-access.ts';
import { dutyOnly, loadPoint, pointScope } from './points.service.ts';
import { dayWord, handOutDateRefusal, handOutDateRefusalOfTag } from './handout-dates.ts';
import { whereToGo } from './scan-routing.service.ts';
import { handoutsConfirmed } from './campaigns.counters.ts';

/** The code on a pick-up card: beneficiary number and a keyed tag; it names nobody and cannot be guessed. */
export function qrCodeFor(cipher: FieldCipher, beneficiaryId: number): string {
  const n = beneficiaryId.toString(36).toUpperCase();
  return `${QR_PREFIX}-${n}-${cipher.tag('campaign-card', n)}`;
}

export function beneficiaryOfCode(cipher: FieldCipher, code: string): number | null {
  const m = /^NJ1-([0-9A-Z]{1,12})-([A-Za-z0-9_-]{16})$/.exec(code.trim());
  if (!m || cipher.tag('campaign-card', m[1]!) !== m[2]) return null;
  return parseInt(m[1]!, 36);
}

export async function beneficiaryCode(deps: CampaignDeps, actor: Actor, id: number, beneficiaryId: number) {
  authorize(actor, 'campaign:export');
  const c = await loadCampaign(deps.db, actor, id);
  const b = await beneficiaryRepo.findBeneficiaryInScope(deps.db, id, beneficiaryId, dataScope(actor, c));
  if (!b) throw new NotFound('慰问对象');
  return { code: qrCodeFor(deps.cipher, b.id) };
}

export async function lookup(deps: CampaignDeps, actor: Actor, pointId: number, code: string): Promise<LookupResult | LookupElsewhere> {
  authorize(actor, 'campaign:distribute');
  const { db, cipher } = deps;
  const p = await loadPoint(db, actor, pointId);
  let where;
  let card: number | null = null;
  const trimmed = code.trim().toUpperCase();
  if (trimmed.startsWith(`${QR_PREFIX}-`)) {
    const bid = beneficiaryOfCode(cipher, code);
    if (bid === null) throw Invalid.field('code', '二维码无效：不是本系统签发的领取码，或已被篡改');
    card = bid;
    where = repo.byBeneficiaryId(bid);
  } else {
    const parsed = parseIdNumber(trimmed, chinaToday());
    if (!parsed.ok) throw Invalid.field('code', `证件号码有误：${parsed.message}`);
    where = repo.byIdIndex(parsed.type, idIndex(cipher, parsed.number));
  }
  const b = await repo.findBeneficiaryForPoint(db, p.point.campaignId, pointScope(actor, p), where);
  // A card proves its holder is on this campaign's list: tell them which point serves them. A typed
  // ID number does not, so it says no more than "not on this point's list".
  const elsewhere = !b && card !== null ? await whereToGo(db, actor, p.point.campaignId, card) : undefined;
  if (elsewhere) return elsewhere;
  if (!b) throw new NotFound('本发放点的慰问名单中没有此人；慰问对象');
  const last = b.received > 0 ? await repo.lastIssue(db, Number(b.id)) : undefined;
  const warnings: string[] = [];
  if (b.excluded) warnings.push(`已排除：${b.reason ?? ''}`);
  if (b.overlap) warnings.push(`本期已在「${b.overlap}」中列为慰问对象`);
  if (p.campaignStatus !== 'running') warnings.push(`活动${CAMPAIGN_STATUS_LABELS[p.campaignStatus]}，暂不能发放`);
  if (last && b.received >= b.max_count) warnings.push(alreadyReceived(b.name, last.at, last.point_name ?? '签领表录入', last.handler ?? '—').message);
  const today = chinaToday();
  const dateRefusal = handOutDateRefusal(handOutDatesOf(p), today, '今天');
  if (dateRefusal) warnings.push(dateRefusal);
  return {
    beneficiaryId: Number(b.id),
    name: b.name,
    idMasked: b.id_masked,
    sex: b.sex,
    age: ageOn(b.birth_date, today),
    orgName: b.org_name,
    employerName: b.employer_name,
    packageName: b.package_name,
    packageKind: b.package_kind,
    items: b.items,
    amountFen: Number(b.amount_fen),
    received: b.received,
    maxPerPerson: b.max_count,
    lastReceived: last ? { at: iso(last.at)!, pointName: last.point_name ?? '签领表录入', handler: last.handler ?? '—' } : null,
    checks: [
      `请本人说出出生日期（应为 ${b.birth_date.slice(0, 4)}年${Number(b.birth_date.slice(5, 7))}月${Number(b.birth_date.slice(8, 10))}日）`,
      `请核对身份证末四位（应为 ${b.id_masked.slice(-4)}）`,
      `请确认工作单位：${b.employer_name ?? b.org_name}`,
    ],
    warnings,
    dateRefusal,
  };
}

const handOutDatesOf = (p: Awaited<ReturnType<typeof loadPoint>>) => ({
  campaignStartsOn: p.campaignStartsOn,
  campaignEndsOn: p.campaignEndsOn,
  point: p.point,
});

function ageOn(birthDate: string, day: string) {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Words for the refusals the confirm function raises (SQLSTATE NJ4xx, message = tag). */
function refusal(err: unknown, day = chinaToday()): AppError | undefined {
  const pg = pgErrorOf(err);
  if (!pg?.code?.startsWith('NJ')) return undefined;
  const tag = pg.message ?? '';
  const outOfDates = handOutDateRefusalOfTag(tag, dayWord(day, chinaToday()));
  if (outOfDates) return new Conflict(outOfDates);
  if (pg.code === 'NJ404') return new NotFound(tag === 'point' ? '发放点' : '慰问对象');
  if (pg.code === 'NJ403' && tag === 'paper') return new Forbidden(PAPER_STAFF_ONLY);
  if (pg.code === 'NJ403') return new Forbidden('您不在此发放点的值守名单中');
  if (tag === 'id_number') return Invalid.field('evidence', '身份证号与慰问对象不符，请核对证件后重新输入');
  if (tag === 'evidence') return Invalid.field('evidence', NO_EVIDENCE);
  if (pg.code === 'NJ400') return Invalid.field('idempotencyKey', '幂等键已用于另一人的发放，请重新扫码');
  if (tag.startsWith('status:')) return new Conflict(`活动${CAMPAIGN_STATUS_LABELS[tag.slice(7) as keyof typeof CAMPAIGN_STATUS_LABELS] ?? ''}，暂不能发放`);
  if (tag === 'excluded') return new Conflict('此人已从慰问名单中排除，不能发放');
  if (tag === 'stock') return new Conflict('本发放点该档次慰问品已发完，请补充库存或到其他发放点领取');
  if (tag === 'budget') return new Conflict('本单位分配的预算已用完，不能再发放；请联系上级追加预算');
  return undefined;
}

/** Said when the person already has their hand-out (another phone, another point, a paper sheet). */
function alreadyReceived(name: string, at: Date | string, point: string, handler: string) {
  return new Conflict(`${name}已于${chinaTime(at)}在「${point}」领取（经办人 ${handler}），不能重复发放`);
}

const NO_EVIDENCE = '请提供发放凭据：扫描领取码、核验身份证号或填写纸质签领单编号';
const PAPER_STAFF_ONLY = '凭纸质签领单确认发放须由有权限的工作人员录入；值守人员请扫码或核验身份证号';

/**
 * The evidence of one hand-out, checked before anything is written: the card's code must be this
 * beneficiary's (its keyed tag proves it was issued here); a typed ID number must be well formed,
 * and is passed on masked with its keyed hash for the confirm function to compare with the
 * person's; a paper sheet needs staff with campaign:paper.
 */
function checkedEvidence(cipher: FieldCipher, actor: Actor, beneficiaryId: number, e: C.Evidence): repo.LineEvidence {
  switch (e.kind) {
    case 'qr':
      if (beneficiaryOfCode(cipher, e.code) !== beneficiaryId) throw Invalid.field('evidence', '领取码与所确认的慰问对象不符，请重新扫码');
      return { kind: 'qr', ref: e.code.trim() };
    case 'id_number': {
      const parsed = parseIdNumber(e.idNumber.trim().toUpperCase(), chinaToday());
      if (!parsed.ok) throw Invalid.field('evidence', `身份证号有误：${parsed.message}`);
      return { kind: 'id_number', ref: maskIdNumber(parsed.number), idType: parsed.type, idIndex: idIndex(cipher, parsed.number) };
    }
    case 'paper':
      if (!can(actor, 'campaign:paper')) throw new Forbidden(PAPER_STAFF_ONLY);
      return { kind: 'paper', ref: e.sheetRef };
    default:
      throw Invalid.field('evidence', NO_EVIDENCE);
  }
}

/** One hand-out at a point, with its evidence (a beneficiary id alone is not enough). */
export async function confirm(deps: CampaignDeps, actor: Actor, pointId: number, input: z.infer<typeof C.ConfirmInput>, day = chinaToday()) {
  authorize(actor, 'campaign:distribute');
  const evidence = checkedEvidence(deps.cipher, actor, input.beneficiaryId, input.evidence);
  try {
    const r = await repo.confirm(deps.db, {
      pointId,
      beneficiaryId: input.beneficiaryId,
      key: `scan:${input.idempotencyKey}`,
      accountId: actor.accountId,
      scope: scopeOf(actor),
      dutyOnly: dutyOnly(actor),
      day,
      evidence,
    });
    if (r.already_point !== null) throw alreadyReceived(r.person_name, r.at, r.already_point, r.already_handler ?? '—');
    if (r.created) handoutsConfirmed.inc({ evidence: evidence.kind });
    return {
      lineId: Number(r.line_id),
      created: r.created,
      name: r.person_name,
      packageName: r.package_name,
      amountFen: Number(r.amount_fen),
      at: iso(r.at)!,
      handler: actor.displayName ?? actor.username,
    };
  } catch (err) {
    throw refusal(err, day) ?? err;
  }
}

/** Signed paper sheets entered afterwards: all rows or none (people already served are skipped). */
export async function bulkConfirm(db: Db, actor: Actor, pointId: number, input: z.infer<typeof C.BulkConfirmInput>) {
  authorize(actor, 'campaign:paper');
  if (input.signedOn > chinaToday()) throw Invalid.field('signedOn', '签领日期不能晚于今天');
  const p = await loadPoint(db, actor, pointId);
  const outOfDates = handOutDateRefusal(handOutDatesOf(p), input.signedOn, dayWord(input.signedOn, chinaToday()));
  if (outOfDates) throw Invalid.field('signedOn', outOfDates);
  let created = 0;
  let already = 0;
  const refused: { beneficiaryId: number; message: string }[] = [];
  await db.transaction(async (tx) => {
    for (const bid of [...new Set(input.beneficiaryIds)]) {
      try {
        const r = await tx.transaction(async (sp) =>
          repo.confirm(sp, {
            pointId,
            beneficiaryId: bid,
            key: `sheet:${input.batchKey}:${bid}`,
            accountId: actor.accountId,
            scope: scopeOf(actor),
            dutyOnly: dutyOnly(actor),
            day: input.signedOn,
            evidence: { kind: 'paper', ref: input.sheetRef },
          }),
        );
        if (r.created) created++;
        else already++;
      } catch (err) {
        const e = refusal(err, input.signedOn);
        if (!e) throw err;
        refused.push({ beneficiaryId: bid, message: e.message });
      }
    }
    if (refused.length)
      throw new Invalid(
        `${refused.length} 人不能录入，整批未保存：${refused
          .slice(0, 3)
          .map((r) => r.message)
          .join('；')}`,
        [{ field: 'beneficiaryIds', message: `${refused.length} 人不能录入` }],
      );
    await recordAudit(tx, actor, {
      action: 'campaign.sheet',
      entity: 'campaign_point',
      entityId: pointId,
      orgId: p.point.orgId,
      summary: `录入签领表 ${input.sheetRef}：新增 ${created} 人，已领取 ${already} 人`,
      after: { batchKey: input.batchKey, sheetRef: input.sheetRef, signedOn: input.signedOn, count: input.beneficiaryIds.length },
    });
  });
  if (created) handoutsConfirmed.inc({ evidence: 'paper' }, created);
  return { created, already, refused };
}

export async function reverse(db: Db, actor: Actor, id: number, input: z.infer<typeof C.ReverseInput>) {
  authorize(actor, 'campaign:write');
  await db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, id);
    const row = (await campaignRepo.lockCampaign(tx, id))!;
    if (row.status === 'archived') throw new Conflict('活动已归档，台账不能再冲正');
    const line = await repo.findLineInCampaign(tx, id, input.lineId, dataScope(actor, c));
    if (!line) throw new NotFound('发放记录', 'lineId');
    if (line.kind !== 'issue') throw Invalid.field('lineId', '冲正记录不能再冲正');
    if (await repo.isReversed(tx, line.id)) throw new Conflict('这条发放记录已冲正过');
    const rev = await repo.reverseLine(tx, line, { reason: input.reason, accountId: actor.accountId, day: chinaToday(), key: `reverse:${line.id}` });
    await recordAudit(tx, actor, {
      action: 'campaign.reverse',
      entity: 'disbursement_line',
      entityId: rev.id,
      orgId: line.orgId,
      summary: `冲正发放记录 #${line.id}（¥${yuan(line.amountFen)}）：${input.reason}`,
      before: { lineId: line.id, amountFen: line.amountFen },
      after: { reversalId: rev.id },
    });
  });
}
