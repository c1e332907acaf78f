/**
 * Demo hardship files across the demo unions, in every state of the lifecycle, filed over the last
 * three years. The first files go through the same use cases staff use (the system account files
 * and verifies them), so the rules hold and the audit log shows real steps; the rest are written as
 * a set with the same events, assistance, follow-ups and audit entries those steps would leave,
 * dated in lifecycle order and never in the future.
 */
import type { DbOrTx } from '../../server/db.ts';
import type { DemoOrg } from '../../server/module.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { systemActor } from '../../server/actor.ts';
import { addDays } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import { recordAudits, type AuditEvent } from '../audit/index.ts';
import { getEffectivePolicies } from '../policies/index.ts';
import type { PolicyKey } from '../policies/policies.contract.ts';
import { fileCase } from './cases.service.ts';
import { transition } from './lifecycle.service.ts';
import { addAssistance } from './assistance.service.ts';
import { addMonths, assessWith, NOTICE_DAYS_DEFAULT, SIGNOFF_THRESHOLD_DEFAULT_FEN } from './hardship.policy.ts';
import * as repo from './demo.repository.ts';
import {
  ACTION_TO,
  ASSISTANCE_LABELS,
  ASSISTANCE_STATUS_LABELS,
  CASE_ACTION_LABELS,
  CASE_KIND_LABELS,
  CASE_STATUS_LABELS,
  CATEGORY_LABELS,
  CAUSES,
  type CaseAction,
  type CaseInput,
  type CaseStatus,
} from './hardship.contract.ts';

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** How many files go through the use cases (one in each stage below); the rest are written as a set. */
const THROUGH_USE_CASES = 20;

const earlier = (a: string, b: string) => (a < b ? a : b);
/** A moment of the day in China (working hours), for the file's timeline. */
const atOn = (day: string, k: number) => new Date(`${day}T${String(9 + (k % 8)).padStart(2, '0')}:${String((k * 7) % 60).padStart(2, '0')}:00+08:00`);

