/**
 * 职工名册导入: upload (.xlsx, or .csv in UTF-8 or GB18030) → map columns (usual Chinese
 * headers recognised) → check every row in the background → download the errors or confirm →
 * all rows applied in one transaction. Re-importing the same file changes nothing.
 */
import { z, id, int } from '../../shared/contract.ts';

export const PERSON_IMPORT_FIELDS = [
  { key: 'name', label: '姓名', required: true, aliases: ['姓名', '职工姓名', '名字', '人员姓名'] },
  { key: 'idNumber', label: '身份证号', required: true, aliases: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '证件号', '身份证'] },
  { key: 'phone', label: '手机号', required: false, aliases: ['手机号', '手机号码', '手机', '联系电话', '电话', '联系方式'] },
  { key: 'org', label: '所属工会', required: false, aliases: ['所属工会', '工会', '基层工会', '工会名称', '所在工会'] },
  { key: 'employerName', label: '工作单位', required: false, aliases: ['工作单位', '单位', '单位名称', '所在单位', '用人单位'] },
  { key: 'employerCreditCode', label: '单位统一社会信用代码', required: false, aliases: ['单位统一社会信用代码', '统一社会信用代码', '单位信用代码'] },
  { key: 'occupation', label: '职业', required: false, aliases: ['职业', '工种', '岗位', '职业类别'] },
  { key: 'employmentForm', label: '用工形式', required: false, aliases: ['用工形式', '就业形式', '用工类型'] },
  { key: 'workStatus', label: '工作状态', required: false, aliases: ['工作状态', '在岗状态', '就业状态'] },
  { key: 'ethnicity', label: '民族', required: false, aliases: ['民族'] },
  { key: 'hukouType', label: '户口类型', required: false, aliases: ['户口类型', '户籍类型', '户口性质', '户籍性质'] },
  { key: 'politicalStatus', label: '政治面貌', required: false, aliases: ['政治面貌'] },
  { key: 'education', label: '文化程度', required: false, aliases: ['文化程度', '学历', '最高学历'] },
  { key: 'address', label: '住址', required: false, aliases: ['住址', '家庭住址', '现住址', '地址', '居住地址'] },
  { key: 'tags', label: '标签', required: false, aliases: ['标签', '人员类别', '人员标签'] },
  { key: 'notes', label: '备注', required: false, aliases: ['备注', '说明'] },
  { key: 'memberNo', label: '会员编号', required: false, aliases: ['会员编号', '会员号', '会员证号'] },
  { key: 'joinedOn', label: '入会日期', required: false, aliases: ['入会日期', '入会时间'] },
] as const;

export type PersonImportField = (typeof PERSON_IMPORT_FIELDS)[number]['key'];
export const PERSON_IMPORT_KEYS = PERSON_IMPORT_FIELDS.map((f) => f.key) as [PersonImportField, ...PersonImportField[]];

/** Column index (0-based) for each field, null when the file has no such column. */
export const ImportMapping = z.partialRecord(z.enum(PERSON_IMPORT_KEYS), int('列号', { min: 0, max: 500 }).nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportUpload = z.object({
  jobId: z.string().uuid(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.string().nullable(),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  mapping: ImportMapping,
});
export type ImportUpload = z.infer<typeof ImportUpload>;

export const ImportCheckInput = z.object({
  mapping: ImportMapping,
  /**
   * The union for new people whose 所属工会 is blank (“所属工会为空的行导入到”), chosen by the
   * importer; without it such rows are errors. Required when no column is 所属工会.
   */
  defaultOrgId: id('所属工会为空的行导入到').nullish(),
});

export const ImportApplyInput = z.object({
  /** Required when most rows match people already registered: they will be updated. */
  confirmUpdates: z.boolean().default(false),
});

/** What a check found; kept in the job's result. */
export const ImportSummary = z.object({
  rows: z.number().int(),
  new: z.number().int(),
  unchanged: z.number().int(),
  update: z.number().int(),
  errorRows: z.number().int(),
  errors: z.number().int(),
  /** More than half the valid rows are people already registered: applying asks first. */
  mostlyExisting: z.boolean(),
  applied: z.object({ inserted: z.number().int(), updated: z.number().int(), members: z.number().int() }).nullable(),
  /**
   * After an apply, the near-duplicate scan of the importer's subtree runs (the import is already
   * done): null while it runs, then the pairs it newly queued for review.
   */
  duplicates: z.object({ found: z.number().int(), likely: z.number().int(), failed: z.boolean().optional() }).nullable().optional(),
  /**
   * Cells whose storage lost what staff typed, by column: ID numbers or phones from number cells
   * (Excel keeps 15 digits), in exponent form, names from formulas — shown before anything is imported.
   */
  cellFormat: z.array(z.object({ column: z.string(), message: z.string(), rows: z.number().int() })).optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** A problem with one cell of an imported row: kept with the row, listed in the error report. */
export const ImportCellError = z.object({ column: z.string(), message: z.string() });
export type ImportCellError = z.infer<typeof ImportCellError>;

export const ImportIdParams = z.object({ id: z.string().uuid('任务编号无效') });
