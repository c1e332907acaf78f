/**
 * Demo 劳模关爱: honours for the demo workers tagged 劳模 across the region (so the tag now follows
 * from them), and retired model workers in their eighties in community unions of 新城区, 赛罕区,
 * 包头, 赤峰, 银川 and 密云 — living alone, disabled, ill, one lately in hospital, one who died this
 * autumn — with their status history, care profiles, festival and hospital visits, check-ups and a
 * recuperation stay, and one with special hardship support linked to a hardship file. Then
 * 呼和浩特's 荣誉津贴 paid for the last two months (made by 呼和浩特, confirmed by 内蒙古), this
 * month's run waiting in 内蒙古's inbox, 包头's last month and 呼和浩特's 生活补助 of last year.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoContext, DemoOrg } from '../../server/module.ts';
import { systemActor } from '../../server/actor.ts';
import { reachOf } from '../../server/scope.ts';
import { personPinyinKeys } from '../../server/text.ts';
import { addDays } from '../../shared/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { recordAudits, type AuditEvent } from '../audit/index.ts';
import { idIndex, insertDemoPeople, protectId, protectPhone, type DemoPerson } from '../people/index.ts';
import * as repo from './modelworkers.repository.ts';
import * as allowancesRepo from './allowances.repository.ts';
import * as demoRepo from './demo.repository.ts';
import { planRun } from './allowances.service.ts';
import { HONOUR_LEVEL_LABELS, type CareKind, type Disability, type HonourLevel } from './modelworkers.contract.ts';

type Honour = [level: HonourLevel, year: number, body: string];
interface Elder {
  name: string;
  sex: 'male' | 'female';
  birth: string;
  union: string;
  honours: Honour[];
  retiredIn: number;
  /** Died this many days ago. */
  diedDaysAgo?: number;
  livingAlone?: boolean;
  disability?: Disability;
  illness?: string;
  /** Care given: kind, days ago, place, what happened. */
  care: [CareKind, number, string | null, string][];
}

const GOV = '中共中央、国务院';
const ACFTU = '中华全国总工会';
const NMG_GOV = '内蒙古自治区人民政府';

