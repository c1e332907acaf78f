/**
 * 组织导入: a sheet of orgs with their parents, checked row by row, applied all or nothing.
 * A parent may be an existing org of the importer's subtree (by name, division code or credit
 * code) or a row higher up in the same sheet. A row whose org already exists under the same parent
 * (same name) is left unchanged, so importing the same file twice changes nothing.
 */
import type { Db } from '../../server/db.ts';
import { authorize, type Actor } from '../../server/actor.ts';
import { scopeOf } from '../../server/scope.ts';
import { AppError, Invalid } from '../../server/errors.ts';
import { dataRows, labelLookup, mapHeader, normaliseDate, rowErrors, tooManyRows, type SheetRow } from '../../server/imports.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './orgs.repository.ts';
import { checkDivision, insertChildOrg } from './orgs.service.ts';
import { CreateOrgInput, ORG_IMPORT_COLUMNS, ORG_TYPE_LABELS, ORG_TYPES, canContain, type OrgImportResult, type OrgType } from './orgs.contract.ts';

const MAX_ROWS = 5000;

interface PlannedRow {
  row: number;
  /** Index of the planned row that is the parent, or the id of an existing org. */
  parent: { planned: number } | { existing: repo.OrgRow };
  input: Omit<CreateOrgInput, 'parentId'>;
  existing?: { id: number };
}

type ColumnKey = (typeof ORG_IMPORT_COLUMNS)[number]['key'];

// The labels, and the other ways staff write the types.
const typeByLabel = labelLookup(ORG_TYPE_LABELS, {
  自治区总工会: 'provincial',
  省总工会: 'provincial',
  市总工会: 'city',
  盟总工会: 'city',
  地市总工会: 'city',
  旗县总工会: 'county',
  县总工会: 'county',
  区总工会: 'county',
  旗总工会: 'county',
  县区总工会: 'county',
  村级工会: 'village',
  社区工会: 'village',
  联合基层工会: 'joint',
});

