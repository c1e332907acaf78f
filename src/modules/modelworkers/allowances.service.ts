/**
 * 劳模津贴发放: a union's run of an allowance (荣誉津贴 monthly, 生活补助 yearly) for a period. Made
 * by one account — everyone of the union's subtree with an honour carrying benefits, in force when
 * the period began, alive then, at the amount the policy parameters set for the honour's level at
 * their union (the highest, when they hold several) — and confirmed by another (四眼: the database
 * refuses the same account). Nobody is paid twice for an allowance and period: a unique key over
 * person, allowance and period, whichever union's run lists them. Then the payment file.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, can, type Actor } from '../../server/actor.ts';
import { scopeOf, type Scope } from '../../server/scope.ts';
import { Conflict, Forbidden, Invalid, NotFound, registerConstraintMessage } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuanWan } from '../../shared/numbers.ts';
import { recordAudit } from '../audit/index.ts';
import { findOrgInScope, scopeOfOrg } from '../orgs/index.ts';
import { getEffectivePolicies } from '../policies/index.ts';
import * as repo from './allowances.repository.ts';
import {
  ALLOWANCE_KIND_LABELS,
  HONOUR_LEVELS,
  RUN_STATUS_LABELS,
  allowancePolicyKey,
  periodLabel,
  periodStart,
  type AllowanceKind,
  type HonourLevel,
  type ListRunsQuery,
  type RunDetail,
  type RunInput,
  type RunPage,
  type RunView,
} from './modelworkers.contract.ts';

registerConstraintMessage('model_worker_allowance_runs_one_draft_key', 'period', '本单位这一期已有待确认的发放批次，请先确认或作废');
registerConstraintMessage('model_worker_allowance_lines_once_key', 'period', '有人员已在这一期的其他发放批次中，请刷新后重试');
registerConstraintMessage('model_worker_allowance_runs_four_eyes_check', 'id', '发放批次须由生成人以外的人确认');
registerConstraintMessage('model_worker_allowance_runs_final_check', 'id', '已发放或已作废的批次不能再改动');
registerConstraintMessage('model_worker_allowance_lines_paid_check', 'id', '已发放的台账不能改动');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const runTitle = (r: { org_name: string; kind: AllowanceKind; period: string }) => `${r.org_name}${periodLabel(r.period)}劳模${ALLOWANCE_KIND_LABELS[r.kind]}`;

function presentRun(r: repo.RunRow, actor: Actor): RunView {
  const draft = r.status === 'draft';
  const pay = can(actor, 'modelworkers:pay');
  return {
    id: r.id,
    org: { id: r.org_id, name: r.org_name },
    kind: r.kind,
    period: r.period,
    status: r.status,
    persons: r.persons,
    amountFen: Number(r.amount_fen),
    excluded: r.excluded,
    removed: r.removed,
    createdBy: r.created_by_name,
    createdAt: iso(r.created_at),
    confirmedBy: r.confirmed_by_name,
    confirmedAt: r.confirmed_at ? iso(r.confirmed_at) : null,
    paidOn: r.paid_on,
    cancelReason: r.cancel_reason,
    can: { confirm: draft && pay && r.created_by !== actor.accountId, cancel: draft && pay },
  };
}

/** The amount of `kind` for each level at a union on a day (fen; levels without one are left out). */
function standards(db: DbOrTx, kind: AllowanceKind, day: string) {
  const cache = new Map<string, Promise<Map<HonourLevel, number>>>();
  return (path: string) => {
    let m = cache.get(path);
    if (!m) {
      m = getEffectivePolicies(db, { path }, day).then((values) => {
        const out = new Map<HonourLevel, number>();
        for (const level of HONOUR_LEVELS) {
          const v = values.get(allowancePolicyKey(kind, level));
          if (v && v > 0) out.set(level, v);
        }
        return out;
      });
      cache.set(path, m);
    }
    return m;
  };
}

type PlannedLine = Omit<Parameters<typeof repo.insertLines>[1][number], 'runId'>;

