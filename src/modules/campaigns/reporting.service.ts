/** What is read back: the ledger and its export, the progress tree, the briefing, and the point's sign-off sheet. */
import type { Db, DbOrTx } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { narrowTo, scopeOf } from '../../server/scope.ts';
import { Invalid } from '../../server/errors.ts';
import { chinaToday } from '../../shared/dates.ts';
import { wan, yuanWan } from '../../shared/numbers.ts';
import type { z } from '../../shared/contract.ts';
import { findOrgInScope } from '../orgs/index.ts';
import { FUND_SOURCE_LABELS, FUND_SOURCES, type ProgressNode, type ProgressView } from './campaigns.contract.ts';
import type * as C from './campaigns.contract.ts';
import * as repo from './reporting.repository.ts';
import * as beneficiaryRepo from './beneficiaries.repository.ts';
import * as allocationRepo from './allocations.repository.ts';
import * as pointRepo from './points.repository.ts';
import { dataScope, iso, loadCampaign } from './campaign-access.ts';
import { getPoint, pointScope } from './points.service.ts';

export async function ledger(db: Db, actor: Actor, id: number, q: z.infer<typeof C.ListLedgerQuery>) {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const within = q.orgId ? narrowTo(scopeOf(actor), (await findOrgInScope(db, actor, q.orgId, 'orgId')).path) : undefined;
  const { rows, total } = await repo.listLedger(db, id, dataScope(actor, c), { q: q.q, pointId: q.pointId, within }, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(presentLedger), total, page: q.page, pageSize: q.pageSize };
}

export function presentLedger(r: repo.LedgerDbRow) {
  return {
    lineId: Number(r.id),
    kind: r.kind,
    name: r.name,
    idMasked: r.id_masked,
    orgName: r.org_name,
    packageName: r.package_name,
    amountFen: Number(r.amount_fen),
    on: String(r.on).slice(0, 10),
    at: iso(r.at)!,
    pointName: r.point_name,
    handler: r.handler,
    reason: r.reason,
    reversed: r.reversed,
    evidence: r.evidence,
    evidenceRef: r.evidence_ref,
  };
}

/**
 * The whole tree's progress of one campaign from the pre-aggregated counters: each org's own
 * counters, summed up its ancestors in memory (a few hundred rows, not the ledger).
 */
export async function progress(db: DbOrTx, actor: Actor, id: number): Promise<ProgressView> {
  authorize(actor, 'campaign:read');
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const [own, lists, allocations, byDay, stock] = [
    await repo.progressByOrg(db, id, scope),
    await beneficiaryRepo.listCountsByOrg(db, id, scope),
    await allocationRepo.findAllocations(db, id, scope),
    await repo.progressByDay(db, id, scope),
    await repo.stockOfCampaign(db, id, scope),
  ];
  const paths = new Set<string>();
  const add = (path: string) => {
    for (const p of ancestry(path, scope.path)) paths.add(p);
  };
  for (const r of own) add(r.org_path);
  for (const r of lists) add(r.org_path);
  for (const a of allocations) add(a.a.orgPath);
  paths.add(scope.path);
  const orgRows = await repo.orgsByPaths(db, [...paths]);
  const nodes = new Map<string, ProgressNode>();
  const rootDepth = scope.path.split('/').length;
  for (const o of orgRows) {
    nodes.set(o.path, {
      orgId: o.id,
      parentOrgId: o.path === scope.path ? null : o.parent_id,
      orgName: o.name,
      depth: o.path.split('/').length - rootDepth,
      quota: null,
      budgetFen: null,
      beneficiaries: 0,
      persons: 0,
      personTimes: 0,
      amountFen: 0,
    });
  }
  const up = (path: string, f: (n: ProgressNode) => void) => {
    for (const p of ancestry(path, scope.path)) {
      const n = nodes.get(p);
      if (n) f(n);
    }
  };
  for (const r of own) up(r.org_path, (n) => ((n.persons += r.persons), (n.personTimes += r.person_times), (n.amountFen += Number(r.amount_fen))));
  for (const r of lists) up(r.org_path, (n) => (n.beneficiaries += r.beneficiaries));
  for (const a of allocations) {
    const n = nodes.get(a.a.orgPath);
    if (!n) continue;
    n.quota = a.a.quota;
    n.budgetFen = a.a.budgetFen;
  }
  const list = [...nodes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, n]) => n);
  return {
    campaignId: id,
    total: nodes.get(scope.path)!,
    nodes: list,
    byDay: byDay.map((d) => ({ day: d.day, persons: d.persons, personTimes: d.person_times, amountFen: Number(d.amount_fen) })),
    stock: stock.map((s) => ({ pointId: s.point_id, pointName: s.point_name, packageName: s.package_name, quantity: s.quantity, issued: s.issued })),
  };
}