export async function loadDemoHardship(db: DbOrTx, cipher: FieldCipher, root: DemoOrg, today: string) {
  const actor = systemActor(root);
  const rand = rng(20260301);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const within = (days: number) => Math.floor(rand() * days);
  const applicants = await repo.demoApplicants(db, 260);
  // The policy values in force, read once per union for the whole load (the demo's values start years back).
  const snapshots = new Map<string, Promise<Map<PolicyKey, number>>>();
  const policiesAt = (path: string) => {
    let p = snapshots.get(path);
    if (!p) snapshots.set(path, (p = getEffectivePolicies(db, { path }, today)));
    return p;
  };
  const sets: repo.DemoFile[] = [];
  const audits: (AuditEvent & { file: number })[] = [];
  let filed = 0;
  for (const [i, a] of applicants.entries()) {
    const policies = await policiesAt(a.path);
    const dibao = policies.get('dibao_monthly');
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
    // Where each file stands: 待核查, 已核查, 公示中, 帮扶中 (most), 已解困脱困, 返困, 已销档.
    const stage = i % 20;
    const steps: ('verify' | 'notice' | 'approve')[] = temporary ? ['verify', 'approve'] : ['verify', 'notice', 'approve'];
    const upTo = stage < 3 ? 0 : stage < 5 ? 1 : stage < 7 && !temporary ? 2 : steps.length;
    const noticeDays = policies.get('hardship_notice_days') ?? NOTICE_DAYS_DEFAULT;
    // The file's days: filed, assessed (入户核查), noticed, approved; files still in the works are recent,
    // files set up were filed from two months to three years ago.
    const through = i < THROUGH_USE_CASES;
    let filedOn: string,
      assessedOn: string,
      noticedOn: string | null = null,
      approvedOn: string | null = null;
    if (through) {
      filedOn = assessedOn = today;
    } else if (upTo < steps.length) {
      noticedOn = upTo === 2 ? addDays(today, -within(noticeDays)) : null;
      assessedOn = noticedOn ? addDays(noticedOn, -1 - within(3)) : addDays(today, -within(20));
      filedOn = addDays(assessedOn, -1 - within(10));
      if (upTo === 0) assessedOn = filedOn;
    } else {
      filedOn = addDays(today, -60 - within(3 * 365 - 60));
      assessedOn = addDays(filedOn, 2 + within(7));
      noticedOn = temporary ? null : addDays(assessedOn, 1 + within(4));
      // Approval only once the public notice has lasted the policy's days.
      approvedOn = noticedOn ? addDays(noticedOn, noticeDays + within(5)) : addDays(assessedOn, 1 + within(3));
    }
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
      assessedOn,
      overrideCategory: null,
      overrideReason: null,
    };
    // What was paid, in order: 生活救助 first, then 医疗 and 助学 (临时救助 alone for a temporary file).
    const aid: { type: keyof typeof ASSISTANCE_LABELS; amountFen: number; fundSource: string; note: string | null; cause: string | null }[] = [];
    if (upTo === steps.length) {
      if (temporary)
        aid.push({ type: 'temp_relief', amountFen: 1_000_00 + Math.floor(rand() * 20) * 100_00, fundSource: 'own_budget', note: null, cause: mainCause });
      else {
        aid.push({ type: 'living', amountFen: dibao * 2, fundSource: 'special_fund', note: '生活救助（两个月）', cause: null });
        if (mainCause === 'serious_illness' || rand() < 0.3)
          aid.push({ type: 'medical', amountFen: 2_000_00 + Math.floor(rand() * 60) * 100_00, fundSource: 'special_fund', note: null, cause: null });
        if (members.some((m) => m.schoolOrEmployer)) aid.push({ type: 'study', amountFen: 3_000_00, fundSource: 'donation', note: '金秋助学', cause: null });
      }
    }
    const exitReason = pick(['家庭成员实现稳定就业', '病情好转，收入恢复', '子女毕业参加工作']);
    const exits = !temporary && upTo === steps.length && stage >= 17;
    const after: CaseAction | null = stage === 19 ? (Math.floor(i / 20) % 2 ? 'reopen' : 'close') : null;
    const afterReason = after === 'reopen' ? '配偶病情复发，家庭收入下降' : '本人退休，转由社区救助';

    if (through) {
      let id: number;
      try {
        id = await fileCase({ db, cipher }, actor, input);
      } catch {
        continue; // a household already filed, or figures that do not qualify
      }
      filed++;
      let version = 1;
      for (const action of steps.slice(0, upTo)) {
        // Files approved here were filed and noticed long enough ago for the notice to have run its course.
        if (action === 'approve' && !temporary) await repo.backdateFiling(db, id, noticeDays + 5);
        version = await transition(db, actor, id, { action, reason: null, version });
      }
      for (const x of aid) await addAssistance(db, actor, id, { ...x, on: today } as Parameters<typeof addAssistance>[3]);
      if (exits) {
        version = await transition(db, actor, id, { action: 'exit', reason: exitReason, version });
        if (after) await transition(db, actor, id, { action: after, reason: afterReason, version });
      }
      continue;
    }

    let assessment;
    try {
      assessment = assessWith(
        {
          dibaoFen: dibao,
          relativeMultiplier: policies.get('relative_hardship_multiplier')!,
          accidentShare: policies.get('accident_cost_share')!,
          migrantMinYears: policies.get('migrant_min_years')!,
        },
        input,
      );
    } catch {
      continue; // figures that do not qualify
    }
    filed++;
    const caseNo = `KN${filedOn.slice(0, 4)}`; // numbered below, in one statement for all
    const events: repo.DemoFile['events'] = [];
    const entries: (AuditEvent & { file: number })[] = [];
    const file = sets.length;
    let status = 'applied' as CaseStatus;
    const step = (action: CaseAction | 'file' | 'assist', on: string, reason: string | null, to?: CaseStatus, summary?: string, more?: object) => {
      const from = status;
      events.push({ action, fromStatus: action === 'file' || !to ? null : from, toStatus: to ?? null, reason, byAccountId: null, at: atOn(on, events.length) });
      if (to) status = to;
      if (action !== 'file' && action !== 'assist')
        entries.push({
          file,
          action: `hardship.${action}`,
          entity: 'hardship_case',
          orgId: a.org_id,
          summary: `困难职工档案 {no}：${CASE_STATUS_LABELS[from]} → ${CASE_STATUS_LABELS[to!]}${reason ? `（${reason}）` : ''}`,
          before: { status: from },
          after: { status: to },
        });
      else if (summary) entries.push({ file, action: `hardship.${action}`, entity: 'hardship_case', orgId: a.org_id, summary, after: more });
    };
    step('file', filedOn, assessment.explanation, 'applied', `${CASE_KIND_LABELS[input.kind]}申请 {no}（${a.name}，${CATEGORY_LABELS[assessment.category]}）`, {
      category: assessment.category,
      explanation: assessment.explanation,
    });
    const days = [assessedOn, noticedOn, approvedOn];
    for (const [k, action] of steps.slice(0, upTo).entries()) step(action, (action === 'approve' ? approvedOn : days[k]) ?? today, null, ACTION_TO[action]);
    const followups: repo.DemoFile['followups'] = [];
    const assistance: repo.DemoFile['assistance'] = [];
    if (approvedOn) {
      // Exits fall from four months to a year and a half after approval, and before today.
      const exitOn = exits ? earlier(addDays(approvedOn, 120 + within(420)), addDays(today, -1 - within(30))) : null;
      const end = exitOn ?? today;
      const span = Math.max(0, (Date.parse(end) - Date.parse(approvedOn)) / 86_400_000);
      const threshold = policies.get('assistance_signoff_threshold') ?? SIGNOFF_THRESHOLD_DEFAULT_FEN;
      for (const [k, x] of aid.entries()) {
        const on = addDays(approvedOn, Math.floor((span * k) / Math.max(aid.length, 2)));
        const paid = x.amountFen <= threshold;
        const pending = paid ? '' : `（超过 ¥${yuan(threshold)}，${ASSISTANCE_STATUS_LABELS.pending}）`;
        const label = ASSISTANCE_LABELS[x.type];
        assistance.push({ orgId: a.org_id, orgPath: a.path, ...x, on, handledBy: null, status: paid ? 'paid' : 'pending', at: atOn(on, k) });
        step('assist', on, `${label} ¥${yuan(x.amountFen)}${pending}`, undefined, `{no} ${label} ¥${yuan(x.amountFen)}${pending}`, {
          ...x,
          on,
          status: paid ? 'paid' : 'pending',
        });
      }
      if (exitOn) {
        step('exit', exitOn, exitReason, 'exited');
        const dueOn = addMonths(exitOn, policies.get('followup_interval_months') ?? 6);
        if (after) {
          const on = earlier(addDays(exitOn, 30 + within(200)), today);
          followups.push({
            dueOn,
            doneOn: on,
            result: `${CASE_ACTION_LABELS[after]}：${afterReason}`,
            hardshipReturned: after === 'reopen' ? true : null,
            byAccountId: null,
          });
          step(after, on, afterReason, ACTION_TO[after]);
        } else followups.push({ dueOn });
      }
    }
    sets.push({
      caseNo,
      kind: input.kind,
      category: assessment.category,
      computedCategory: assessment.computed,
      overrideReason: null,
      explanation: assessment.explanation,
      mainCause,
      secondaryCauses: input.secondaryCauses,
      householdSize: size,
      yearlyIncomeFen: input.yearlyIncomeFen,
      hardshipSpendingFen: spending,
      perCapitaMonthlyFen: assessment.perCapitaMonthlyFen,
      suddenEvent: accident,
      migrantYears: null,
      housing: input.housing,
      housingArea: input.housingArea,
      medicalInsurance: input.medicalInsurance,
      health: input.health,
      disability: input.disability,
      bankName: input.bankName,
      bankAccountEnc: cipher.encrypt('bank_account', input.bankAccount!),
      bankAccountMasked: `${input.bankAccount!.slice(0, 4)} **** **** ${input.bankAccount!.slice(-4)}`,
      assessedOn,
      filedOn,
      orgId: a.org_id,
      personId: a.id,
      status,
      relapsed: after === 'reopen' && status === 'active',
      noticedOn,
      filedBy: null,
      version: events.filter((e) => e.toStatus && e.action !== 'file').length + 1,
      createdAt: atOn(filedOn, 0),
      members: [
        {
          personId: a.id,
          name: a.name,
          relationship: '本人',
          health: input.health,
          monthlyIncomeFen: null,
          schoolOrEmployer: null,
          openFile: status !== 'closed',
        },
        ...members.map((m) => ({ ...m, openFile: status !== 'closed' })),
      ],
      events,
      assistance,
      followups,
    });
    audits.push(...entries);
  }
  // Case numbers by the year filed, then the files, their timelines and their audit entries, each in one statement.
  const numbers = await repo.nextCaseNos(db, sets.length);
  sets.forEach((f, k) => (f.caseNo = `${f.caseNo}${String(numbers[k]).padStart(6, '0')}`));
  const ids = await repo.insertFiles(db, sets);
  await recordAudits(
    db,
    actor,
    audits.map(({ file, summary, ...e }) => ({ ...e, entityId: ids.get(sets[file]!.caseNo)!, summary: summary!.replace('{no}', sets[file]!.caseNo) })),
  );
  return { cases: filed };
}
