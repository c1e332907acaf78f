/**
 * 主动发现: rules over the registry and the case files (serious illness, job loss, other
 * programmes, relapse risk after exit) propose leads; staff accept them (then file or review) or
 * dismiss them with a reason.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { Conflict, NotFound } from '../../server/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { runJob, startJob, updateJob } from '../jobs/index.ts';
import * as repo from './discovery.repository.ts';
import { DISCOVERY_RULE_LABELS, SCANNED_DISCOVERY_RULES as DISCOVERY_RULES } from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';
import type { DbOrTx } from '../../server/db.ts';

/**
 * A lead another module proposes when its fact happens (a large mutual-aid payout at approval),
 * in the caller's transaction. The same evidence never proposes the person twice. True when new.
 */
export async function proposeCandidate(
  tx: DbOrTx,
  lead: { personId: number; orgId: number; orgPath: string; rule: 'mutualaid_large_claim'; evidence: string; reason: string },
): Promise<boolean> {
  return repo.insertCandidate(tx, lead);
}

/** The job kind of a discovery run. */
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

/** The run itself: each rule in turn, progress on the job, the counts of new leads as its result. */
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

/** The leads of the actor's subtree, by status and rule, newest first. */
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
      rule: r.k.rule as H.DiscoveryRule,
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
