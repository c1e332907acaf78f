/**
 * 发放表: a paid run's lines as the finance office and the sign-off sheet want them — one row a
 * person, the level the amount is paid for, the amount in 元 and a column to sign — as an office
 * sheet (.xlsx) or, for a bank's or finance system's import, as CSV (UTF-8 with BOM, so Excel
 * opens it right; text that Excel would take for a formula is quoted with a leading ').
 */
import type { FastifyReply } from 'fastify';
import type { OfficeColumn } from '../../server/xlsx.ts';
import { chinaToday } from '../../shared/dates.ts';
import { yuan } from '../../shared/numbers.ts';
import { ALLOWANCE_KIND_LABELS, HONOUR_LEVEL_LABELS, periodLabel, type AllowanceKind } from './modelworkers.contract.ts';
import type { LineRow } from './allowances.repository.ts';

export function paymentColumns(kind: AllowanceKind, period: string): OfficeColumn<LineRow>[] {
  return [
    { header: '序号', width: 6, type: 'int', value: (_l, i) => i + 1 },
    { header: '姓名', width: 10, value: (l) => l.name },
    { header: '证件号码', width: 20, value: (l) => l.id_masked },
    { header: '所属工会', width: 28, value: (l) => l.org },
    { header: '荣誉等级', width: 20, value: (l) => `${HONOUR_LEVEL_LABELS[l.level]}（${l.honour_year}年）` },
    { header: '津贴类型', width: 10, value: () => ALLOWANCE_KIND_LABELS[kind] },
    { header: '发放期间', width: 10, value: () => periodLabel(period) },
    { header: '金额', width: 12, type: 'fen', value: (l) => Number(l.amount_fen) },
    { header: '领取人签字', width: 14, value: () => '' },
  ];
}

const FORMULA_LEAD = /^[=+\-@\t\r]/;

function csvCell(v: string | number | Date | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = FORMULA_LEAD.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The rows as CSV: the same columns, money in 元 with two decimals. */
export function sendCsv(reply: FastifyReply, title: string, columns: OfficeColumn<LineRow>[], rows: readonly LineRow[]) {
  const lines = [
    columns.map((c) => csvCell(c.header)).join(','),
    ...rows.map((r, i) =>
      columns.map((c) => csvCell(c.type === 'fen' ? yuan(Number(c.value(r, i))).replaceAll(',', '') : (c.value(r, i) as string | number))).join(','),
    ),
  ];
  const name = `${title}-${chinaToday()}.csv`;
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="payment.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(`\uFEFF${lines.join('\r\n')}\r\n`);
}
