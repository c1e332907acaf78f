/**
 * 疗休养评分: an applicant's points from the policy's weights, one explained line per factor, and
 * the reasons that exclude them (age, health declaration). Pure: the service reads the facts and
 * the policy values; the same facts always give the same score and lines.
 */
import { EMPLOYMENT_FORM_LABELS } from '../people/people.contract.ts';
import { FRONTLINE_OCCUPATIONS, MODEL_WORKER_TAGS, type ScoreLineView, type ScoringWeights } from './recuperation.contract.ts';

export interface ApplicantFacts {
  birthDate: string;
  tags: readonly string[];
  occupation: string | null;
  occupationLabel: string | null;
  employmentForm: string | null;
  /** 入会日期, null for a non-member. */
  joinedOn: string | null;
  /** The departure day of the last batch the person was selected for, if any. */
  lastTripOn: string | null;
  healthDeclared: boolean;
}

export interface Scored {
  score: number;
  serviceYears: number;
  explanation: ScoreLineView[];
  excludedReason: string | null;
  age: number;
}

/** Whole years between two days (YYYY-MM-DD). */
export function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return Math.max(0, to.slice(5) < from.slice(5) ? years - 1 : years);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Scores one applicant on the batch's departure day (`on`). */
export function scoreApplicant(f: ApplicantFacts, w: ScoringWeights, on: string): Scored {
  const lines: ScoreLineView[] = [];
  const honour = MODEL_WORKER_TAGS.find((t) => f.tags.includes(t));
  lines.push(
    honour
      ? { factor: 'model_worker', label: '劳模', detail: `档案标签“${honour}”`, points: w.recuperation_weight_model_worker }
      : { factor: 'model_worker', label: '劳模', detail: '无劳模荣誉', points: 0 },
  );
  const serviceYears = f.joinedOn ? yearsBetween(f.joinedOn, on) : 0;
  const counted = Math.min(serviceYears, w.recuperation_service_years_cap);
  lines.push({
    factor: 'service',
    label: '会龄',
    detail: f.joinedOn
      ? `入会 ${serviceYears} 年 × ${w.recuperation_weight_service_year} 分/年${serviceYears > counted ? `（最多计 ${counted} 年）` : ''}`
      : '非会员，不计会龄',
    points: round1(counted * w.recuperation_weight_service_year),
  });
  const frontline = f.occupation !== null && (FRONTLINE_OCCUPATIONS as readonly string[]).includes(f.occupation);
  lines.push({
    factor: 'frontline',
    label: '一线和高危岗位',
    detail: frontline ? `职业：${f.occupationLabel ?? f.occupation}` : f.occupationLabel ? `职业：${f.occupationLabel}（不属一线岗位）` : '未登记职业',
    points: frontline ? w.recuperation_weight_frontline : 0,
  });
  const newForm = f.employmentForm === 'new_form';
  lines.push({
    factor: 'new_form',
    label: '新就业形态',
    detail: newForm
      ? '用工形式：新就业形态'
      : `用工形式：${f.employmentForm ? (EMPLOYMENT_FORM_LABELS[f.employmentForm as keyof typeof EMPLOYMENT_FORM_LABELS] ?? f.employmentForm) : '未登记'}`,
    points: newForm ? w.recuperation_weight_new_form : 0,
  });
  const n = w.recuperation_interval_years;
  const recent = f.lastTripOn !== null && yearsBetween(f.lastTripOn, on) < n;
  lines.push({
    factor: 'no_recent_trip',
    label: `近 ${n} 年未参加`,
    detail: f.lastTripOn ? `上次疗休养 ${f.lastTripOn}${recent ? `（${n} 年内）` : ''}` : '此前未参加疗休养',
    points: recent ? 0 : w.recuperation_weight_no_recent_trip,
  });
  const age = yearsBetween(f.birthDate, on);
  let excludedReason: string | null = null;
  if (age > w.recuperation_max_age) excludedReason = `出发日年满 ${age} 周岁，超过年龄上限 ${w.recuperation_max_age} 周岁`;
  else if (!f.healthDeclared) excludedReason = '未确认健康声明';
  // Scores are whole points: the per-year weight may have a decimal, the total is rounded once.
  const score = Math.round(lines.reduce((s, l) => s + l.points, 0));
  return { score, serviceYears, explanation: lines, excludedReason, age };
}

/**
 * The stated tie-break (TIE_BREAK): higher score, then longer membership, then the earlier
 * application, then the lower id. Excluded applicants come after everyone ranked.
 */
export function compareApplicants(
  a: { score: number; serviceYears: number; createdAt: Date; id: number; excluded: boolean },
  b: { score: number; serviceYears: number; createdAt: Date; id: number; excluded: boolean },
): number {
  if (a.excluded !== b.excluded) return a.excluded ? 1 : -1;
  return b.score - a.score || b.serviceYears - a.serviceYears || a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}
