/**
 * 台账导入: a union's existing hardship ledger (.xlsx) moved in. Every row is checked (the worker
 * must be in the registry of the importer's subtree; causes, numbers and dates valid; the category
 * recomputed from the figures and the policy, a different one in the sheet kept with its reason),
 * then all rows are written in one transaction or none. A worker who already has an open file is
 * skipped, so importing the same sheet twice changes nothing.
 */
import type { Db } from '../../server/db.ts';
import type { FieldCipher } from '../../server/crypto.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { dataRows, fenOfYuan, labelLookup, mapHeader, normaliseDate, rowErrors, tooManyRows, type SheetRow } from '../../server/imports.ts';
import { chinaToday } from '../../shared/dates.ts';
import { parseIdNumber } from '../../shared/idcard.ts';
import { recordAudit } from '../audit/index.ts';
import { idIndex } from '../people/index.ts';
import { getEffectivePolicy } from '../policies/index.ts';
import { assessCategory } from './hardship.category.ts';
import * as repo from './cases.repository.ts';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CAUSE_LABELS,
  CAUSES,
  HOUSING_LABELS,
  HOUSING_TYPES,
  LEDGER_IMPORT_COLUMNS,
  type Category,
  type Cause,
} from './hardship.contract.ts';
import type * as H from './hardship.contract.ts';
import type { z } from '../../shared/contract.ts';

const MAX_ROWS = 20_000;

const CAUSE_BY_LABEL = labelLookup(CAUSE_LABELS);
const CATEGORY_BY_LABEL = labelLookup(Object.fromEntries(CATEGORIES.map((c) => [c, CATEGORY_LABELS[c]])) as Record<Category, string>);
const HOUSING_BY_LABEL = labelLookup(HOUSING_LABELS);

interface Planned {
  row: number;
  person: { id: number; org_id: number; path: string; name: string };
  category: Category;
  computed: Category | 'none';
  overrideReason: string | null;
  explanation: string;
  perCapita: number;
  mainCause: Cause;
  secondary: Cause[];
  size: number;
  income: number;
  spending: number;
  housing: string;
  assessedOn: string;
  filedOn: string;
}

