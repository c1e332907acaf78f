/**
 * Demo campaigns modelled on the articles, written through the same use cases staff use:
 * a finished region-wide New-Year campaign for sanitation workers (allocated to the cities,
 * every package handed out, entered from the cities' signed paper sheets) and a running Miyun
 * New-Year package campaign with a volunteer on duty at the pick-up point scanning pick-up cards,
 * and a county's summer campaign waiting for approval (待审批).
 */
import type { FieldCipher } from '../../server/crypto.ts';
import type { DbOrTx } from '../../server/db.ts';
import type { Actor } from '../../server/actor.ts';
import { systemActor } from '../../server/actor.ts';
import { reachOf } from '../../server/scope.ts';
import type { DemoOrg } from '../../server/module.ts';
import { createCampaign, getCampaign, transition } from './campaigns.service.ts';
import { previewForInput } from './beneficiaries.service.ts';
import { setAllocation } from './allocations.service.ts';
import { createPoint } from './points.service.ts';
import { confirm, qrCodeFor } from './distribution.service.ts';
import { beneficiariesForPrint } from './reporting.repository.ts';
import type { CampaignInput } from './campaigns.contract.ts';
import { addDays } from '../../shared/dates.ts';

const GOODS = [
  { name: '大米', quantity: 10, unit: '斤' },
  { name: '面粉', quantity: 10, unit: '斤' },
  { name: '食用油', quantity: 1, unit: '桶' },
];

export interface DemoCampaignOrgs {
  root: DemoOrg;
  nmg: DemoOrg;
  cities: DemoOrg[];
  miyun: DemoOrg;
  xinCheng: DemoOrg;
}

