/**
 * Demo 疗休养: one batch of 呼和浩特市总工会 two months ahead, with a handful of nominees of its
 * unions (model workers first) scored by the policy and its notice published, so the page shows a
 * ranking with explanations, a masked notice and the objection window.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { DemoContext, MetricDefinition } from '../../server/module.ts';
import { systemActor } from '../../server/actor.ts';
import { reachOf } from '../../server/scope.ts';
import { addDays } from '../../shared/dates.ts';
import * as repo from './recuperation.repository.ts';
import { createBatch, nominate, publishNotice } from './recuperation.service.ts';

export async function loadRecuperationDemo(tx: DbOrTx, ctx: DemoContext) {
  const org = ctx.orgs.find((o) => o.name === '呼和浩特市总工会');
  if (!org) return;
  const actor = systemActor(ctx.root);
  const db = tx as Db;
  const startsOn = addDays(ctx.today, 60);
  const batch = await createBatch(db, actor, {
    orgId: org.id,
    title: `${startsOn.slice(0, 4)}年度一线职工和劳模疗休养（第一批）`,
    year: Number(startsOn.slice(0, 4)),
    destination: '阿尔山',
    startsOn,
    endsOn: addDays(startsOn, 5),
    places: 3,
    subsidyFen: null,
    description: '面向一线职工和劳模，五天四晚，含往返交通和健康体检',
  });
  const bornAfter = `${Number(startsOn.slice(0, 4)) - 58}${startsOn.slice(4)}`;
  for (const p of await repo.demoCandidates(tx, reachOf(org), bornAfter, 6)) await nominate(db, actor, batch.id, { personId: p.id, healthDeclared: true });
  await publishNotice(db, actor, batch.id);
}

/** 疗休养's figures for statistics. */
export const RECUPERATION_METRICS = [
  { key: 'events.recuperation_selected', label: '疗休养入选', unit: '人', description: '确认入选疗休养（含递补）且未退出的职工' },
  { key: 'events.recuperation_subsidy', label: '疗休养补贴', unit: '元', description: '疗休养补贴台账的发放金额减去退出冲正（以分记账，按元显示）' },
] as const satisfies readonly MetricDefinition[];