const ELDERS: Elder[] = [
  {
    name: '王德林',
    sex: 'male',
    birth: '19410312',
    union: '新城区锡林路社区工会',
    honours: [
      ['national_model', 1979, GOV],
      ['provincial', 1977, NMG_GOV],
    ],
    retiredIn: 2001,
    livingAlone: true,
    illness: '高血压、冠心病',
    care: [
      ['hospital_visit', 40, '内蒙古自治区人民医院', '冠心病住院，送去慰问金和水果，叮嘱按时服药'],
      ['festival_visit', 300, '锡林路社区家中', '春节走访，送去米面油'],
      ['checkup', 200, '呼和浩特市第一医院', '年度健康体检，血压偏高'],
    ],
  },
  {
    name: '李桂兰',
    sex: 'female',
    birth: '19440820',
    union: '新城区锡林路社区工会',
    honours: [['national_advanced', 1989, GOV]],
    retiredIn: 1999,
    disability: 'semi_incapacitated',
    care: [['festival_visit', 150, '锡林路社区家中', '中秋走访，老人行动不便，由女儿照护']],
  },
  {
    name: '张福海',
    sex: 'male',
    birth: '19381102',
    union: '新城区锡林路社区工会',
    honours: [['provincial', 1982, NMG_GOV]],
    retiredIn: 1998,
    diedDaysAgo: 75,
    care: [['hospital_visit', 90, '内蒙古医科大学附属医院', '病重住院，工会干部探望']],
  },
  {
    name: '乌云',
    sex: 'female',
    birth: '19460515',
    union: '新城区锡林路社区工会',
    honours: [['national_mayday', 1995, ACFTU]],
    retiredIn: 2001,
    care: [
      ['birthday', 210, '锡林路社区家中', '八十岁生日，送去蛋糕和慰问信'],
      ['recuperation', 500, '阿尔山', '劳模疗休养，五天'],
    ],
  },
  {
    name: '赵树成',
    sex: 'male',
    birth: '19500201',
    union: '新城区锡林路社区工会',
    honours: [
      ['city', 1990, '呼和浩特市人民政府'],
      ['provincial', 1996, NMG_GOV],
    ],
    retiredIn: 2010,
    illness: '糖尿病',
    care: [['checkup', 120, '呼和浩特市第一医院', '劳模专项体检']],
  },
  {
    name: '刘玉梅',
    sex: 'female',
    birth: '19580707',
    union: '新城区锡林路社区工会',
    honours: [['city', 2005, '呼和浩特市人民政府']],
    retiredIn: 2013,
    care: [['festival_visit', 30, '锡林路社区家中', '国庆走访']],
  },
  {
    name: '巴特尔',
    sex: 'male',
    birth: '19400909',
    union: '赛罕区环卫工人联合工会',
    honours: [['national_model', 1984, GOV]],
    retiredIn: 2000,
    disability: 'incapacitated',
    care: [['home_visit', 30, '赛罕区家中', '失能卧床，了解护理需求']],
  },
  {
    name: '孙秀英',
    sex: 'female',
    birth: '19421212',
    union: '赛罕区环卫工人联合工会',
    honours: [['provincial', 1986, NMG_GOV]],
    retiredIn: 1997,
    livingAlone: true,
    care: [],
  },
  {
    name: '高建军',
    sex: 'male',
    birth: '19450404',
    union: '包头市昆都仑区环境卫生管理处工会',
    honours: [['national_model', 1980, GOV]],
    retiredIn: 2005,
    disability: 'disabled',
    care: [['festival_visit', 320, '昆都仑区家中', '春节慰问']],
  },
  {
    name: '陈淑芳',
    sex: 'female',
    birth: '19390120',
    union: '包头市昆都仑区环境卫生管理处工会',
    honours: [['ministerial', 1985, '冶金工业部']],
    retiredIn: 1994,
    livingAlone: true,
    illness: '慢性阻塞性肺病',
    care: [['hospital_visit', 20, '包头市中心医院', '肺病住院']],
  },
  {
    name: '马福成',
    sex: 'male',
    birth: '19430606',
    union: '银川市兴庆区环境卫生管理所工会',
    honours: [['provincial', 1983, '宁夏回族自治区人民政府']],
    retiredIn: 2003,
    care: [['festival_visit', 330, '兴庆区家中', '春节慰问']],
  },
  {
    name: '杨春辉',
    sex: 'male',
    birth: '19471010',
    union: '红山区快递外卖行业联合工会',
    honours: [['national_mayday', 1998, ACFTU]],
    retiredIn: 2007,
    care: [],
  },
  {
    name: '周德明',
    sex: 'male',
    birth: '19440214',
    union: '密云区溪翁庄镇石马峪村工会',
    honours: [['provincial', 1988, '北京市人民政府']],
    retiredIn: 2004,
    livingAlone: true,
    care: [['festival_visit', 310, '石马峪村家中', '春节慰问，送去棉被']],
  },
];

/** Levels given to the workers tagged 劳模 by hand, in turn (most are city or provincial model workers). */
const LEVEL_TURN: HonourLevel[] = [
  'city',
  'provincial',
  'city',
  'national_mayday',
  'city',
  'provincial',
  'ministerial',
  'city',
  'national_model',
  'provincial',
];

function awardingBody(level: HonourLevel, city: string | null, province: string | null) {
  switch (level) {
    case 'national_model':
    case 'national_advanced':
      return GOV;
    case 'national_mayday':
      return ACFTU;
    case 'ministerial':
      return '交通运输部';
    case 'provincial':
      return `${(province ?? '内蒙古自治区总工会').replace(/总工会$/, '')}人民政府`;
    case 'city':
      return `${(city ?? '呼和浩特市总工会').replace(/总工会$/, '')}人民政府`;
  }
}

