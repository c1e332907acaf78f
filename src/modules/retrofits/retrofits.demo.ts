/**
 * Demo 适老化改造: 新城区's 2026 programme for its elderly model workers with a plan in every stage
 * (one under construction has a cost change waiting), and 赛罕区's smaller programme — as the
 * Inner Mongolia federation retrofitted model workers' homes household by household. Model workers
 * the demo registry lacks are given the 劳模 tag through the people module, with the reason recorded.
 */
import { deflateSync } from 'node:zlib';
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { systemActor } from '../../server/actor.ts';
import { reachOf } from '../../server/scope.ts';
import { addDays } from '../../shared/dates.ts';
import { addPersonHonour } from '../people/index.ts';
import { ITEM_KIND_LABELS, MODEL_WORKER_TAG, type ItemKind, type Stage } from './retrofits.contract.ts';
import * as repo from './retrofits.repository.ts';

/** A small solid-colour PNG (a stand-in for a photo or a signature in the demo). */
export function demoPng(r: number, g: number, b: number, size = 24): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type DemoItem = [ItemKind, number, string?];
const ITEM_SETS: DemoItem[][] = [
  [
    ['handrail', 1_800_00],
    ['antislip', 2_600_00],
    ['alarm', 900_00],
  ],
  [
    ['bathroom', 6_500_00],
    ['handrail', 1_200_00],
    ['lighting', 800_00],
  ],
  [
    ['entrance', 3_200_00],
    ['lighting', 600_00],
    ['other', 1_500_00, '适老化座椅'],
  ],
  [
    ['antislip', 2_100_00],
    ['alarm', 1_100_00],
  ],
];

const FINDINGS = [
  '老人八十一岁，独居二楼，卫生间无扶手，地面瓷砖湿滑，夜间起夜照明不足。',
  '老人患腰椎病，行走需拐杖；入户门槛高约 8 厘米，淋浴区无座椅。',
  '老两口同住，老伴卧床；卧室到卫生间通道狭窄，无紧急呼叫装置。',
  '老人七十六岁，客厅与阳台有高差，厨房灯光昏暗。',
];

interface DemoPlan {
  stage: Stage;
  items: number;
  change?: boolean;
}

const XCQ_PLANS: DemoPlan[] = [
  { stage: 'survey', items: 0 },
  { stage: 'design', items: 1 },
  { stage: 'review', items: 2 },
  { stage: 'approved', items: 3 },
  { stage: 'building', items: 0, change: true },
  { stage: 'accepted', items: 1 },
  { stage: 'settled', items: 2 },
  { stage: 'settled', items: 3 },
  { stage: 'cancelled', items: 0 },
];
const SH_PLANS: DemoPlan[] = [
  { stage: 'review', items: 3 },
  { stage: 'building', items: 1, change: true },
  { stage: 'settled', items: 0 },
];

/** Model workers of the union's subtree: those the registry has, and others given the tag until there are `n`. */
async function modelWorkers(tx: DbOrTx, ctx: DemoContext, org: { path: string }, n: number) {
  const have = await repo.modelWorkersUnder(tx, org.path, MODEL_WORKER_TAG, n);
  if (have.length < n) {
    const actor = systemActor(ctx.root);
    const taken = new Set(have.map((p) => p.id));
    for (const p of await repo.peopleUnder(tx, org.path, n * 3)) {
      if (taken.size >= n) break;
      if (taken.has(p.id)) continue;
      await addPersonHonour(tx, actor, reachOf(ctx.root), { personId: p.id, tag: MODEL_WORKER_TAG, reason: '演示数据：市级劳动模范' });
      taken.add(p.id);
    }
  }
  return repo.modelWorkersUnder(tx, org.path, MODEL_WORKER_TAG, n);
}