export async function importLedger(
  deps: { db: Db; cipher: FieldCipher },
  actor: Actor,
  rows: SheetRow[],
  opts: { apply: boolean },
): Promise<z.infer<typeof H.LedgerImportResult>> {
  authorize(actor, 'hardship:write');
  const { db, cipher } = deps;
  const sheet = mapHeader(rows[0]?.cells ?? [], LEDGER_IMPORT_COLUMNS);
  if (sheet.errors.length) return { applied: false, rows: 0, created: 0, skipped: 0, errors: sheet.errors };
  const body = dataRows(rows);
  if (body.length > MAX_ROWS) return { applied: false, rows: body.length, created: 0, skipped: 0, errors: [tooManyRows(body.length, MAX_ROWS)] };
  const cell = sheet.cell;
  const today = chinaToday();
  const rowErrorList = rowErrors(LEDGER_IMPORT_COLUMNS);
  const { list: errors, add: err } = rowErrorList;

  // An ID number from a number cell (digits lost: it could be someone else's), a name from a
  // formula: reported, and the ID is not looked up.
  const spoiled = body.map((r) => sheet.spoiled(r, rowErrorList));
  // Identity numbers first, looked up in one query.
  const ids = body.map((r, i) => {
    if (spoiled[i]!.has('idNumber')) return null;
    const parsed = parseIdNumber(cell(r.cells, 'idNumber'), today);
    if (!parsed.ok) err(r.row, 'idNumber', parsed.message);
    return parsed.ok ? idIndex(cipher, parsed.number) : null;
  });
  const found = new Map((await repo.personsByIdIndex(db, scopeOf(actor), [...new Set(ids.filter((x): x is string => !!x))])).map((p) => [p.bidx, p]));
  const seen = new Map<number, number>();
  const planned: Planned[] = [];
  let skipped = 0;
  const policies = new Map<string, Awaited<ReturnType<typeof getEffectivePolicy>>>();
  const policy = async (path: string, key: Parameters<typeof getEffectivePolicy>[2], day: string) => {
    const k = `${path}|${key}|${day}`;
    if (!policies.has(k)) policies.set(k, await getEffectivePolicy(db, { path }, key, day));
    return policies.get(k)?.value ?? null;
  };

  for (const [i, r] of body.entries()) {
    const before = errors.length;
    const bidx = ids[i];
    const person = bidx ? found.get(bidx) : undefined;
    if (bidx && !person) err(r.row, 'idNumber', '职工档案中没有此人（或不在本单位及下级），请先登记职工档案');
    if (person && !spoiled[i]!.has('name') && cell(r.cells, 'name') !== person.name) err(r.row, 'name', `姓名与职工档案不一致（档案为“${person.name}”）`);
    if (person && seen.has(person.id)) err(r.row, 'idNumber', `与第 ${seen.get(person.id)} 行是同一人，一户只建一档`);
    if (person) seen.set(person.id, r.row);
    const mainCause = CAUSE_BY_LABEL.get(cell(r.cells, 'mainCause'));
    if (!mainCause) err(r.row, 'mainCause', `主要致困原因应为：${CAUSES.map((c) => CAUSE_LABELS[c]).join('、')}`);
    const secondary: Cause[] = [];
    for (const part of cell(r.cells, 'secondaryCauses')
      .split(/[、,，;；\s]+/)
      .filter(Boolean)) {
      const c = CAUSE_BY_LABEL.get(part);
      if (!c) err(r.row, 'secondaryCauses', `无法识别的致困原因“${part}”`);
      else if (c !== mainCause && !secondary.includes(c)) secondary.push(c);
    }
    if (secondary.length > 3) err(r.row, 'secondaryCauses', '次要致困原因最多 3 项');
    const size = Number(cell(r.cells, 'householdSize'));
    if (!Number.isInteger(size) || size < 1 || size > 16) err(r.row, 'householdSize', '家庭人口应为 1–16 的整数');
    const income = fenOfYuan(cell(r.cells, 'yearlyIncome'));
    if (income === null) err(r.row, 'yearlyIncome', '家庭年可支配收入应为金额（元），如 22032 或 22032.50');
    const spendingText = cell(r.cells, 'hardshipSpending');
    const spending = spendingText ? fenOfYuan(spendingText) : 0;
    if (spending === null) err(r.row, 'hardshipSpending', '刚性支出应为金额（元）');
    const housingText = cell(r.cells, 'housing');
    const housing = housingText ? HOUSING_BY_LABEL.get(housingText) : 'own';
    if (!housing) err(r.row, 'housing', `住房情况应为：${HOUSING_TYPES.map((h) => HOUSING_LABELS[h]).join('、')}`);
    const assessedOn = normaliseDate(cell(r.cells, 'assessedOn')) ?? '';
    if (!assessedOn || assessedOn > today) err(r.row, 'assessedOn', '核定日期应为不晚于今天的日期（格式：2025-12-17）');
    const filedText = cell(r.cells, 'filedOn');
    const filedOn = filedText ? (normaliseDate(filedText) ?? '') : assessedOn;
    if (!filedOn || filedOn > today) err(r.row, 'filedOn', '建档日期应为不晚于今天的日期（格式：2025-12-17）');
    const categoryText = cell(r.cells, 'category');
    const sheetCategory = categoryText ? CATEGORY_BY_LABEL.get(categoryText) : undefined;
    if (categoryText && !sheetCategory) err(r.row, 'category', `困难类别应为：${CATEGORIES.map((c) => CATEGORY_LABELS[c]).join('、')}`);
    if (errors.length > before || !person) continue;
    if (person.open_case) {
      skipped++;
      continue;
    }
    const dibao = await policy(person.path, 'dibao_monthly', assessedOn);
    const multiplier = await policy(person.path, 'relative_hardship_multiplier', assessedOn);
    if (dibao === null || multiplier === null) {
      err(r.row, 'assessedOn', `核定日期 ${assessedOn} 时本单位的低保标准或相对困难线倍数尚未设置`);
      continue;
    }
    const a = assessCategory(
      { yearlyIncomeFen: income!, hardshipSpendingFen: spending!, householdSize: size, suddenEvent: false, migrantYears: null },
      {
        dibaoFen: dibao,
        relativeMultiplier: multiplier,
        accidentShare: (await policy(person.path, 'accident_cost_share', assessedOn)) ?? 0.8,
        migrantMinYears: (await policy(person.path, 'migrant_min_years', assessedOn)) ?? 1,
      },
    );
    const category = sheetCategory ?? a.category;
    if (!category) {
      err(r.row, 'yearlyIncome', `${a.explanation}；如原台账另有认定，请在“困难类别”列写明`);
      continue;
    }
    planned.push({
      row: r.row,
      person,
      category,
      computed: a.category ?? 'none',
      overrideReason: category !== a.category ? `导入：原台账认定为${CATEGORY_LABELS[category]}` : null,
      explanation: a.explanation,
      perCapita: a.perCapitaMonthlyFen,
      mainCause: mainCause!,
      secondary,
      size,
      income: income!,
      spending: spending!,
      housing: housing!,
      assessedOn,
      filedOn,
    });
  }
  const result = { applied: false, rows: body.length, created: 0, skipped, errors };
  if (errors.length || !opts.apply) return { ...result, created: opts.apply ? 0 : planned.length };

  await db.transaction(async (tx) => {
    for (const p of planned) {
      const row = await repo.insertCase(tx, {
        caseNo: await repo.nextCaseNo(tx, p.filedOn.slice(0, 4)),
        kind: 'full',
        orgId: p.person.org_id,
        personId: p.person.id,
        status: 'active',
        category: p.category,
        computedCategory: p.computed,
        overrideReason: p.overrideReason,
        explanation: p.explanation,
        mainCause: p.mainCause,
        secondaryCauses: p.secondary,
        householdSize: p.size,
        yearlyIncomeFen: p.income,
        hardshipSpendingFen: p.spending,
        perCapitaMonthlyFen: p.perCapita,
        housing: p.housing,
        assessedOn: p.assessedOn,
        filedOn: p.filedOn,
        filedBy: actor.accountId,
      });
      await repo.replaceMembers(tx, row.id, [{ caseId: row.id, personId: p.person.id, name: p.person.name, relationship: '本人' }]);
      await repo.insertEvent(tx, {
        caseId: row.id,
        action: 'import',
        toStatus: 'active',
        reason: `由原台账导入（第 ${p.row} 行）：${p.explanation}`,
        byAccountId: actor.accountId,
      });
    }
    await recordAudit(tx, actor, {
      action: 'hardship.import',
      entity: 'hardship_case',
      orgId: actor.orgId,
      summary: `导入困难职工台账：新建 ${planned.length} 户，已有档案跳过 ${skipped} 户`,
      after: { rows: body.length, created: planned.length, skipped },
    });
  });
  return { ...result, applied: true, created: planned.length };
}
