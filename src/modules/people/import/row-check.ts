/**
 * Checking one roster row: every cell validated and normalised (labels or codes accepted, the
 * usual ways staff write them), identifiers encrypted and indexed, pinyin keys computed; the
 * result is one COPY line for the staging table. Runs in worker threads (pure, no database).
 */
import { FieldCipher } from '../../../server/crypto.ts';
import { copyArray, copyField } from '../../../server/copy-format.ts';
import { personPinyinKeys } from '../../../server/text.ts';
// The light module of cell readers, not server/imports.ts: a worker thread loads only what it runs.
import { cellRuleOf, labelLookup as lookup, normaliseDate, storageProblem, type SheetRow } from '../../../server/cells.ts';
import { isValidCreditCode } from '../../../shared/ids.ts';
import { protectId, protectPhone } from '../identity.ts';
import { EDUCATION_LABELS, EMPLOYMENT_FORM_LABELS, ETHNICITIES, HUKOU_LABELS, POLITICAL_LABELS, WORK_STATUS_LABELS } from '../people.contract.ts';
import { PERSON_IMPORT_FIELDS, type ImportMapping, type PersonImportField } from '../people-import.contract.ts';

export interface RowCheckSetup {
  key: Uint8Array;
  today: string;
  jobId: string;
  mapping: ImportMapping;
  /** Org name, short name, division or credit code → ids in the importer's subtree. */
  orgs: Record<string, number[]>;
  /** Occupation label or code → code. */
  occupations: Record<string, string>;
}

