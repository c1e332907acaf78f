/**
 * 我的资料: the signed-in worker's own record as the union holds it (identifiers masked), their
 * consents to optional uses, and the download of everything the union holds about them (PIPL art.
 * 45). Everything is read by the person the worker's phone is bound to, never by an id from the request.
 */
import type { Db } from '../../server/db.ts';
import type { ModuleManifest, PersonRecordSection } from '../../server/module.ts';
import { NotFound } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './profile.repository.ts';
import { ownPerson, wholeTree } from './own-record.ts';
import * as corrections from './corrections.repository.ts';
import { presentMyCorrection } from './corrections.service.ts';
import { workerAuditActor } from './profile.actor.ts';
import { shown } from './corrections.fields.ts';
import { CONSENT_LABELS, CONSENT_PURPOSES, type ConsentsInput, type ConsentsView, type WorkerProfile } from './profile.contract.ts';
import { ID_TYPE_LABELS, MEMBERSHIP_STATE_LABELS, SEX_LABELS, type IdType } from './people.contract.ts';

type Registered = WorkerActor & { personId: number };

async function own(db: Db, worker: Registered) {
  const row = await ownPerson(db, worker.personId);
  if (!row) throw new NotFound('职工档案');
  return row;
}

/** My record, masked as staff without the reveal permission see it. */
export async function getWorkerProfile(db: Db, worker: Registered): Promise<WorkerProfile> {
  const r = await own(db, worker);
  const p = r.person;
  return {
    name: p.name,
    sex: SEX_LABELS[p.sex],
    birthDate: p.birthDate,
    idMasked: p.idMasked,
    phoneMasked: p.phoneMasked,
    ethnicity: p.ethnicity,
    address: p.address,
    hukouType: shown('hukouType', p.hukouType),
    politicalStatus: shown('politicalStatus', p.politicalStatus),
    education: shown('education', p.education),
    orgName: r.orgName,
    employerName: p.employerName,
    employerCreditCode: p.employerCreditCode,
    occupation: r.occupationLabel,
    employmentForm: shown('employmentForm', p.employmentForm),
    workStatus: shown('workStatus', p.workStatus),
    tags: p.tags,
    membership: r.memberNo ? { memberNo: r.memberNo, joinedOn: r.joinedOn!, state: MEMBERSHIP_STATE_LABELS[r.membershipState!] } : null,
    codes: {
      ethnicity: p.ethnicity,
      hukouType: p.hukouType,
      politicalStatus: p.politicalStatus,
      education: p.education,
      employmentForm: p.employmentForm,
      workStatus: p.workStatus,
    },
    corrections: (await corrections.correctionsOf(db, worker.personId)).map(presentMyCorrection),
  };
}

/** My consents to optional uses: granted unless I withdrew it. */
export async function getConsents(db: Db, worker: Registered): Promise<ConsentsView> {
  const rows = new Map((await repo.consentsOf(db, worker.personId)).map((c) => [c.purpose, c]));
  return {
    items: CONSENT_PURPOSES.map((purpose) => {
      const c = rows.get(purpose);
      return { purpose, granted: c?.granted ?? true, changedAt: c ? c.changedAt.toISOString() : null };
    }),
  };
}

/** Gives or withdraws consents; each change is audited (it decides what the union may do with my data). */
export async function setConsents(db: Db, worker: Registered, input: ConsentsInput): Promise<ConsentsView> {
  const before = await getConsents(db, worker);
  const changes = CONSENT_PURPOSES.filter((p) => input[p] !== undefined && input[p] !== before.items.find((i) => i.purpose === p)!.granted);
  if (changes.length) {
    const person = await own(db, worker);
    const org = (await repo.orgOfPerson(db, worker.personId))!;
    await db.transaction(async (tx) => {
      for (const purpose of changes) await repo.setConsent(tx, worker.personId, purpose, input[purpose]!);
      await recordAudit(tx, workerAuditActor(worker, org), {
        action: 'person.consent',
        entity: 'person',
        entityId: worker.personId,
        orgId: org.id,
        summary: `${person.person.name} ${changes.map((p) => `${input[p] ? '同意' : '撤回'}${CONSENT_LABELS[p].title}`).join('、')}`,
        before: Object.fromEntries(changes.map((p) => [p, !input[p]])),
        after: Object.fromEntries(changes.map((p) => [p, input[p]])),
      });
    });
  }
  return getConsents(db, worker);
}

const isoOf = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/**
 * Everything the union holds about me, in one JSON document: my record (identifiers masked, as a
 * download can be opened by whoever holds the phone), membership, what every module holds about me
 * (hand-outs, assistance … through each module's part of the person's record, over the whole tree),
 * the messages sent to me, my correction requests and my consents. The download is audited.
 */
export async function exportMyData(db: Db, worker: Registered, modules: readonly Pick<ModuleManifest, 'personRecord'>[]) {
  const profile = await getWorkerProfile(db, worker);
  const r = await own(db, worker);
  const scope = await wholeTree(db);
  const sections: PersonRecordSection[] = [];
  for (const m of modules) if (m.personRecord) sections.push(...(await m.personRecord(db, scope, worker.personId)));
  const messages = (await repo.ownMessages(db, worker.personId, worker.workerId)).map((m) => ({
    at: isoOf(m.created_at),
    title: m.title,
    body: m.body,
    readAt: isoOf(m.read_at),
    textMessage: m.sms_status,
  }));
  const org = (await repo.orgOfPerson(db, worker.personId))!;
  const { codes: _codes, corrections: requests, ...record } = profile;
  const document = {
    title: '个人信息副本',
    exportedAt: new Date().toISOString(),
    notice: '本文件包含工会为您保存的个人信息。证件号码和手机号已部分隐去；如需完整信息，请携带身份证件到所属工会办理。',
    person: { ...record, idType: ID_TYPE_LABELS[r.person.idType as IdType], notes: r.person.notes, createdAt: r.person.createdAt.toISOString() },
    records: sections.map((s) => ({ title: s.title, rows: s.rows.map(({ link: _link, ...row }) => row) })),
    messages,
    corrections: requests,
    consents: (await getConsents(db, worker)).items.map((c) => ({ ...c, title: CONSENT_LABELS[c.purpose].title })),
  };
  await recordAudit(db, workerAuditActor(worker, org), {
    action: 'person.self_export',
    entity: 'person',
    entityId: worker.personId,
    orgId: org.id,
    summary: `${r.person.name} 下载本人个人信息副本`,
    after: { sections: document.records.length, messages: messages.length },
  });
  return document;
}