/**
 * Who in `reach` is owed `kind` for `period`, and how much: everyone with an honour carrying
 * benefits in force when the period began, alive then and in no other run of the period, at the
 * highest amount their honours carry at their union (就高: the higher level first when equal);
 * with how many were left out and why.
 */
export async function planRun(db: DbOrTx, reach: Scope, kind: AllowanceKind, period: string) {
  const start = periodStart(period);
  const amountsAt = standards(db, kind, start);
  const excluded = { deceased: 0, noStandard: 0, elsewhere: 0 };
  const lines: PlannedLine[] = [];
  for (const p of await repo.owed(db, reach, kind, period, start)) {
    if (p.dead) excluded.deceased++;
    else if (p.listed) excluded.elsewhere++;
    else {
      const amounts = await amountsAt(p.org_path);
      const best = p.honours
        .map((h) => ({ h, fen: amounts.get(h.level) ?? 0 }))
        .filter((x) => x.fen > 0)
        .sort((a, b) => b.fen - a.fen || HONOUR_LEVELS.indexOf(a.h.level) - HONOUR_LEVELS.indexOf(b.h.level))[0];
      if (!best) excluded.noStandard++;
      else lines.push({ personId: p.id, kind, period, honourId: best.h.id, level: best.h.level, amountFen: best.fen, orgId: p.org_id });
    }
  }
  return { lines, excluded };
}

/**
 * Makes a run (待确认) of an allowance for a period at a union of the caller's subtree: its lines
 * are everyone owed it (see planRun). Refused when there is nobody to pay, saying why.
 */
export async function createRun(db: Db, actor: Actor, input: RunInput): Promise<RunView> {
  authorize(actor, 'modelworkers:pay');
  const org = await findOrgInScope(db, actor, input.orgId, 'orgId');
  const reach = await scopeOfOrg(db, actor, org.id, 'orgId');
  const id = await db.transaction(async (tx) => {
    const { lines, excluded } = await planRun(tx, reach, input.kind, input.period);
    if (!lines.length) {
      throw Invalid.field(
        'period',
        `${periodLabel(input.period)}没有应发放${ALLOWANCE_KIND_LABELS[input.kind]}的人员（已在其他批次 ${excluded.elsewhere} 人，所在单位未设置标准 ${excluded.noStandard} 人，已去世 ${excluded.deceased} 人）`,
      );
    }
    const runId = await repo.insertRun(tx, { orgId: org.id, kind: input.kind, period: input.period, excluded, createdBy: actor.accountId });
    await repo.insertLines(
      tx,
      lines.map((l) => ({ ...l, runId })),
    );
    const total = lines.reduce((s, l) => s + l.amountFen, 0);
    await recordAudit(tx, actor, {
      action: 'modelworker.run_create',
      entity: 'model_worker_run',
      entityId: runId,
      orgId: org.id,
      summary: `生成${org.name}${periodLabel(input.period)}劳模${ALLOWANCE_KIND_LABELS[input.kind]}发放批次：${lines.length} 人，${yuanWan(total)}，待确认`,
      after: { ...input, persons: lines.length, amountFen: total, excluded },
    });
    return runId;
  });
  return presentRun((await repo.runInScope(db, scopeOf(actor), id))!, actor);
}

async function runOf(db: Db, actor: Actor, id: number, lock = false) {
  const run = await repo.runInScope(db, scopeOf(actor), id, lock);
  if (!run) throw new NotFound('发放批次');
  return run;
}

export async function listRuns(db: Db, actor: Actor, q: ListRunsQuery): Promise<RunPage> {
  authorize(actor, 'modelworkers:view');
  const { rows, total } = await repo.listRuns(db, scopeOf(actor), q);
  return { items: rows.map((r) => presentRun(r, actor)), total, page: q.page, pageSize: q.pageSize };
}