export interface CheckedBatch {
  /** The batch's COPY lines, UTF-8 encoded (handed back without copying). */
  lines: Uint8Array;
  rows: number;
  errorRows: number;
  /** For each row without errors, its identity key's prefix (see `identityKeyPrefix`) and its row number, in pairs: the file's own duplicates are looked for among these. */
  keys: Int32Array;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The first five characters of a blind index (30 bits, base64url) as a small integer. Two rows
 * with the same ID number have the same prefix; two different numbers share one rarely (about
 * n²/2³¹ pairs in n rows), so the database has to compare only the rows whose prefix repeats.
 */
export function identityKeyPrefix(bidx: string): number {
  let n = 0;
  for (let i = 0; i < 5; i++) n = (n << 6) | B64URL.indexOf(bidx[i]!);
  return n;
}

const LABEL = Object.fromEntries(PERSON_IMPORT_FIELDS.map((f) => [f.key, f.label])) as Record<PersonImportField, string>;
/** The fields whose cells a number or formula cell can spoil (身份证号, 手机号, 姓名, codes), by their labels. */
const RULED = PERSON_IMPORT_FIELDS.flatMap((f) => {
  const rule = cellRuleOf(f.label);
  return rule ? [{ key: f.key as PersonImportField, label: f.label as string, rule }] : [];
});

const EMPLOYMENT = lookup(EMPLOYMENT_FORM_LABELS, { 劳动合同: 'standard', 合同制: 'standard', 新业态: 'new_form', 平台就业: 'new_form', 灵活用工: 'flexible' });
const WORK = lookup(WORK_STATUS_LABELS, { 在职: 'on_duty', 离岗: 'laid_off', 已退休: 'retired', 病假: 'sick_leave' });
const HUKOU = lookup(HUKOU_LABELS, { 城镇: 'urban', 非农业: 'urban', 非农业户口: 'urban', 城市: 'urban', 农村: 'rural', 农业: 'rural', 农业户口: 'rural' });
const POLITICAL = lookup(POLITICAL_LABELS, { 党员: 'party_member', 预备党员: 'probationary_member', 团员: 'league_member', 无党派: 'independent' });
const EDUCATION = lookup(EDUCATION_LABELS, {
  博士: 'postgraduate',
  硕士: 'postgraduate',
  博士研究生: 'postgraduate',
  硕士研究生: 'postgraduate',
  本科: 'bachelor',
  大学: 'bachelor',
  大专: 'college',
  专科: 'college',
  中专: 'secondary_vocational',
  技校: 'secondary_vocational',
  职高: 'secondary_vocational',
  中技: 'secondary_vocational',
  高中: 'high_school',
  初中: 'junior_high',
  小学: 'primary',
  文盲: 'none',
  半文盲: 'none',
});
const ETHNICITY = new Set<string>(ETHNICITIES);

/**
 * A batch's COPY lines, each encoded into one growing buffer as it is made: joining thousands of
 * lines into one string and encoding that costs several times more.
 */
class LineBuffer {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private pos = 0;
  push(line: string) {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.pos + line.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    this.pos += this.buf.write(line, this.pos);
  }
  /** The bytes written, in a buffer of their own (not from Node's shared pool, so it can be moved to another thread). */
  take(): Uint8Array {
    const out = new Uint8Array(this.buf.buffer, 0, this.pos);
    this.buf = Buffer.allocUnsafeSlow(this.buf.length);
    this.pos = 0;
    return out;
  }
}

export function createRowChecker(setup: RowCheckSetup) {
  const out = new LineBuffer();
  const cipher = new FieldCipher(Buffer.from(setup.key));
  // Names repeat (王伟, 李娜 …): their pinyin, the costliest part of a row after the crypto, is kept.
  const pinyinMemo = new Map<string, ReturnType<typeof personPinyinKeys>>();
  const pinyinOf = (name: string) => {
    let keys = pinyinMemo.get(name);
    if (!keys) {
      if (pinyinMemo.size >= 200_000) pinyinMemo.clear();
      keys = personPinyinKeys(name);
      pinyinMemo.set(name, keys);
    }
    return keys;
  };
  // Column of each field (-1 when not mapped). Readers hand over trimmed cells.
  const index = Object.fromEntries(PERSON_IMPORT_FIELDS.map((f) => [f.key, setup.mapping[f.key] ?? -1])) as Record<PersonImportField, number>;
  const ruled = RULED.filter((f) => index[f.key] >= 0).map((f) => ({ ...f, i: index[f.key] }));
  // The row being checked and its problems: one set of helpers for all rows, not new closures per row.
  let cells: string[] = [];
  let errors: { column: string; message: string }[] | null = null;
  /** The fields of the row whose storage lost what staff typed: reported once, not read. */
  let spoiled: PersonImportField[] | null = null;
  const col = (key: PersonImportField) => {
    const i = index[key];
    return i < 0 ? '' : (cells[i] ?? '');
  };
  const err = (key: PersonImportField, message: string) => (errors ??= []).push({ column: LABEL[key], message });
  const optional = <T extends string>(key: PersonImportField, map: Map<string, T>, what: string): T | null => {
    const v = col(key);
    if (!v) return null;
    const code = map.get(v);
    if (!code) err(key, `无法识别的${what}「${v}」`);
    return code ?? null;
  };
  const text = (key: PersonImportField, max: number) => {
    const v = col(key);
    if (v.length > max) err(key, `${LABEL[key]}不能超过 ${max} 个字`);
    return v || null;
  };
  const NULLS = Array(28).fill('\\N').join('\t');
  /** Codes, dates, digits and base64 need no COPY escaping; only free text does. */
  const code = (v: string | number | null | undefined) => (v === null || v === undefined ? '\\N' : v);

  /** Checks one data row (row number as in the sheet, header = 1) and appends its COPY line. */
  function checkRow({ cells: row, rowNo, storage }: SheetRow, keys: number[]): boolean {
    cells = row;
    errors = null;
    spoiled = null;
    for (const f of ruled) {
      const problem = storageProblem(f.rule, f.label, row[f.i] ?? '', storage?.[f.i]);
      if (problem) {
        err(f.key, problem);
        (spoiled ??= []).push(f.key);
      }
    }
    const ok = (key: PersonImportField) => spoiled === null || !spoiled.includes(key);

    const rawName = col('name');
    const name = /\s/.test(rawName) ? rawName.replace(/\s+/g, '') : rawName;
    if (!name) err('name', '请填写姓名');
    else if (name.length > 50 && ok('name')) err('name', '姓名不能超过 50 个字');

    // An ID number from a number cell is never read: rounded to 15 digits it can still pass the
    // check digit, and would be someone else (of the other sex).
    const rawId = col('idNumber');
    const id = !ok('idNumber') ? { problem: '' } : rawId ? protectId(cipher, rawId, setup.today) : { problem: '请填写身份证号' };
    if ('problem' in id && id.problem) err('idNumber', id.problem);

    const phone = ok('phone') ? protectPhone(cipher, col('phone') || null) : { problem: '' };
    if ('problem' in phone && phone.problem) err('phone', phone.problem);

    // Blank 所属工会: the import's default union for new people, the person's own for known ones.
    const orgText = col('org');
    let orgId: number | null = null;
    if (orgText) {
      const ids = setup.orgs[orgText];
      if (!ids?.length) err('org', `所属工会「${orgText}」不存在或不在您的管辖范围内`);
      else if (ids.length > 1) err('org', `所属工会「${orgText}」对应多个组织，请改填其统一社会信用代码`);
      else orgId = ids[0]!;
    }

    const occupationText = col('occupation');
    const occupation = occupationText ? (setup.occupations[occupationText] ?? null) : null;
    if (occupationText && !occupation) err('occupation', `无法识别的职业「${occupationText}」（可在职业代码表中添加）`);

    const ethnicityText = col('ethnicity');
    const ethnicity = !ethnicityText ? null : ETHNICITY.has(ethnicityText) ? ethnicityText : ETHNICITY.has(`${ethnicityText}族`) ? `${ethnicityText}族` : null;
    if (ethnicityText && !ethnicity) err('ethnicity', `无法识别的民族「${ethnicityText}」`);

    const employmentForm = optional('employmentForm', EMPLOYMENT, '用工形式');
    const workStatus = optional('workStatus', WORK, '工作状态');
    const hukouType = optional('hukouType', HUKOU, '户口类型');
    const politicalStatus = optional('politicalStatus', POLITICAL, '政治面貌');
    const education = optional('education', EDUCATION, '文化程度');

    const creditCode = col('employerCreditCode').toUpperCase();
    if (creditCode && ok('employerCreditCode') && !isValidCreditCode(creditCode)) err('employerCreditCode', '单位统一社会信用代码无效');

    const joinedText = col('joinedOn');
    const joinedOn = joinedText ? normaliseDate(joinedText) : undefined;
    if (joinedText && !joinedOn) err('joinedOn', `入会日期「${joinedText}」不是有效日期`);
    else if (joinedOn && joinedOn > setup.today) err('joinedOn', '入会日期不能晚于今天');

    const employerName = text('employerName', 100);
    const address = text('address', 200);
    const notes = text('notes', 500);
    const memberNo = text('memberNo', 30);
    const tagText = col('tags');
    const tags = tagText ? [...new Set(tagText.split(/[、,，;；\s]+/).filter(Boolean))].slice(0, 20) : [];

    if (errors) {
      out.push(`${setup.jobId}\t${rowNo}\terror\t${copyField(JSON.stringify(errors))}\t${NULLS}\n`);
      return false;
    }
    const okId = id as Exclude<typeof id, { problem: string }>;
    const okPhone = phone as Exclude<typeof phone, { problem: string }>;
    keys.push(identityKeyPrefix(okId.idNumberBidx), rowNo);
    const pinyin = pinyinOf(name);
    out.push(
      `${setup.jobId}\t${rowNo}\tnew\t\\N\t${copyField(name)}\t${pinyin.full}\t${pinyin.initials}\t${okId.sex}\t${okId.birthDate}\t${okId.idType}\t` +
        `${okId.idNumberEnc}\t${okId.idNumberBidx}\t${okId.idMasked}\t${okId.idLast4}\t${code(okPhone.phoneEnc)}\t${code(okPhone.phoneBidx)}\t${code(okPhone.phoneMasked)}\t${code(orgId)}\t` +
        `${copyField(employerName)}\t${code(creditCode || null)}\t${code(occupation)}\t${code(employmentForm)}\t${code(workStatus)}\t` +
        `${code(ethnicity)}\t${code(hukouType)}\t${code(politicalStatus)}\t${code(education)}\t${copyField(address)}\t` +
        `${tags.length ? copyArray(tags) : '\\N'}\t${copyField(notes)}\t${copyField(memberNo)}\t${code(joinedOn ?? null)}\n`,
    );
    return true;
  }

  return {
    checkBatch(rows: SheetRow[]): CheckedBatch {
      const keys: number[] = [];
      let errorRows = 0;
      for (const r of rows) if (!checkRow(r, keys)) errorRows++;
      return { lines: out.take(), rows: rows.length, errorRows, keys: Int32Array.from(keys) };
    },
  };
}