/** Checks every row and resolves parents; applies nothing. */
async function plan(db: Db, actor: Actor, rows: SheetRow[]) {
  const sheet = mapHeader(rows[0]?.cells ?? [], ORG_IMPORT_COLUMNS);
  if (sheet.errors.length) return { planned: [], errors: sheet.errors, dataRows: 0 };
  const body = dataRows(rows);
  if (body.length > MAX_ROWS) return { planned: [], errors: [tooManyRows(body.length, MAX_ROWS)], dataRows: body.length };

  const errors = rowErrors(ORG_IMPORT_COLUMNS);
  const cell = sheet.cell;
  const parentKeys = [...new Set(body.map((r) => cell(r.cells, 'parent')).filter(Boolean))];
  const known = await repo.findByKeys(db, scopeOf(actor), parentKeys);
  const planned: PlannedRow[] = [];
  const plannedByName = new Map<string, number[]>();

  for (const r of body) {
    const { cells, row } = r;
    const before = errors.list.length;
    const err = (key: ColumnKey, message: string) => errors.add(row, key, message);
    // A name from a formula, a phone or credit code from a number cell: reported once, not checked again.
    const spoiled = sheet.spoiled(r, errors);
    const typeText = cell(cells, 'type');
    const type = typeByLabel.get(typeText);
    if (!type) err('type', typeText ? `无法识别的组织类型「${typeText}」，可填：${ORG_TYPES.map((t) => ORG_TYPE_LABELS[t]).join('、')}` : '请填写组织类型');
    const foundedText = cell(cells, 'foundedOn');
    const foundedOn = foundedText ? normaliseDate(foundedText) : undefined;
    if (foundedText && !foundedOn) err('foundedOn', `成立日期「${foundedText}」不是有效日期`);

    const parsed = CreateOrgInput.omit({ parentId: true }).safeParse({
      name: cell(cells, 'name'),
      shortName: cell(cells, 'shortName'),
      type: type ?? 'grassroots',
      divisionCode: cell(cells, 'divisionCode'),
      creditCode: cell(cells, 'creditCode'),
      address: cell(cells, 'address'),
      contactName: cell(cells, 'contactName'),
      contactPhone: cell(cells, 'contactPhone'),
      foundedOn: foundedOn ?? '',
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) if (!spoiled.has(issue.path[0] as ColumnKey)) err(String(issue.path[0]) as ColumnKey, issue.message);
    }

    // Parent: a row above in this sheet, else an existing org of the subtree.
    const parentText = cell(cells, 'parent');
    let parent: PlannedRow['parent'] | undefined;
    if (!parentText) err('parent', '请填写上级组织');
    else {
      const matches = known.filter((o) => o.name === parentText || o.divisionCode === parentText || o.creditCode === parentText);
      // Rows above that will create a new org (a row naming an existing org is that org).
      const inSheet = (plannedByName.get(parentText) ?? []).filter((i) => !matches.some((m) => m.id === planned[i]!.existing?.id));
      if (inSheet.length + matches.length === 1) parent = inSheet.length ? { planned: inSheet[0]! } : { existing: matches[0]! };
      else if (inSheet.length + matches.length > 1) err('parent', `「${parentText}」对应多个组织，请改填其行政区划代码或统一社会信用代码`);
      else err('parent', `在您的管辖范围内找不到上级组织「${parentText}」（须是已有组织或本表中更靠前的行）`);
    }

    if (parsed.success && type && parent) {
      const parentRow = 'existing' in parent ? parent.existing : undefined;
      const parentPlan = 'planned' in parent ? planned[parent.planned]! : undefined;
      const parentType: OrgType = parentRow?.type ?? parentPlan!.input.type;
      const parentDivision = parentRow ? parentRow.divisionCode : parentPlan!.input.divisionCode;
      if (!canContain(parentType, type)) err('type', `「${ORG_TYPE_LABELS[parentType]}」下不能设立「${ORG_TYPE_LABELS[type]}」`);
      try {
        checkDivision(type, parsed.data.divisionCode, { divisionCode: parentDivision });
      } catch (e) {
        if (e instanceof AppError) err('divisionCode', e.message);
        else throw e;
      }
      if (parentRow?.status === 'inactive') err('parent', `上级组织「${parentRow.name}」已停用`);
    }

    if (errors.list.length > before) continue;
    const input = parsed.data!;
    const dupInSheet = planned.find((p) => p.input.name === input.name && JSON.stringify(p.parent) === JSON.stringify(parent));
    if (dupInSheet) {
      err('name', `与第 ${dupInSheet.row} 行重复（同一上级下同名）`);
      continue;
    }
    // Already there (same name under the same existing parent): left as it is.
    const parentId = 'existing' in parent! ? parent.existing.id : planned[parent!.planned]!.existing?.id;
    const existing = parentId ? await repo.findSiblingByName(db, parentId, input.name) : undefined;
    planned.push({ row, parent: parent!, input, existing });
    plannedByName.set(input.name, [...(plannedByName.get(input.name) ?? []), planned.length - 1]);
  }
  return { planned, errors: errors.list, dataRows: body.length };
}

/**
 * Checks a sheet (`apply: false`) or applies it in one transaction (`apply: true`), the latter
 * only when every row is valid.
 */
export async function importOrgs(db: Db, actor: Actor, rows: SheetRow[], { apply }: { apply: boolean }): Promise<OrgImportResult> {
  authorize(actor, 'org:write');
  const { planned, errors, dataRows } = await plan(db, actor, rows);
  if (dataRows === 0 && errors.length === 0) throw new Invalid('表格中没有数据行');
  const toCreate = planned.filter((p) => !p.existing);
  const summary = { rows: dataRows, toCreate: toCreate.length, unchanged: planned.length - toCreate.length, errors };
  if (!apply || errors.length) return { applied: false, ...summary };

  await db.transaction(async (tx) => {
    const created: number[] = [];
    for (const p of planned) {
      let parentId: number;
      if ('existing' in p.parent) parentId = p.parent.existing.id;
      else {
        const parentPlan = planned[p.parent.planned]!;
        parentId = parentPlan.existing?.id ?? created[p.parent.planned]!;
      }
      if (p.existing) {
        created[planned.indexOf(p)] = p.existing.id;
        continue;
      }
      const row = await insertChildOrg(tx, actor, { ...p.input, parentId });
      created[planned.indexOf(p)] = row.id;
    }
    await recordAudit(tx, actor, {
      action: 'import',
      entity: 'org',
      orgId: actor.orgId,
      summary: `导入组织 ${toCreate.length} 个（${summary.unchanged} 个已存在未改动）`,
    });
  });
  return { applied: true, ...summary };
}
