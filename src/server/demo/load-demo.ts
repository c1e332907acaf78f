/**
 * The demo dataset (embedded database only, first start): the federations of 内蒙古, 宁夏 and
 * 北京密云 from the real GB/T 2260 codes, a few industrial and grassroots unions, accounts at
 * several levels, and policy values. Everything goes through the modules' own use cases or their
 * batch forms (a whole level of the tree at once; most hardship files as a set, with the events and
 * audit entries their steps would leave), so the audit log shows it was the system that loaded it.
 */
import { systemActor, type Actor } from '../actor.ts';
import type { DbOrTx } from '../db.ts';
import type { FieldCipher } from '../crypto.ts';
import { withCreditCheck } from '../../shared/ids.ts';
import { childDivisions, countiesOfProvince, insertChildOrg, insertChildOrgs } from '../../modules/orgs/index.ts';
import type { OrgRow } from '../../modules/orgs/orgs.schema.ts';
import type { CreateOrgInput, OrgType } from '../../modules/orgs/orgs.contract.ts';
import { hashPassword, insertSystemAccount } from '../../modules/auth/index.ts';
import { ROLE_LABELS, type Role } from '../../modules/auth/auth.contract.ts';
import { setPolicyInTx } from '../../modules/policies/policies.service.ts';
import { putSetting, DEMO_SETTING } from '../../modules/system/index.ts';
import { chinaToday } from '../../shared/dates.ts';
import { loadDemoPeople, type DemoUnion } from './demo-people.ts';
import type { DemoContext } from '../module.ts';
import { MODULES } from '../modules.ts';
import type { PolicyKey } from '../../modules/policies/policies.contract.ts';
import type { DemoAccount } from '../../modules/system/system.contract.ts';

export const DEMO_PASSWORD = 'Demo2026';

export interface DemoResult {
  orgCount: number;
  people: number;
  members: number;
  password: string;
  accounts: DemoAccount[];
}

let creditSeq = 0;
function demoCreditCode(division: string) {
  creditSeq += 1;
  return withCreditCheck(`81${division}MA${String(creditSeq).padStart(7, '0')}`);
}

/** 区 names repeat across cities (新城区, 城区 …), so districts carry their city's name. */
function federationName(cityName: string, countyName: string) {
  return countyName.endsWith('区') && !countyName.includes('旗') ? `${cityName}${countyName}总工会` : `${countyName}总工会`;
}

// Statistical codes of development zones (…7x) are not administrative divisions with federations of their own.
const isAdministrative = (code: string) => code[4] !== '7';