/** A run with its lines (a page) and the totals by level: the preview before confirmation, the record after. */
export async function getRun(db: Db, actor: Actor, id: number, q: { q?: string; page: number; pageSize: number }): Promise<RunDetail> {
  authorize(actor, 'modelworkers:view');
  const run = await runOf(db, actor, id);
  const { rows, total, byLevel } = await repo.linesOfRun(db, id, q);
  return {
    run: presentRun(run, actor),
    byLevel: HONOUR_LEVELS.flatMap((level) => {
      const b = byLevel.find((x) => x.level === level);
      return b ? [{ level, persons: b.persons, amountFen: Number(b.amount_fen) }] : [];
    }),
    lines: {
      items: rows.map((l) => ({
        id: l.id,
        personId: l.person_id,
        name: l.name,
        idMasked: l.id_masked,
        org: l.org,
        level: l.level,
        honourYear: l.honour_year,
        amountFen: Number(l.amount_fen),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    },
  };
}

/**
 * Confirms a run (已发放): by an account other than the one that made it. People who died before
 * the period began, or whose honour was revoked, since the run was made are taken off first.
 */
export async function confirmRun(db: Db, actor: Actor, id: number): Promise<RunView> {
  authorize(actor, 'modelworkers:pay');
  await db.transaction(async (tx) => {
    const run = await repo.runInScope(tx, scopeOf(actor), id, true);
    if (!run) throw new NotFound('发放批次');
    if (run.status !== 'draft') throw new Conflict(`该批次${RUN_STATUS_LABELS[run.status]}，不能再确认`);
    if (run.created_by !== null && run.created_by === actor.accountId)
      throw new Forbidden('发放批次须由生成人以外的人确认（四眼原则），请请其他有发放权限的同事确认');
    const removed = await repo.dropLinesNoLongerOwed(tx, id, periodStart(run.period));
    const after = (await repo.runInScope(tx, scopeOf(actor), id))!;
    if (after.persons === 0) throw new Conflict('批次中的人员均已不符合发放条件（去世或荣誉撤销），请作废该批次');
    await repo.markPaid(tx, id, actor.accountId, removed, chinaToday());
    await recordAudit(tx, actor, {
      action: 'modelworker.run_confirm',
      entity: 'model_worker_run',
      entityId: id,
      orgId: run.org_id,
      summary: `确认发放${runTitle(run)}：${after.persons} 人，${yuanWan(Number(after.amount_fen))}${removed ? `（去世或荣誉撤销，核减 ${removed} 人）` : ''}`,
      after: { persons: after.persons, amountFen: Number(after.amount_fen), removed },
    });
  });
  return presentRun((await runOf(db, actor, id))!, actor);
}

/** Cancels a run waiting for confirmation (作废): its lines go, nobody was paid. */
export async function cancelRun(db: Db, actor: Actor, id: number, reason: string): Promise<RunView> {
  authorize(actor, 'modelworkers:pay');
  await db.transaction(async (tx) => {
    const run = await repo.runInScope(tx, scopeOf(actor), id, true);
    if (!run) throw new NotFound('发放批次');
    if (run.status !== 'draft') throw new Conflict(`该批次${RUN_STATUS_LABELS[run.status]}，不能作废`);
    await repo.cancelRun(tx, id, actor.accountId, reason);
    await recordAudit(tx, actor, {
      action: 'modelworker.run_cancel',
      entity: 'model_worker_run',
      entityId: id,
      orgId: run.org_id,
      summary: `作废${runTitle(run)}发放批次：${reason}`,
    });
  });
  return presentRun((await runOf(db, actor, id))!, actor);
}

/** A paid run and every line of it, for the payment file; the export is audited. */
export async function paymentFile(db: Db, actor: Actor, id: number) {
  authorize(actor, 'modelworkers:view');
  const run = await runOf(db, actor, id);
  if (run.status !== 'paid') throw new Conflict('确认发放后才能导出发放表');
  const lines = await repo.allLinesOfRun(db, id);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'export',
      entity: 'model_worker_run',
      entityId: id,
      orgId: run.org_id,
      summary: `导出${runTitle(run)}发放表（${lines.length} 人）`,
    }),
  );
  return { run, title: runTitle(run), lines };
}
