/**
 * 参加证明: printed for an attended sign-up, by staff or by the worker. The number is given once,
 * when first printed (a unique index keeps it one per certificate), and printing again shows it.
 */
import type { Db } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import { Conflict } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { chinaToday, chinesePeriod } from '../../shared/dates.ts';
import { recordAudit } from '../audit/index.ts';
import * as events from './events.repository.ts';
import * as repo from './signups.repository.ts';
import { myCertificateSignup, staffCertificateSignup } from './signups.service.ts';
import { renderCertificate } from './certificates.pdf.ts';
import { EVENT_KIND_LABELS } from './events.contract.ts';

/** HD + year + event (5 digits) + sign-up (7 digits): unique because the sign-up is. */
export const certificateNumber = (year: string, eventId: number, signupId: number) =>
  `HD${year}${String(eventId).padStart(5, '0')}${String(signupId).padStart(7, '0')}`;

async function issue(db: Db, who: Actor, signup: { id: number; attended_at: unknown; name: string; org_id: number }, eventId: number) {
  if (!signup.attended_at) throw new Conflict('登记到场后才能出具参加证明');
  const e = (await events.eventById(db, eventId))!;
  const sessions = await events.sessionsOf(db, eventId);
  const first = sessions[0] ? chinaToday(sessions[0].startsAt) : chinaToday();
  const last = sessions.at(-1) ? chinaToday(new Date(sessions.at(-1)!.endsAt.getTime() - 1)) : first;
  const today = chinaToday();
  const no = await db.transaction(async (tx) => {
    const r = await repo.giveCertificateNo(tx, signup.id, certificateNumber(today.slice(0, 4), eventId, signup.id));
    if (r.given) {
      await recordAudit(tx, who, {
        action: 'event.certificate',
        entity: 'event_signup',
        entityId: signup.id,
        orgId: signup.org_id,
        summary: `出具${signup.name}参加「${e.title}」的参加证明（${r.certificate_no}）`,
      });
    }
    return r.certificate_no;
  });
  const pdf = await renderCertificate({
    name: signup.name,
    eventTitle: e.title,
    kindLabel: EVENT_KIND_LABELS[e.kind],
    organiser: e.org_name,
    period: first === last ? chinesePeriod(first, last).split('至')[0]! : chinesePeriod(first, last),
    certificateNo: no,
    issuedOn: today,
  });
  return { pdf, fileName: `参加证明-${signup.name}-${no}.pdf` };
}

export async function staffCertificate(db: Db, actor: Actor, eventId: number, signupId: number) {
  const { s } = await staffCertificateSignup(db, actor, eventId, signupId);
  return issue(db, actor, s, eventId);
}

export async function workerCertificate(db: Db, w: WorkerActor & { personId: number }, signupId: number) {
  const s = await myCertificateSignup(db, w, signupId);
  const e = (await events.eventById(db, s.event_id))!;
  const actor: Actor = {
    accountId: null,
    username: `职工 ${w.phoneMasked}`,
    orgId: e.org_id,
    orgPath: e.org_path,
    roles: [],
    permissions: new Set(),
    sessionId: null,
    ip: w.ip,
  };
  return issue(db, actor, s, s.event_id);
}
