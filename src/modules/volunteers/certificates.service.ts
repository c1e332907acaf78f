/**
 * 志愿服务记录证明: a union issues a volunteer's valid service time of a period as a certificate
 * with a code; the figures are fixed at issue (later approvals do not change an issued one), a
 * wrong one is revoked with a reason, and anyone holding the paper checks its code on a public page.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { pathInScope, scopeOf } from '../../server/scope.ts';
import { Conflict, Invalid, NotFound } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './volunteers.repository.ts';
import { hoursText, renderCertificate } from './certificate.pdf.ts';
import type { CertificateInput, CertificateView, VerifyAnswer } from './volunteers.contract.ts';

/** Digits and capitals without 0/O and 1/I, so a code read off paper is typed right. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const newCode = () => Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

function present(c: repo.CertificateRow): CertificateView {
  return {
    id: c.id,
    code: c.code,
    volunteer: { id: c.volunteer_id, name: c.volunteer_name },
    org: { id: c.org_id, name: c.org_name },
    from: c.period_from,
    to: c.period_to,
    minutes: c.minutes,
    records: c.records,
    issuedAt: iso(c.issued_at),
    revokedAt: c.revoked_at ? iso(c.revoked_at) : null,
    revokeReason: c.revoke_reason,
  };
}

const inScope = (actor: Actor) => sql`exists (select 1 from volunteers v2 where v2.id = c.volunteer_id and ${pathInScope(scopeOf(actor), sql`v2.org_path`)})`;

export async function listCertificates(db: Db, actor: Actor, volunteerId: number) {
  authorize(actor, 'volunteers:read');
  const v = await repo.volunteerInScope(db, scopeOf(actor), volunteerId);
  if (!v) throw new NotFound('志愿者');
  return { items: (await repo.certificatesOf(db, v.id)).map(present) };
}

/** Issues a certificate of the volunteer's valid time in the period, from the caller's union. */
export async function issueCertificate(db: Db, actor: Actor, volunteerId: number, input: CertificateInput): Promise<CertificateView> {
  authorize(actor, 'volunteers:manage');
  if (input.from > input.to) throw Invalid.field('to', '结束日期不能早于开始日期');
  if (input.to > chinaToday()) throw Invalid.field('to', '结束日期不能晚于今天');
  const id = await db.transaction(async (tx) => {
    const v = await repo.volunteerInScope(tx, scopeOf(actor), volunteerId);
    if (!v) throw new NotFound('志愿者');
    await repo.lockVolunteer(tx, v.id);
    const time = await repo.validTime(tx, v.id, input.from, input.to);
    if (time.minutes <= 0) throw new Conflict(`${v.name}在这段时间没有有效的服务时长，不能出具证明`);
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`insert into volunteer_certificates (code, volunteer_id, org_id, org_path, period_from, period_to, minutes, records, issued_by)
          values (${newCode()}, ${v.id}, ${actor.orgId}, ${actor.orgPath}, ${input.from}, ${input.to}, ${time.minutes}, ${time.records}, ${actor.accountId})
          returning id`,
    );
    await recordAudit(tx, actor, {
      action: 'volunteer.certificate',
      entity: 'volunteer_certificate',
      entityId: row!.id,
      orgId: v.org_id,
      summary: `为 ${v.name} 出具志愿服务记录证明（${input.from} 至 ${input.to}，${hoursText(time.minutes)}）`,
    });
    return row!.id;
  });
  return present((await repo.certificateWhere(db, sql`c.id = ${id}`))!);
}

export async function revokeCertificate(db: Db, actor: Actor, id: number, reason: string): Promise<CertificateView> {
  authorize(actor, 'volunteers:manage');
  await db.transaction(async (tx) => {
    const c = await repo.certificateWhere(tx, sql`c.id = ${id} and ${inScope(actor)}`);
    if (!c) throw new NotFound('证明');
    if (c.revoked_at) throw new Conflict('这份证明已经作废');
    await queryRows(tx, sql`update volunteer_certificates set revoked_at = now(), revoke_reason = ${reason} where id = ${id}`);
    await recordAudit(tx, actor, {
      action: 'volunteer.certificate_revoke',
      entity: 'volunteer_certificate',
      entityId: id,
      orgId: c.org_id,
      summary: `作废 ${c.volunteer_name} 的志愿服务记录证明 ${c.code}：${reason}`,
    });
  });
  return present((await repo.certificateWhere(db, sql`c.id = ${id}`))!);
}

export async function certificatePdf(db: Db, actor: Actor, id: number, origin: string) {
  authorize(actor, 'volunteers:read');
  const c = await repo.certificateWhere(db, sql`c.id = ${id} and ${inScope(actor)}`);
  if (!c) throw new NotFound('证明');
  if (c.revoked_at) throw new Conflict('这份证明已经作废，不能打印');
  const [person] = await queryRows<{ id_masked: string }>(
    db,
    sql`select p.id_masked from volunteers v join persons p on p.id = v.person_id where v.id = ${c.volunteer_id}`,
  );
  const lines = await repo.certificateLines(db, c.volunteer_id, c.period_from, c.period_to);
  const pdf = await renderCertificate({
    code: c.code,
    name: c.volunteer_name,
    idMasked: person!.id_masked,
    org: c.org_name,
    from: c.period_from,
    to: c.period_to,
    minutes: c.minutes,
    lines: lines.map((l) => ({ what: l.what, org: l.org_name, firstDay: l.first_day, lastDay: l.last_day, minutes: l.minutes, times: l.times })),
    issuedOn: chinaToday(new Date(c.issued_at)),
    url: `${origin}/m/volunteers/verify?code=${c.code}`,
  });
  return { pdf, fileName: `${c.volunteer_name}志愿服务记录证明${c.code}.pdf` };
}

/** The public check: the certificate as issued, the name masked (张*明), and whether it still stands. */
export async function verifyCertificate(db: Db, code: string): Promise<VerifyAnswer> {
  const c = await repo.certificateWhere(db, sql`c.code = ${code}`);
  if (!c) throw new NotFound('证明编号', 'code');
  const chars = [...c.volunteer_name];
  const name = chars.length <= 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
  return {
    code: c.code,
    valid: !c.revoked_at,
    name,
    org: c.org_name,
    from: c.period_from,
    to: c.period_to,
    minutes: c.minutes,
    issuedAt: iso(c.issued_at),
    revokedAt: c.revoked_at ? iso(c.revoked_at) : null,
  };
}