export async function loadDemoCampaigns(
  tx: DbOrTx,
  cipher: FieldCipher,
  orgs: DemoCampaignOrgs,
  volunteer: { id: number; username: string } | undefined,
  today: string,
  /** The county cadre whose campaign waits for approval. */
  author?: { id: number; username: string },
  /** The region's staff who entered the cities' signed sheets: the 经办人 of those lines. */
  clerk?: { id: number; username: string; displayName: string },
) {
  const deps = { db: tx, cipher };
  const system = systemActor(orgs.root);
  const year = Number(today.slice(0, 4));

  // 1. 全区环卫工人两节送温暖 (finished): 困难职工 ¥1,000, everyone else a ¥200 rice-flour-oil package.
  const finished: CampaignInput = {
    name: `${year - 1}年“两节”送温暖·环卫工人专项慰问`,
    theme: '城市因你而美 工会关爱随行',
    kind: 'festival_warmth',
    orgId: orgs.nmg.id,
    startsOn: `${year - 1}-01-10`,
    endsOn: `${year - 1}-02-10`,
    mode: 'cascade',
    maxPerPerson: 1,
    overlapPolicy: 'warn',
    description: '全区各级工会筹措专项资金，为一线环卫工人送去米面油等慰问品，困难环卫工人另发慰问金。',
    rule: { occupations: ['sanitation'], employmentForms: [], tagsAny: [], orgIds: [], membership: 'any', sex: null, ageMin: null, ageMax: null },
    funds: [],
    packages: [
      {
        name: '困难环卫工人慰问金和米面油',
        kind: 'mixed',
        valueFen: 1200_00,
        cashFen: 1000_00,
        items: GOODS,
        rule: { occupations: [], employmentForms: [], tagsAny: ['困难职工'], orgIds: [], membership: 'any', sex: null, ageMin: null, ageMax: null },
      },
      { name: '米面油慰问品', kind: 'goods', valueFen: 200_00, items: GOODS, rule: null },
    ],
  };
  const preview = await previewForInput(tx, system, finished);
  const need = preview.amountFen;
  finished.funds = [
    { source: 'higher_grant', amountFen: Math.round(need * 0.5), note: '全国总工会送温暖资金' },
    { source: 'own_budget', amountFen: Math.round(need * 0.4), note: '自治区总工会本级列支' },
    { source: 'donation', amountFen: need - Math.round(need * 0.5) - Math.round(need * 0.4) + 20_000_00, note: '爱心企业捐赠' },
  ];
  const id1 = await createCampaign(tx, system, finished);
  const total = finished.funds.reduce((s, f) => s + f.amountFen, 0);
  await setAllocation(tx, system, id1, { orgId: orgs.nmg.id, quota: preview.total, budgetFen: total });
  for (const city of orgs.cities) {
    const part = await previewForInput(tx, system, { ...finished, orgId: city.id });
    if (part.total > 0) await setAllocation(tx, system, id1, { orgId: city.id, quota: part.total, budgetFen: part.amountFen });
  }
  let c = await getCampaign(tx, system, id1);
  c = await transition(tx, system, id1, { action: 'submit', version: c.version });
  c = await transition(tx, system, id1, { action: 'approve', version: c.version });
  c = await transition(tx, system, id1, { action: 'start', version: c.version });
  const points = new Map<number, number>();
  for (const city of orgs.cities) {
    const p = await createPoint(tx, system, id1, {
      name: `${city.name.replace('总工会', '')}环卫工人慰问发放点`,
      orgId: city.id,
      address: null,
      opensOn: finished.startsOn,
      dutyAccountIds: [],
      stock: [],
    });
    points.set(city.id, p.id);
  }
  const list = await beneficiariesForPrint(tx, id1, reachOf(orgs.nmg), true, 100_000);
  // Every line names who entered it, as a ledger filed with finance must.
  const entering: Actor = clerk
    ? {
        accountId: clerk.id,
        username: clerk.username,
        displayName: clerk.displayName,
        orgId: orgs.nmg.id,
        orgPath: orgs.nmg.path,
        roles: ['union_admin'],
        permissions: new Set(['campaign:distribute', 'campaign:paper', 'campaign:write']),
        sessionId: null,
        ip: null,
      }
    : system;
  for (const [i, b] of list.entries()) {
    const path = b.org_path;
    const cityId = orgs.cities.find((city) => path.startsWith(city.path))?.id;
    const pointId = cityId ? points.get(cityId) : undefined;
    if (!pointId) continue;
    const day = `${year - 1}-01-${String(12 + (i % 18)).padStart(2, '0')}`;
    // Entered by staff from the city's signed sheets, 30 signatures to a sheet.
    const sheetRef = `${year - 1}-${cityId}-${String(Math.floor(i / 30) + 1).padStart(3, '0')}`;
    await confirm(deps, entering, pointId, { beneficiaryId: Number(b.id), evidence: { kind: 'paper', sheetRef }, idempotencyKey: `demo-${id1}-${b.id}` }, day);
  }
  await transition(tx, system, id1, { action: 'end', version: c.version });

  // 2. 密云区新春暖心礼包 (running): one pick-up site, a volunteer registering people on duty.
  const running: CampaignInput = {
    name: `${year}年新春“暖心礼包”发放`,
    theme: '新春送温暖 工会在身边',
    kind: 'holiday',
    orgId: orgs.miyun.id,
    startsOn: `${year}-01-01`,
    endsOn: `${year}-12-31`,
    mode: 'single',
    maxPerPerson: 1,
    overlapPolicy: 'warn',
    description: '全区一线职工凭领取卡或身份证到发放点领取新春礼包，志愿者现场扫码登记。',
    rule: { occupations: [], employmentForms: [], tagsAny: [], orgIds: [], membership: 'any', sex: null, ageMin: null, ageMax: null },
    funds: [],
    packages: [{ name: '新春暖心礼包', kind: 'goods', valueFen: 200_00, items: GOODS, rule: null }],
  };
  const p2 = await previewForInput(tx, system, running);
  running.funds = [
    { source: 'own_budget', amountFen: p2.amountFen, note: '区总工会本级列支' },
    { source: 'enterprise_match', amountFen: 10_000_00, note: '企业配套' },
  ];
  const id2 = await createCampaign(tx, system, running);
  await setAllocation(tx, system, id2, { orgId: orgs.miyun.id, quota: p2.total, budgetFen: p2.amountFen + 10_000_00 });
  let r = await getCampaign(tx, system, id2);
  r = await transition(tx, system, id2, { action: 'submit', version: r.version });
  r = await transition(tx, system, id2, { action: 'approve', version: r.version });
  r = await transition(tx, system, id2, { action: 'start', version: r.version });
  const pkg = r.packages[0]!;
  const site = await createPoint(tx, system, id2, {
    name: '密云区职工服务中心发放点',
    orgId: orgs.miyun.id,
    address: '密云区鼓楼东大街职工服务中心一层',
    opensOn: running.startsOn,
    dutyAccountIds: volunteer ? [volunteer.id] : [],
    stock: [{ packageId: pkg.id, quantity: p2.total + 20 }],
  });
  const handler: Actor = volunteer
    ? {
        accountId: volunteer.id,
        username: volunteer.username,
        orgId: orgs.miyun.id,
        orgPath: orgs.miyun.path,
        roles: ['volunteer'],
        permissions: new Set(['campaign:distribute']),
        sessionId: null,
        ip: null,
      }
    : system;
  const pending = await beneficiariesForPrint(tx, id2, reachOf(orgs.miyun), true, 100_000);
  const opened = Math.round((Date.parse(today) - Date.parse(running.startsOn)) / 86_400_000);
  // About a third have picked theirs up so far.
  for (const [i, b] of pending.entries()) {
    if (i % 3 !== 0) continue;
    const code = qrCodeFor(cipher, Number(b.id));
    // Picked up over the three weeks up to today (never before the point opened), not all today.
    const day = addDays(today, -Math.min(opened, (i / 3) % 21));
    await confirm(deps, handler, site.id, { beneficiaryId: Number(b.id), evidence: { kind: 'qr', code }, idempotencyKey: `demo-${id2}-${b.id}` }, day);
  }
  if (author) await submittedByCadre(tx, orgs.xinCheng, author, year);
  return { campaigns: author ? 3 : 2 };
}