export async function loadDemo(tx: DbOrTx, root: OrgRow, cipher: FieldCipher): Promise<DemoResult> {
  const actor: Actor = systemActor(root);
  let count = 1;
  /** Every demo union by name, for the modules' demo data (county federations carry their city's name, so names are unique). */
  const byName = new Map<string, OrgRow>();
  const add = async (
    parent: OrgRow,
    input: Omit<CreateOrgInput, 'parentId' | 'shortName' | 'creditCode' | 'address' | 'contactName' | 'contactPhone' | 'foundedOn'> & Partial<CreateOrgInput>,
  ) => {
    count += 1;
    const org = await insertChildOrg(tx, actor, {
      shortName: null,
      creditCode: null,
      address: null,
      contactName: null,
      contactPhone: null,
      foundedOn: null,
      ...input,
      parentId: parent.id,
    });
    byName.set(org.name, org);
    return org;
  };
  const grassroots = (parent: OrgRow, name: string, type: OrgType, address: string) =>
    add(parent, {
      name,
      type,
      divisionCode: parent.divisionCode,
      creditCode: demoCreditCode(parent.divisionCode ?? '150000'),
      address,
      contactName: '王红梅',
      contactPhone: '0471-6600000',
      foundedOn: '2018-05-01',
    });

  /** A whole level of the tree at once (one insert and one audit append for all its unions). */
  type LevelInput = Omit<CreateOrgInput, 'shortName' | 'creditCode' | 'address' | 'contactName' | 'contactPhone' | 'foundedOn'> & Partial<CreateOrgInput>;
  const addLevel = async (inputs: LevelInput[]) => {
    const rows = await insertChildOrgs(
      tx,
      actor,
      inputs.map((input) => ({ shortName: null, creditCode: null, address: null, contactName: null, contactPhone: null, foundedOn: null, ...input })),
    );
    count += rows.length;
    for (const r of rows) byName.set(r.name, r);
    return rows;
  };

  const unions: DemoUnion[] = [];
  const province = async (code: string, name: string, short: string, phone: string) => {
    const p = await add(root, { name, shortName: short, type: 'provincial', divisionCode: code, contactPhone: phone });
    const cities = childDivisions(code).filter((city) => city.name !== '市辖区');
    const cityRows = await addLevel(cities.map((city) => ({ parentId: p.id, name: `${city.name}总工会`, type: 'city', divisionCode: city.code })));
    const counties = cities.flatMap((city, k) =>
      childDivisions(city.code)
        .filter((d) => isAdministrative(d.code))
        .map((county) => ({ city, county, parent: cityRows[k]! })),
    );
    const countyRows = await addLevel(
      counties.map(({ city, county, parent }) => ({
        parentId: parent.id,
        name: federationName(city.name, county.name),
        type: 'county',
        divisionCode: county.code,
      })),
    );
    // Every county gets the two unions where most front-line workers of the articles are.
    const frontLine = counties.flatMap(({ county }, k) =>
      (
        [
          ['环境卫生服务中心工会', 'grassroots'],
          ['新就业形态劳动者联合工会', 'joint'],
        ] as const
      ).map(([suffix, type]) => ({ county, parent: countyRows[k]!, suffix, type })),
    );
    const rows = await addLevel(
      frontLine.map(({ county, parent, suffix, type }) => ({
        parentId: parent.id,
        name: `${county.name}${suffix}`,
        type,
        divisionCode: county.code,
        creditCode: demoCreditCode(county.code),
      })),
    );
    frontLine.forEach(({ county }, k) =>
      unions.push({ id: rows[k]!.id, division: county.code, county: county.name, province: code.slice(0, 2) as DemoUnion['province'] }),
    );
    return p;
  };

  const nmg = await province('150000', '内蒙古自治区总工会', '内蒙古总工会', '0471-6964114');
  const nx = await province('640000', '宁夏回族自治区总工会', '宁夏总工会', '0951-5045311');
  const bj = await add(root, { name: '北京市总工会', shortName: '北京总工会', type: 'provincial', divisionCode: '110000' });
  const miyunDivision = countiesOfProvince('110000').find((d) => d.name === '密云区')!;
  const miyun = await add(bj, {
    name: '北京市密云区总工会',
    shortName: '密云区总工会',
    type: 'county',
    divisionCode: miyunDivision.code,
    address: '北京市密云区鼓楼东大街',
  });

  // Industrial unions of the region.
  const jianzhu = await add(nmg, { name: '内蒙古自治区建筑建材交通机电工会', shortName: '建筑建材交通机电工会', type: 'industrial', divisionCode: '150000' });
  await add(nmg, { name: '内蒙古自治区农牧林业水利气象工会', type: 'industrial', divisionCode: '150000' });
  await add(nmg, { name: '内蒙古自治区教科文卫体工会', type: 'industrial', divisionCode: '150000' });
  await add(nx, { name: '宁夏回族自治区教科文卫体工会', type: 'industrial', divisionCode: '640000' });
  await grassroots(jianzhu, '内蒙古公路交通投资发展有限公司工会', 'grassroots', '呼和浩特市赛罕区');

  // Grassroots unions where the articles' front-line workers are.
  const hhht = byName.get('呼和浩特市总工会')!;
  const xinCheng = byName.get('呼和浩特市新城区总工会')!;
  const saihan = byName.get('呼和浩特市赛罕区总工会')!;
  await grassroots(xinCheng, '呼和浩特市新城区环境卫生服务中心工会', 'grassroots', '呼和浩特市新城区');
  await grassroots(xinCheng, '新城区快递物流行业联合工会', 'joint', '呼和浩特市新城区');
  await grassroots(xinCheng, '新城区锡林路社区工会', 'village', '呼和浩特市新城区锡林路');
  await grassroots(saihan, '赛罕区环卫工人联合工会', 'joint', '呼和浩特市赛罕区');
  await grassroots(hhht, '和林格尔新区园区工会', 'park', '呼和浩特市和林格尔新区');
  const kundulun = byName.get('包头市昆都仑区总工会');
  if (kundulun) await grassroots(kundulun, '包头市昆都仑区环境卫生管理处工会', 'grassroots', '包头市昆都仑区');
  const hongshan = byName.get('赤峰市红山区总工会');
  if (hongshan) await grassroots(hongshan, '红山区快递外卖行业联合工会', 'joint', '赤峰市红山区');
  const dongsheng = byName.get('鄂尔多斯市东胜区总工会');
  if (dongsheng) await grassroots(dongsheng, '东胜区货车司机联合工会', 'joint', '鄂尔多斯市东胜区');
  const xingqing = byName.get('银川市兴庆区总工会');
  if (xingqing) await grassroots(xingqing, '银川市兴庆区环境卫生管理所工会', 'grassroots', '银川市兴庆区');
  for (const [name, type, address] of [
    ['密云区城市管理委员会环卫中心工会', 'grassroots', '北京市密云区'],
    ['密云区鼓楼街道联合工会', 'joint', '北京市密云区鼓楼街道'],
  ] as const) {
    const g = await grassroots(miyun, name, type, address);
    unions.push({ id: g.id, division: miyunDivision.code, county: '密云区', province: '11' });
  }
  await grassroots(miyun, '密云区溪翁庄镇石马峪村工会', 'village', '北京市密云区溪翁庄镇');

  // Policy values: region-wide defaults at the root, local 低保 lines where they differ.
  const policies: [OrgRow, PolicyKey, number][] = [
    [root, 'relative_hardship_multiplier', 2],
    [root, 'accident_cost_share', 0.8],
    [root, 'migrant_min_years', 1],
    [root, 'living_aid_months_deep', 12],
    [root, 'living_aid_months_other', 10],
    [root, 'medical_aid_cap', 20_000_00],
    [root, 'study_aid_months_university', 10],
    [root, 'study_aid_months_high_school', 6],
    [root, 'temp_relief_cap', 3_000_00],
    [root, 'temp_relief_times', 2],
    [root, 'followup_interval_months', 6],
    [root, 'recuperation_subsidy', 500_00],
    [root, 'recuperation_interval_years', 3],
    [root, 'volunteer_points_per_hour', 1],
    // 劳模待遇: 荣誉津贴 a month and 生活补助 a year by honour level (盟市级 no 生活补助); 内蒙古 pays its own model workers more.
    [root, 'mw_honorary_national_model', 600_00],
    [root, 'mw_honorary_national_advanced', 600_00],
    [root, 'mw_honorary_national_mayday', 300_00],
    [root, 'mw_honorary_ministerial', 300_00],
    [root, 'mw_honorary_provincial', 300_00],
    [root, 'mw_honorary_city', 100_00],
    [root, 'mw_living_national_model', 3_000_00],
    [root, 'mw_living_national_advanced', 3_000_00],
    [root, 'mw_living_national_mayday', 2_000_00],
    [root, 'mw_living_ministerial', 2_000_00],
    [root, 'mw_living_provincial', 2_000_00],
    [nmg, 'mw_honorary_provincial', 400_00],
    [nmg, 'dibao_monthly', 860_00],
    [hhht, 'dibao_monthly', 935_00],
    [nx, 'dibao_monthly', 760_00],
    [bj, 'dibao_monthly', 1_450_00],
  ];
  // In force from before the demo's oldest hardship files (filed over the last three years).
  const policiesFrom = `${Number(chinaToday().slice(0, 4)) - 4}-01-01`;
  for (const [org, key, value] of policies) {
    await setPolicyInTx(tx, actor, org, { key, value, effectiveFrom: policiesFrom, note: '演示数据' });
  }

  // Accounts at several levels; siblings (呼和浩特 and 包头, 新城区 and 赛罕区) show the scope rules.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demoAccounts: [string, string, Role, OrgRow | undefined][] = [
    ['nmg_admin', '内蒙古管理员', 'union_admin', nmg],
    ['nmg_auditor', '内蒙古审计员', 'auditor', nmg],
    ['hhht_admin', '呼和浩特管理员', 'union_admin', hhht],
    ['baotou_admin', '包头管理员', 'union_admin', byName.get('包头市总工会')],
    ['xinchengqu_cadre', '新城区干部', 'cadre', xinCheng],
    ['saihanqu_cadre', '赛罕区干部', 'cadre', saihan],
    ['xinchengqu_station', '新城区驿站站长', 'station_manager', xinCheng],
    ['nx_admin', '宁夏管理员', 'union_admin', nx],
    ['miyun_admin', '密云区管理员', 'union_admin', miyun],
    ['miyun_volunteer', '密云区志愿者', 'volunteer', miyun],
  ];
  const accounts: DemoAccount[] = [];
  const accountIds = new Map<string, number>();
  for (const [username, displayName, role, org] of demoAccounts) {
    if (!org) continue;
    const row = await insertSystemAccount(tx, { username, displayName, orgId: org.id, roles: [role], passwordHash, mustChangePassword: false });
    accountIds.set(username, row.id);
    accounts.push({ username, password: DEMO_PASSWORD, role: ROLE_LABELS[role], org: org.name });
  }
  const population = await loadDemoPeople(tx, cipher, unions, 12, chinaToday());
  // Then each module's own demo data, in module order, on the tree, accounts and people above.
  const ctx: DemoContext = {
    root,
    orgs: [...byName.values()],
    org: (name) => {
      const org = byName.get(name);
      if (!org) throw new Error(`demo union ${name} is missing`);
      return org;
    },
    accounts: accountIds,
    cipher,
    today: chinaToday(),
  };
  for (const m of MODULES) await m.demo?.(tx, ctx);
  await putSetting(tx, DEMO_SETTING, { accounts, loadedAt: new Date().toISOString() });
  return { orgCount: count, people: population.people, members: population.members, password: DEMO_PASSWORD, accounts };
}