/** 2026-12 → 2026-10 (`months` back). */
function monthBack(month: string, months: number) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export async function loadDemoModelWorkers(tx: DbOrTx, ctx: DemoContext) {
  const actor = systemActor(ctx.root);
  const audits: AuditEvent[] = [];
  let certificate = 0;
  const honour = (personId: number, orgId: number, [level, year, body]: Honour) => {
    certificate += 1;
    audits.push({
      action: 'modelworker.honour',
      entity: 'model_worker',
      entityId: personId,
      orgId,
      summary: `登记荣誉：${HONOUR_LEVEL_LABELS[level]}（${year}年），${body}`,
    });
    return {
      personId,
      level,
      year,
      awardingBody: body,
      certificateNo: `LM${year}-${String(certificate).padStart(5, '0')}`,
      withBenefits: true,
      note: '演示数据',
    };
  };

  // The workers tagged 劳模 by hand get the honours the tag stood for.
  const tagged = await demoRepo.taggedModelWorkers(tx);
  const honours = tagged.map((p, i) => {
    const level = LEVEL_TURN[i % LEVEL_TURN.length]!;
    const year = Math.max(Number(p.birth_date.slice(0, 4)) + 25, 2000 + ((i * 7) % 24));
    return honour(p.id, p.org_id, [level, Math.min(year, Number(ctx.today.slice(0, 4)) - 1), awardingBody(level, p.city, p.province)]);
  });

  // Retired model workers in their eighties (and two younger ones), registered in their community unions.
  const people: DemoPerson[] = [];
  const numbers: string[] = [];
  ELDERS.forEach((e, i) => {
    const org = ctx.org(e.union);
    // An odd sequence digit for a man, even for a woman (GB 11643).
    const seq = 600 + i * 2 + (e.sex === 'male' ? 1 : 0);
    const number = withCheckCharacter(`${org.divisionCode}${e.birth}${seq}`);
    const id = protectId(ctx.cipher, number, ctx.today);
    if ('problem' in id) throw new Error(`demo ID ${number}: ${id.problem}`);
    const phone = protectPhone(ctx.cipher, `139${String(47100000 + i * 37).padStart(8, '0')}`);
    if ('problem' in phone) throw new Error(phone.problem);
    const { full, initials } = personPinyinKeys(e.name);
    numbers.push(number);
    people.push({
      ...id,
      ...phone,
      orgId: org.id,
      name: e.name,
      namePinyin: full,
      nameInitials: initials,
      ethnicity: e.name === '乌云' || e.name === '巴特尔' ? '蒙古族' : e.name === '马福成' ? '回族' : '汉族',
      occupation: 'sanitation',
      employmentForm: 'standard',
      workStatus: 'retired',
      employerName: `${e.union.replace(/工会$/, '')}`,
      hukouType: 'urban',
      tags: e.sex === 'female' ? ['女职工', '退休'] : ['退休'],
      member: `${e.retiredIn - 30}-05-01`,
    });
  });
  await insertDemoPeople(tx, people);
  const ids = new Map(
    (
      await demoRepo.personsByKeys(
        tx,
        numbers.map((n) => idIndex(ctx.cipher, n)),
      )
    ).map((r) => [r.bidx, r]),
  );
  const countyOf = (org: DemoOrg) => ctx.orgs.find((o) => o.id === org.parentId) ?? org;

  for (const [i, e] of ELDERS.entries()) {
    const person = ids.get(idIndex(ctx.cipher, numbers[i]!))!;
    const union = ctx.org(e.union);
    honours.push(...e.honours.map((h) => honour(person.id, union.id, h)));
    await repo.insertStatus(tx, { personId: person.id, status: 'working', since: `${e.retiredIn - 35}-09-01`, note: '参加工作' });
    await repo.insertStatus(tx, { personId: person.id, status: 'retired', since: `${e.retiredIn}-${e.birth.slice(4, 6)}-01`, note: '退休' });
    if (e.diedDaysAgo) await repo.insertStatus(tx, { personId: person.id, status: 'deceased', since: addDays(ctx.today, -e.diedDaysAgo), note: '因病去世' });
    if (e.livingAlone || e.disability || e.illness) {
      await repo.upsertProfile(tx, {
        personId: person.id,
        livingAlone: e.livingAlone ?? false,
        disability: e.disability ?? 'none',
        illness: e.illness ?? null,
        note: e.livingAlone ? '子女在外地，社区网格员每周探望' : null,
      });
    }
    for (const [kind, daysAgo, place, detail] of e.care) {
      await repo.insertCare(tx, {
        personId: person.id,
        kind,
        on: addDays(ctx.today, -daysAgo),
        place,
        visitors: `${countyOf(union).name.replace(/总工会$/, '')}工会干部`,
        detail,
        amountFen: kind === 'hospital_visit' ? 1_000_00 : kind === 'festival_visit' ? 500_00 : null,
        orgId: countyOf(union).id,
      });
    }
  }

  // Special hardship support: a 新城区 worker of the hardship ledger, now out of hardship, who is also a city-level model worker.
  const withCase = await demoRepo.personWithExitedCase(tx, ctx.org('呼和浩特市新城区总工会').path);
  if (withCase) {
    honours.push(honour(withCase.person_id, withCase.org_id, ['city', 2016, '呼和浩特市人民政府']));
    await repo.insertCare(tx, {
      personId: withCase.person_id,
      kind: 'hardship_support',
      on: addDays(ctx.today, -45),
      place: null,
      visitors: '新城区工会干部',
      detail: '子女上学费用困难，按困难职工档案给予助学帮扶',
      orgId: ctx.org('呼和浩特市新城区总工会').id,
      hardshipCaseId: withCase.case_id,
    });
  }
  await repo.insertHonours(tx, honours);

  // Allowance runs: 呼和浩特 and 包头 make them, 内蒙古 confirms.
  const month = ctx.today.slice(0, 7);
  const hhhtAdmin = ctx.accounts.get('hhht_admin') ?? null;
  const baotouAdmin = ctx.accounts.get('baotou_admin') ?? null;
  const nmgAdmin = ctx.accounts.get('nmg_admin') ?? null;
  const run = async (orgName: string, kind: 'honorary' | 'living', period: string, by: number | null, paidBy?: number | null) => {
    const org = ctx.org(orgName);
    const { lines, excluded } = await planRun(tx, reachOf(org), kind, period);
    if (!lines.length) return;
    const runId = await allowancesRepo.insertRun(tx, { orgId: org.id, kind, period, excluded, createdBy: by });
    await allowancesRepo.insertLines(
      tx,
      lines.map((l) => ({ ...l, runId })),
    );
    audits.push({
      action: 'modelworker.run_create',
      entity: 'model_worker_run',
      entityId: runId,
      orgId: org.id,
      summary: `生成${orgName}${period}发放批次：${lines.length} 人`,
    });
    if (paidBy !== undefined) {
      const paidOn = kind === 'living' ? `${period}-12-20` : `${period}-10`;
      await allowancesRepo.markPaid(tx, runId, paidBy, 0, paidOn < ctx.today ? paidOn : ctx.today);
      audits.push({
        action: 'modelworker.run_confirm',
        entity: 'model_worker_run',
        entityId: runId,
        orgId: org.id,
        summary: `确认发放${orgName}${period}：${lines.length} 人`,
      });
    }
  };
  await run('呼和浩特市总工会', 'living', String(Number(ctx.today.slice(0, 4)) - 1), hhhtAdmin, nmgAdmin);
  await run('呼和浩特市总工会', 'honorary', monthBack(month, 2), hhhtAdmin, nmgAdmin);
  await run('呼和浩特市总工会', 'honorary', monthBack(month, 1), hhhtAdmin, nmgAdmin);
  await run('包头市总工会', 'honorary', monthBack(month, 1), baotouAdmin, nmgAdmin);
  await run('呼和浩特市总工会', 'honorary', month, hhhtAdmin);
  await recordAudits(tx, actor, audits);
}