async function loadProgramme(
  tx: DbOrTx,
  ctx: DemoContext,
  union: string,
  name: string,
  budgetFen: number,
  planner: number | null,
  approver: number | null,
  plans: DemoPlan[],
) {
  const org = ctx.org(union);
  const year = Number(ctx.today.slice(0, 4));
  const programmeId = await repo.insertProgramme(tx, {
    name,
    year,
    orgId: org.id,
    orgPath: org.path,
    budgetFen,
    funds: [
      { source: 'upper', amountFen: Math.round(budgetFen * 0.6) },
      { source: 'own', amountFen: budgetFen - Math.round(budgetFen * 0.6) },
    ],
    createdBy: planner,
  });
  const people = await modelWorkers(tx, ctx, org, plans.length);
  const rank = (s: Stage) => ['survey', 'design', 'review', 'approved', 'building', 'accepted', 'settled'].indexOf(s);
  for (const [i, d] of plans.entries()) {
    const person = people[i];
    if (!person) break;
    const planId = (await repo.insertPlan(tx, { programmeId, personId: person.id, orgId: person.org_id, orgPath: person.path, createdBy: planner }))!;
    const r = d.stage === 'cancelled' ? 1 : rank(d.stage);
    const day = (n: number) => addDays(ctx.today, -60 + i * 4 + n);
    if (r >= 1)
      await repo.updatePlan(tx, planId, { assessedOn: day(0), findings: FINDINGS[i % FINDINGS.length]!, livesAlone: i % 2 === 0, assessedBy: planner });
    if (r >= 1)
      await repo.insertPhoto(tx, { planId, kind: 'assessment', filename: '入户评估.png', mime: 'image/png', ...png(200, 190, 170), byAccountId: planner });
    const items = ITEM_SETS[d.items]!;
    if (r >= 1 && d.stage !== 'survey')
      await repo.replaceItems(
        tx,
        planId,
        items.map(([kind, budget, label]) => ({ planId, kind, name: label ?? ITEM_KIND_LABELS[kind], budgetFen: budget })),
      );
    const total = items.reduce((s, [, b]) => s + b, 0);
    if (r >= 2 && d.stage !== 'cancelled') await repo.updatePlan(tx, planId, { plannedBy: planner });
    if (r >= 3 && d.stage !== 'cancelled') {
      await repo.lockProgramme(tx, programmeId);
      await repo.commit(tx, programmeId, total);
      await repo.updatePlan(tx, planId, { approvedBy: approver, approvedFen: total, reviewNote: '方案合理，同意实施' });
    }
    if (r >= 4 && d.stage !== 'cancelled') await repo.updatePlan(tx, planId, { contractor: '呼和浩特市安居适老装饰工程有限公司', startedOn: day(12) });
    if (r >= 4 && d.stage !== 'cancelled') {
      const rows = await repo.itemsOf(tx, planId);
      for (const [k, item] of rows.entries()) {
        const finished = r >= 5 || k === 0;
        // Settled plans came in a little under budget; the one being built has its first item done.
        await repo.updateItem(tx, planId, item.id, finished, finished ? Number(item.budget_fen) - (r >= 6 ? 50_00 : 0) : null);
      }
      await repo.sumActual(tx, planId);
      await repo.insertPhoto(tx, { planId, kind: 'progress', filename: '施工.png', mime: 'image/png', ...png(150, 160, 180), byAccountId: planner });
    }
    if (d.change) await repo.insertChange(tx, { planId, amountFen: 800_00, reason: '拆除旧瓷砖后发现地面需找平，增加找平费用', requestedBy: planner });
    if (r >= 5 && d.stage !== 'cancelled') {
      await repo.insertPhoto(tx, { planId, kind: 'acceptance', filename: '验收.png', mime: 'image/png', ...png(170, 200, 170), byAccountId: planner });
      await repo.insertPhoto(tx, { planId, kind: 'signature', filename: '受益人签字.png', mime: 'image/png', ...png(250, 250, 250), byAccountId: planner });
      await repo.updatePlan(tx, planId, { acceptedOn: day(30), acceptanceNote: '各项改造完成，老人和家属满意', acceptedBy: planner });
    }
    if (d.stage === 'settled') {
      const plan = (await repo.lockPlan(tx, reachOf(ctx.root), planId))!;
      await repo.lockProgramme(tx, programmeId);
      await repo.commit(tx, programmeId, Number(plan.actual_fen) - Number(plan.approved_fen), Number(plan.actual_fen));
      await repo.updatePlan(tx, planId, { settledOn: day(40), settlementNote: '票据齐全，按实结算', settledBy: approver });
    }
    if (d.stage === 'cancelled') await repo.updatePlan(tx, planId, { cancelReason: '老人随子女迁居外地' });
    await repo.updatePlan(tx, planId, { stage: d.stage });
  }
}

const png = (r: number, g: number, b: number) => {
  const data = demoPng(r, g, b);
  return { data, size: data.length };
};

export async function loadDemoRetrofits(tx: DbOrTx, ctx: DemoContext) {
  const planner = (name: string) => ctx.accounts.get(name) ?? null;
  const approver = ctx.accounts.get('hhht_admin') ?? null;
  await loadProgramme(tx, ctx, '呼和浩特市新城区总工会', '新城区劳模适老化改造（一户一策）', 300_000_00, planner('xinchengqu_cadre'), approver, XCQ_PLANS);
  await loadProgramme(tx, ctx, '呼和浩特市赛罕区总工会', '赛罕区劳模家庭适老化改造', 150_000_00, planner('saihanqu_cadre'), approver, SH_PLANS);
}
