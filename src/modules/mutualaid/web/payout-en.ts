/**
 * The payout's words in English. The server writes a claim's explanation and a plan's formula in
 * Chinese (payout.ts), and the explanation is kept with the claim as it was written, so English
 * mode reads them back through the sentence shapes payout.ts makes: each shape here answers one
 * there (a test runs the formula over every case and finds no Chinese left). A text of no known
 * shape is returned as null, and the caller shows it as it came.
 */
const M = '([\\d,]+\\.\\d{2})元';
const money = (s: string) => `¥${s}`;

type Shape = [RegExp, (m: RegExpExecArray) => string];
const line = (pattern: string, render: (m: RegExpExecArray) => string): Shape => [new RegExp(`^${pattern}$`), render];

const SHAPES: Shape[] = [
  // A claim's parts (computePayout)
  line('住院津贴：未填写住院天数，本项不计', () => 'Hospital allowance: days in hospital not given, not counted'),
  line(`住院津贴：住院 (\\d+) 天，(?:自第 (\\d+) 天起)?计 (\\d+) 天(?:（最多给付 (\\d+) 天）)? × 每天 ${M} = ${M}`, (m) =>
    [
      `Hospital allowance: ${m[1]} days in hospital; counted`,
      m[2] ? ` from day ${m[2]}` : '',
      `: ${m[3]} days`,
      m[4] ? ` (at most ${m[4]} paid)` : '',
      ` × ${money(m[5]!)} a day = ${money(m[6]!)}`,
    ].join(''),
  ),
  line('医疗费补助：未填写自付医疗费用，本项不计', () => 'Medical costs: out-of-pocket costs not given, not counted'),
  line(
    `医疗费补助：自付费用 ${M} 未超过起付线 ${M}，本项为 0`,
    (m) => `Medical costs: out-of-pocket ${money(m[1]!)} not above the deductible ${money(m[2]!)}, 0`,
  ),
  line(
    `医疗费补助：（自付费用 ${M} − 起付线 ${M}）× ([\\d.]+)% = ${M}`,
    (m) => `Medical costs: (out-of-pocket ${money(m[1]!)} − deductible ${money(m[2]!)}) × ${m[3]}% = ${money(m[4]!)}`,
  ),
  line('伤残给付：未评定伤残等级，本项不计', () => 'Disability: no disability grade assessed, not counted'),
  line('伤残给付：(\\d+) 级伤残不在本计划给付表内，本项为 0', (m) => `Disability: grade ${m[1]} is not in this plan's table, 0`),
  line(`伤残给付：(\\d+) 级伤残，按给付表 ${M}`, (m) => `Disability: grade ${m[1]}, ${money(m[2]!)} by the table`),
  line(`确诊给付：已确诊，一次性给付 ${M}`, (m) => `On diagnosis: diagnosed, a lump sum of ${money(m[1]!)}`),
  line('确诊给付：未确诊，本项不计', () => 'On diagnosis: not diagnosed, not counted'),
  line(`合计 ${M}`, (m) => `Total ${money(m[1]!)}`),
  line(`超过单次限额 ${M}，按限额给付`, (m) => `Above the per-claim cap of ${money(m[1]!)}: the cap is paid`),
  line(
    `本保障期已给付 ${M}，年度限额 ${M} 仅余 ${M}，超出部分 ${M} 不予给付`,
    (m) => `${money(m[1]!)} already paid this term; of the yearly cap of ${money(m[2]!)} only ${money(m[3]!)} is left, so ${money(m[4]!)} is not paid`,
  ),
  line(
    `累计已给付 ${M}，终身限额 ${M} 仅余 ${M}，超出部分 ${M} 不予给付`,
    (m) => `${money(m[1]!)} paid so far; of the lifetime cap of ${money(m[2]!)} only ${money(m[3]!)} is left, so ${money(m[4]!)} is not paid`,
  ),
  // A plan's formula (describeFormula)
  line(
    `住院津贴：(?:住院第 (\\d+) 天起|住院)每天 ${M}(?:，最多 (\\d+) 天)?`,
    (m) => `Hospital allowance: ${money(m[2]!)} a day${m[1] ? ` from day ${m[1]} in hospital` : ' in hospital'}${m[3] ? `, at most ${m[3]} days` : ''}`,
  ),
  line(
    `医疗费补助：自付费用超过起付线 ${M} 的部分按 ([\\d.]+)% 给付`,
    (m) => `Medical costs: ${m[2]}% of out-of-pocket costs above the deductible of ${money(m[1]!)}`,
  ),
  line(
    `伤残给付：((?:\\d+ 级 [\\d,]+\\.\\d{2}元(?:，)?)+)`,
    (m) => `Disability: ${[...m[1]!.matchAll(/(\d+) 级 ([\d,]+\.\d{2})元/g)].map((g) => `grade ${g[1]} ${money(g[2]!)}`).join(', ')}`,
  ),
  line(`确诊给付：一次性 ${M}`, (m) => `On diagnosis: a lump sum of ${money(m[1]!)}`),
  line(`单次最高 ${M}`, (m) => `At most ${money(m[1]!)} a claim`),
  line(`每个保障期累计最高 ${M}`, (m) => `At most ${money(m[1]!)} a term`),
  line(`终身累计最高 ${M}`, (m) => `At most ${money(m[1]!)} for life`),
];

function oneLine(s: string): string | null {
  for (const [re, render] of SHAPES) {
    const m = re.exec(s);
    if (m) return render(m);
  }
  return null;
}

/** One payout line, a formula's line, or a whole explanation in English; null for a text of no known shape. */
export function payoutInEnglish(s: string): string | null {
  const whole = new RegExp(`^按计划计算(?:应给付 ${M}| ${M}，受限额约束应给付 ${M})。(.*)。$`).exec(s);
  if (!whole) return oneLine(s);
  const lines = whole[4]!.split('；').map(oneLine);
  if (lines.some((l) => l === null)) return null;
  const head = whole[1]
    ? `Payable under the plan: ${money(whole[1])}.`
    : `Computed under the plan: ${money(whole[2]!)}; within the caps, payable: ${money(whole[3]!)}.`;
  return `${head} ${lines.join('; ')}.`;
}

/** How a page shows a payout text: in English through the shapes above, else as `tx` shows server text. */
export function payoutText(i18n: { locale: string; tx: (s: string) => string }, s: string): string {
  return (i18n.locale === 'en' && payoutInEnglish(s)) || i18n.tx(s);
}
