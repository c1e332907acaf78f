/**
 * Demo hardship files across the demo unions, in every state of the lifecycle, written through
 * the same use cases staff use (the system account files and verifies them).
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoOrg } from '../../server/module.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { systemActor } from '../../server/actor.ts';
import { getEffectivePolicy } from '../policies/index.ts';
import { fileCase } from './cases.service.ts';
import { transition } from './lifecycle.service.ts';
import { addAssistance } from './assistance.service.ts';
import * as repo from './demo.repository.ts';
import { CAUSES, type CaseInput } from './hardship.contract.ts';

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export async function loadDemoHardship(db: DbOrTx, cipher: FieldCipher, root: DemoOrg, today: string) {
  const actor = systemActor(root);
  const rand = rng(20260301);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const year = today.slice(0, 4);
  const applicants = await repo.demoApplicants(db, 260);
  const exited: number[] = [];
  let filed = 0;
  for (const [i, a] of applicants.entries()) {
    const dibao = (await getEffectivePolicy(db, { path: a.path }, 'dibao_monthly', today))?.value;
    if (!dibao) continue;
    const size = 1 + Math.floor(rand() * 4);
    const temporary = i % 25 === 7;
    const accident = !temporary && i % 10 === 3;
    const share = accident ? 1.3 : i % 3 === 0 ? 1.05 + rand() * 0.8 : 0.45 + rand() * 0.5;
    const perCapita = Math.round(dibao * share);
    const income = perCapita * 12 * size;
    const spending = accident ? Math.round(income * (0.85 + rand() * 0.3)) : 0;
    const mainCause = accident ? pick(['accident', 'disaster', 'serious_illness'] as const) : pick(CAUSES);
    const members = Array.from({ length: size - 1 }, (_, k) => ({
      personId: null,
      name:
        k === 0 ? `${[...a.name][0]}${pick(['桂兰', '建华', '秀英', '国强', '淑芬'])}` : `${[...a.name][0]}${pick(['小雨', '子涵', '浩然', '欣怡', '俊杰'])}`,
      relationship: k === 0 ? '配偶' : '子女',
      health: k === 0 && mainCause === 'serious_illness' ? '慢性肾病' : null,
      monthlyIncomeFen: 0,
      schoolOrEmployer: k > 0 ? pick(['第二中学', '实验小学', '职业技术学院', null]) : null,
    }));
    const input: CaseInput = {
      kind: temporary ? 'temporary' : 'full',
      personId: a.id,
      members,
      yearlyIncomeFen: income + spending,
      hardshipSpendingFen: spending,
      suddenEvent: accident,
      migrantYears: null,
      housing: pick(['own', 'rented', 'public_rental', 'relatives'] as const),
      housingArea: 30 + Math.floor(rand() * 60),
      medicalInsurance: rand() > 0.1,
      health: mainCause === 'serious_illness' ? '本人患病，长期治疗' : null,
      disability: mainCause === 'no_work_ability' ? '肢体残疾二级' : null,
      mainCause,
      secondaryCauses: mainCause === 'education' ? [] : rand() < 0.4 ? ['education'] : [],
      bankAccount: `62284800${String(10_000_000_000 + a.id).slice(-11)}`,
      bankName: pick(['中国农业银行', '中国工商银行', '内蒙古农村信用社', '中国建设银行']),
      assessedOn: `${year}-0${1 + (i % 8)}-1${i % 9}`,
      overrideCategory: null,
      overrideReason: null,
    };
    let id: number;
    try {
      id = await fileCase({ db, cipher }, actor, input);
    } catch {
      continue; // a household already filed, or figures that do not qualify
    }
    filed++;
    // Where each file stands: 待核查, 已核查, 公示中, 帮扶中 (most), 已解困脱困, 返困, 已销档.
    const stage = i % 20;
    const steps: ('verify' | 'notice' | 'approve')[] = temporary ? ['verify', 'approve'] : ['verify', 'notice', 'approve'];
    const upTo = stage < 3 ? 0 : stage < 5 ? 1 : stage < 7 && !temporary ? 2 : steps.length;
    let version = 1;
    for (const action of steps.slice(0, upTo)) {
      // Files approved in the demo were noticed long enough ago for the notice to have run its course.
      if (action === 'approve' && !temporary) await repo.backdateNotice(db, id, 10);
      version = await transition(db, actor, id, { action, reason: null, version });
    }
    if (upTo < steps.length) continue;
    const month = (k: number) => `${year}-${String(1 + ((i + k) % 9)).padStart(2, '0')}-15`;
    if (temporary) {
      await addAssistance(db, actor, id, {
        type: 'temp_relief',
        amountFen: 1_000_00 + Math.floor(rand() * 20) * 100_00,
        on: month(0),
        fundSource: 'own_budget',
        note: null,
        cause: mainCause,
      });
      continue;
    }
    await addAssistance(db, actor, id, {
      type: 'living',
      amountFen: dibao * 2,
      on: month(0),
      fundSource: 'special_fund',
      note: '生活救助（两个月）',
      cause: null,
    });
    if (mainCause === 'serious_illness' || rand() < 0.3)
      await addAssistance(db, actor, id, {
        type: 'medical',
        amountFen: 2_000_00 + Math.floor(rand() * 60) * 100_00,
        on: month(1),
        fundSource: 'special_fund',
        note: null,
        cause: null,
      });
    if (members.some((m) => m.schoolOrEmployer))
      await addAssistance(db, actor, id, { type: 'study', amountFen: 3_000_00, on: month(2), fundSource: 'donation', note: '金秋助学', cause: null });
    if (stage === 17 || stage === 18) {
      await transition(db, actor, id, { action: 'exit', reason: pick(['家庭成员实现稳定就业', '病情好转，收入恢复', '子女毕业参加工作']), version });
      exited.push(id);
    } else if (stage === 19) {
      version = await transition(db, actor, id, { action: 'exit', reason: '家庭成员实现稳定就业', version });
      if (Math.floor(i / 20) % 2) await transition(db, actor, id, { action: 'reopen', reason: '配偶病情复发，家庭收入下降', version });
      else await transition(db, actor, id, { action: 'close', reason: '本人退休，转由社区救助', version });
    }
  }
  // Some follow-ups are overdue, as they would be months after the exit.
  await repo.backdateFollowups(
    db,
    exited.filter((_, k) => k % 2 === 0),
    20,
  );
  return { cases: filed };
}
