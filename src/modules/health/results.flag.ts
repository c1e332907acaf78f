/**
 * Whether a result line is abnormal (异常): the hospital's own flag column first — what its
 * laboratory system prints beside a value (↑ ↓ H L 阳性 异常 …) — and, where it gave none, the
 * value against the reference range (3.9-6.1, <5.2, ≥1.0, 阴性).
 */

const ABNORMAL_FLAGS = new Set([
  '↑',
  '↓',
  'h',
  'l',
  'hh',
  'll',
  '高',
  '低',
  '偏高',
  '偏低',
  '异常',
  '阳性',
  '+',
  '++',
  '+++',
  '*',
  'a',
  'abn',
  'abnormal',
  'p',
  'y',
  '是',
]);
const NORMAL_FLAGS = new Set(['', '-', '—', 'n', '正常', '阴性', 'normal', '否']);

export type FlagReading = { abnormal: boolean } | { problem: string };

/** A hospital's flag cell: abnormal, normal, or not one of the marks hospitals use. */
export function readFlag(flag: string): boolean | undefined {
  const f = flag.trim().toLowerCase().replace(/\s+/g, '');
  if (NORMAL_FLAGS.has(f)) return false;
  if (ABNORMAL_FLAGS.has(f)) return true;
  return undefined;
}

const NUM = String.raw`[-+]?\d+(?:\.\d+)?`;
const RANGE = new RegExp(String.raw`^(${NUM})\s*(?:-|~|～|－|—|–|至)\s*(${NUM})$`);
const BOUND = new RegExp(String.raw`^(<|≤|<=|＜|>|≥|>=|＞)\s*(${NUM})$`);

/** Whether a value lies outside a reference range; undefined when either cannot be compared. */
export function outsideRange(value: string, range: string): boolean | undefined {
  const r = range.trim();
  const v = value.trim();
  if (!r) return undefined;
  if (r === '阴性' || r === '阴性(-)' || r === '-') return v === '' ? undefined : !/^(阴性|-|（-）|\(-\)|negative|neg)$/i.test(v);
  const n = Number(v);
  if (!/^[-+]?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) return undefined;
  const m = RANGE.exec(r);
  if (m) return n < Number(m[1]) || n > Number(m[2]);
  const b = BOUND.exec(r);
  if (b) {
    const x = Number(b[2]);
    switch (b[1]) {
      case '<':
      case '＜':
        return !(n < x);
      case '≤':
      case '<=':
        return !(n <= x);
      case '>':
      case '＞':
        return !(n > x);
      default:
        return !(n >= x);
    }
  }
  return undefined;
}

/** The line's verdict: the hospital's flag when it gave one it recognises, else the range. */
export function judgeLine(value: string, range: string, flag: string): FlagReading {
  if (flag.trim()) {
    const f = readFlag(flag);
    if (f === undefined) return { problem: `无法识别的异常标志「${flag.trim()}」（可用：↑、↓、H、L、阳性、异常、正常、阴性）` };
    if (f) return { abnormal: true };
    // The hospital said normal: the range may still say otherwise (a flag column left at its default).
  }
  return { abnormal: outsideRange(value, range) === true };
}