/**
 * 3. 新城区环卫工人夏送清凉 (待审批): drafted and submitted by the county's cadre, waiting in the
 * inbox of an administrator at or above the county (呼和浩特, 内蒙古) — never the cadre's own.
 */
async function submittedByCadre(tx: DbOrTx, county: DemoOrg, author: { id: number; username: string }, year: number) {
  const cadre: Actor = {
    accountId: author.id,
    username: author.username,
    orgId: county.id,
    orgPath: county.path,
    roles: ['cadre'],
    permissions: new Set(['campaign:read', 'campaign:write']),
    sessionId: null,
    ip: null,
  };
  const input: CampaignInput = {
    name: `${year}年新城区一线职工夏送清凉`,
    theme: '夏送清凉 关爱一线',
    kind: 'summer_cool',
    orgId: county.id,
    startsOn: `${year}-07-01`,
    endsOn: `${year}-08-31`,
    mode: 'single',
    maxPerPerson: 1,
    overlapPolicy: 'warn',
    description: '为辖区一线职工送去防暑降温用品，由区总工会审批后发放。',
    rule: { occupations: [], employmentForms: [], tagsAny: [], orgIds: [], membership: 'any', sex: null, ageMin: null, ageMax: null },
    funds: [],
    packages: [{ name: '防暑降温慰问金', kind: 'cash', valueFen: 100_00, items: [], rule: null }],
  };
  const preview = await previewForInput(tx, cadre, input);
  input.funds = [{ source: 'own_budget', amountFen: Math.max(preview.amountFen, 100_00), note: '区总工会本级列支' }];
  const id = await createCampaign(tx, cadre, input);
  const c = await getCampaign(tx, cadre, id);
  await transition(tx, cadre, id, { action: 'submit', version: c.version });
}
