/**
 * 核验身份: a signed-in worker whose phone found no single registry person links their phone to
 * their record by name and ID number. The ID number is checked (GB 11643) and looked up by its
 * blind index; a wrong pair, or a person not in the registry, gets one answer (it does not say
 * which), and failed checks are limited per worker per day. A record already linked to another
 * phone is refused and nothing changes (the union changes a worker's phone, not the worker).
 */
import type { AppDeps } from '../../server/module.ts';
import { Conflict, Invalid, TooManyRequests } from '../../server/errors.ts';
import type { WorkerActor } from '../../server/worker.ts';
import { recordAudit } from '../audit/index.ts';
import { idIndex } from '../people/index.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import { chinaToday } from '../../shared/dates.ts';
import type { BindInput } from './portal.contract.ts';
import * as repo from './sign-in.repository.ts';
import { bindWorkerToPerson } from './sessions.repository.ts';
import { signInLimits, workerAuditActor } from './sign-in.service.ts';

type Outcome =
  | { kind: 'bound'; person: { name: string; org: { id: number; name: string } } }
  | { kind: 'already' }
  | { kind: 'limit'; seconds: number }
  | { kind: 'mismatch'; left: number }
  | { kind: 'taken' };

const WINDOW_HOURS = 24;

/** Links the worker's phone to the registry person with this name and ID number. */
export async function bindByIdentity(deps: Pick<AppDeps, 'db' | 'cipher'>, worker: WorkerActor, input: BindInput) {
  const parsed = parseIdNumber(input.idNumber, chinaToday());
  if (!parsed.ok) throw Invalid.field('idNumber', parsed.message);
  const limits = await signInLimits(deps.db);
  const limit = limits.identity_checks_per_day;
  const actor = workerAuditActor(worker.phoneMasked, worker.ip);
  const outcome: Outcome = await deps.db.transaction(async (tx) => {
    const account = await repo.lockWorker(tx, worker.workerId);
    if (!account || account.personId !== null) return { kind: 'already' };
    const failed = await repo.failedChecksSince(tx, worker.workerId, WINDOW_HOURS);
    if (failed.n >= limit) {
      const seconds = failed.oldest ? Math.max(60, Math.ceil((failed.oldest.getTime() + WINDOW_HOURS * 3_600_000 - Date.now()) / 1000)) : WINDOW_HOURS * 3600;
      return { kind: 'limit', seconds };
    }
    const person = await repo.personByIdNumber(tx, idIndex(deps.cipher, parsed.number), parsed.type);
    if (!person || person.name !== input.name) {
      await repo.recordCheck(tx, worker.workerId, false);
      return { kind: 'mismatch', left: limit - failed.n - 1 };
    }
    if (person.boundWorkerId !== null) {
      // Counted as a failed check too: trying ID numbers of registered workers is how a takeover would start.
      await repo.recordCheck(tx, worker.workerId, false);
      await recordAudit(tx, actor, {
        action: 'portal.bind_refused',
        entity: 'worker_account',
        entityId: worker.workerId,
        orgId: person.orgId,
        summary: '以姓名和身份证号关联档案被拒：该档案已关联其他手机号',
        after: { personId: person.id },
      });
      return { kind: 'taken' };
    }
    await repo.recordCheck(tx, worker.workerId, true);
    await bindWorkerToPerson(tx, worker.workerId, person.id);
    await recordAudit(tx, actor, {
      action: 'portal.bind',
      entity: 'worker_account',
      entityId: worker.workerId,
      orgId: person.orgId,
      summary: '职工以姓名和身份证号关联职工档案',
      after: { personId: person.id },
    });
    return { kind: 'bound', person: { name: person.name, org: { id: person.orgId, name: person.orgName } } };
  });
  switch (outcome.kind) {
    case 'bound':
      return { registered: true as const, person: outcome.person };
    case 'already':
      throw new Conflict('您的手机号已关联职工档案，无需再次核验');
    case 'limit': {
      const hours = Math.ceil(outcome.seconds / 3600);
      throw new TooManyRequests(`身份核验失败次数过多，请 ${hours} 小时后再试，或到所在工会办理`, outcome.seconds);
    }
    case 'mismatch':
      throw new Invalid(
        outcome.left > 0
          ? `姓名与身份证号不匹配，或工会档案中还没有您的记录（还可再试 ${outcome.left} 次）。不在档案中的职工可以申请入会`
          : '姓名与身份证号不匹配，或工会档案中还没有您的记录；今天的核验次数已用完，请明天再试，或申请入会',
        [{ field: 'idNumber', message: '姓名与身份证号不匹配' }],
      );
    case 'taken':
      throw new Conflict('该身份证号对应的职工档案已关联其他手机号。如您更换了手机号，请联系所在工会更新', [
        { field: 'idNumber', message: '该身份证号已关联其他手机号' },
      ]);
  }
}