/** "约" when 万/亿 formatting rounded the number ("约940万元"), as the articles write it. */
function roundedMark(n: number): string {
  const shown = wan(n);
  const unit = shown.endsWith('亿') ? 1e8 : shown.endsWith('万') ? 1e4 : 0;
  return unit && Math.abs(Number(shown.slice(0, -1)) * unit - n) > 1e-6 ? '约' : '';
}

/** The paths from `root` down to `path` (itself included): /1/2/ under /1/ → /1/, /1/2/. */
export function ancestry(path: string, root: string): string[] {
  const out: string[] = [];
  for (let i = root.length; i > 0 && i <= path.length; i = path.indexOf('/', i) + 1) out.push(path.slice(0, i));
  return out;
}

/**
 * 简报: one paragraph in the style of the union's news items, every figure computed from the
 * records and linked to the page that lists them.
 */
export async function briefing(db: Db, actor: Actor, id: number): Promise<z.infer<typeof C.Briefing>> {
  const p = await progress(db, actor, id);
  const c = await loadCampaign(db, actor, id);
  const scope = dataScope(actor, c);
  const whole = scope.path === c.orgPath;
  const funds = (await repo.fundsBySource(db, id)).sort((a, b) => FUND_SOURCES.indexOf(a.source) - FUND_SOURCES.indexOf(b.source));
  const fundsTotal = funds.reduce((s, f) => s + Number(f.amountFen), 0);
  const reached = await repo.countOrgsReached(db, id, scope);
  const base = `/campaigns/${id}`;
  const figures: z.infer<typeof C.BriefingFigure>[] = [];
  const fig = (key: string, text: string, tab: string) => {
    figures.push({ key, text, href: `${base}?tab=${tab}` });
    return text;
  };
  const money = (fen: number) => `${roundedMark(fen / 100)}${yuanWan(fen)}`;
  const count = (n: number, unit: string) => `${roundedMark(n)}${wan(n)}${unit}`;
  const t = p.total;
  const theme = c.campaign.theme ? `以“${c.campaign.theme}”为主题，` : '';
  const who = whole ? `${c.orgName}开展「${c.campaign.name}」${theme}` : `在「${c.campaign.name}」中，${t.orgName}`;
  const parts: string[] = [];
  if (whole && fundsTotal > 0) {
    const bySource = funds
      .filter((f) => Number(f.amountFen) > 0)
      .map((f) => `${FUND_SOURCE_LABELS[f.source as keyof typeof FUND_SOURCE_LABELS] ?? f.source}${yuanWan(Number(f.amountFen))}`);
    parts.push(`各级工会累计筹措${fig('funds', money(fundsTotal), 'overview')}专项资金${bySource.length > 1 ? `（其中${bySource.join('、')}）` : ''}`);
  } else if (t.budgetFen) {
    parts.push(`获分配预算${fig('budget', money(t.budgetFen), 'allocation')}`);
  }
  parts.push(`确定慰问对象${fig('beneficiaries', count(t.beneficiaries, '人'), 'beneficiaries')}`);
  const done =
    t.personTimes > 0
      ? `已将温暖送达${fig('persons', count(t.persons, '名'), 'ledger')}职工，发放${fig('personTimes', count(t.personTimes, '人次'), 'ledger')}、金额${fig('amount', money(t.amountFen), 'ledger')}，覆盖${fig('orgs', `${reached}个`, 'progress')}单位`
      : '发放尚未开始';
  const rate =
    t.beneficiaries > 0 && t.personTimes > 0 ? `，完成率${fig('rate', `${Math.round((t.persons / t.beneficiaries) * 1000) / 10}%`, 'progress')}` : '';
  const today = chinaToday();
  const asOf = `截至${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`;
  return { text: `${who}${parts.join('，')}；${asOf}，${done}${rate}。`, figures };
}

/** The sign-off sheet of a point: its subtree's beneficiaries who have not received yet. */
export async function signoffList(db: Db, actor: Actor, pointId: number, limit: number) {
  const view = await getPoint(db, actor, pointId);
  const p = (await pointRepo.findPoint(db, scopeOf(actor), pointId))!;
  const rows = await repo.beneficiariesForPrint(db, view.campaignId, pointScope(actor, p), true, limit + 1);
  if (rows.length > limit) throw new Invalid(`签领表超过 ${limit} 人，请按下级单位分设发放点`);
  return { view, rows };
}
