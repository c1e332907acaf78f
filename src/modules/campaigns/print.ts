import { breathe, collect, newDocument } from '../../server/pdf.ts';
import QRCode from 'qrcode';
import { yuan } from '../../shared/numbers.ts';

/**
 * Printed paper for a distribution: 领取卡 (one per person, QR code of the pick-up code, cut out
 * and handed over before the day) and 签领表 (the sheet people sign at the point; finance files it
 * as the proof of payment). Vector QR codes and a subset CJK font keep a 2,000-card file small.
 */

export interface PickupCard {
  name: string;
  idMasked: string;
  orgName: string;
  /** What is handed out: the 慰问金 and the goods with their quantities. */
  packageName: string;
  code: string;
  /** Where to collect it: the serving point's name and address. */
  place?: string;
  /** When: the point's opening days and hours. */
  time?: string;
}

export interface PickupCardsInput {
  campaignName: string;
  orgName: string;
  cards: PickupCard[];
}

export interface SignoffRow {
  name: string;
  idMasked: string;
  orgName: string;
  packageName: string;
  amountFen: number;
}

export interface SignoffSheetInput {
  campaignName: string;
  pointName: string;
  orgName: string;
  rows: SignoffRow[];
}

// ---------------------------------------------------------------- text that never overflows

interface Fitted {
  lines: string[];
  size: number;
}

/** Advance between lines of one block: tighter than the font's own 1.45 em, which is meant for prose. */
const LEADING = 1.25;

// 避头: closing punctuation never starts a line.
const NO_LINE_START = /^[）)】」』》〉、，。：；！？,.:;!?…%]/;

function breakLines(doc: PDFKit.PDFDocument, text: string, width: number, maxLines: number): string[] | null {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && doc.widthOfString(line + ch) > width) {
      let carry = ch;
      if (NO_LINE_START.test(ch) && [...line].length > 1) {
        const chars = [...line];
        carry = chars.pop() + ch;
        line = chars.join('');
      }
      lines.push(line);
      if (lines.length === maxLines) return null;
      line = carry.trimStart();
    } else {
      line += ch;
    }
  }
  lines.push(line);
  return lines;
}

function heightOf(doc: PDFKit.PDFDocument, lines: number, size: number): number {
  doc.fontSize(size);
  return (lines - 1) * LEADING * size + doc.currentLineHeight(true);
}

/**
 * Shrinks the type from `size` down to `minSize`, breaking between characters into at most
 * `maxLines` lines within `maxHeight`; what still does not fit ends in "…". Names and org names
 * run long.
 */
function fit(doc: PDFKit.PDFDocument, text: string, width: number, size: number, minSize: number, maxLines = 1, maxHeight = Number.POSITIVE_INFINITY): Fitted {
  const clean = text.replace(/[ \t\r\n]+/g, ' ').trim();
  for (let s = size; s >= minSize; s -= 0.5) {
    doc.fontSize(s);
    if (doc.widthOfString(clean) <= width) return { lines: [clean], size: s };
    if (maxLines > 1) {
      const lines = breakLines(doc, clean, width, maxLines);
      if (lines && heightOf(doc, lines.length, s) <= maxHeight) return { lines, size: s };
    }
  }
  doc.fontSize(minSize);
  let room = maxLines;
  while (room > 1 && heightOf(doc, room, minSize) > maxHeight) room--;
  const kept = (breakLines(doc, clean, width, Number.MAX_SAFE_INTEGER) ?? [clean]).slice(0, room);
  let last = kept[kept.length - 1] ?? '';
  while (last && doc.widthOfString(`${last}…`) > width) last = [...last].slice(0, -1).join('');
  kept[kept.length - 1] = `${last}…`;
  return { lines: kept, size: minSize };
}

type Align = 'left' | 'center' | 'right';

/** Draws fitted lines with their block's top at `y`; returns the block height. */
function put(doc: PDFKit.PDFDocument, f: Fitted, x: number, y: number, width: number, align: Align = 'left'): number {
  doc.fontSize(f.size);
  f.lines.forEach((line, i) => {
    const w = doc.widthOfString(line);
    const dx = align === 'left' ? 0 : align === 'center' ? (width - w) / 2 : width - w;
    doc.text(line, x + dx, y + i * LEADING * f.size, { lineBreak: false });
  });
  return heightOf(doc, f.lines.length, f.size);
}

function blockHeight(doc: PDFKit.PDFDocument, f: Fitted): number {
  return heightOf(doc, f.lines.length, f.size);
}

// ---------------------------------------------------------------- 领取卡

const A4 = { short: 595.28, long: 841.89 };
const CARD_COLS = 2;
const CARD_ROWS = 4;
const CARDS_PER_PAGE = CARD_COLS * CARD_ROWS;
const SHEET_MARGIN = 28; // ≈ 10 mm: inside what office printers can reach
const FOOTER = 40;
const CARD_W = (A4.short - 2 * SHEET_MARGIN) / CARD_COLS;
const CARD_H = (A4.long - SHEET_MARGIN - FOOTER) / CARD_ROWS;
const PAD = 12;
const QR_BOX = 104; // ≈ 37 mm including the 4-module quiet zone: phones read it at arm's length

/** The QR symbol as filled rectangles, one per run of dark modules; one fill for the whole path. */
function drawQr(doc: PDFKit.PDFDocument, code: string, x: number, y: number, box: number) {
  const { size, data } = QRCode.create(code, { errorCorrectionLevel: 'M' }).modules;
  const m = box / (size + 8);
  const ox = x + 4 * m;
  const oy = y + 4 * m;
  for (let r = 0; r < size; r++) {
    let c = 0;
    while (c < size) {
      if (!data[r * size + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && data[r * size + c]) c++;
      doc.rect(ox + start * m, oy + r * m, (c - start) * m, m);
    }
  }
  doc.fillColor('#000').fill('nonzero');
}

function drawCard(doc: PDFKit.PDFDocument, card: PickupCard, title: Fitted, x: number, y: number) {
  const innerW = CARD_W - 2 * PAD;
  doc.font('cjk').fillColor('#888');
  put(doc, { lines: ['领取卡'], size: 9 }, x + CARD_W - PAD - 30, y + PAD + 2, 30, 'right');
  doc.fillColor('#000');
  put(doc, title, x + PAD, y + PAD, innerW - 36);
  const ruleY = y + PAD + 20;
  doc
    .moveTo(x + PAD, ruleY)
    .lineTo(x + CARD_W - PAD, ruleY)
    .lineWidth(0.5)
    .strokeColor('#bbb')
    .stroke();

  const top = ruleY + 8;
  const qrX = x + CARD_W - PAD - QR_BOX;
  drawQr(doc, card.code, qrX, top, QR_BOX);
  doc.font('Courier').fillColor('#000');
  put(doc, fit(doc, card.code, QR_BOX, 10, 6), qrX, top + QR_BOX, QR_BOX, 'center');

  const lx = x + PAD;
  const lw = qrX - 10 - lx;
  doc.font('cjk');
  let ly = top + 2;
  ly += put(doc, fit(doc, card.name, lw, 18, 10), lx, ly, lw) + 4;
  const field = (label: string, value: string, maxLines: number) => {
    doc.fillColor('#777');
    ly += put(doc, { lines: [label], size: 8 }, lx, ly, lw);
    doc.fillColor('#000');
    ly += put(doc, fit(doc, value, lw, 10.5, 7.5, maxLines), lx, ly, lw) + 3;
  };
  field('身份证号', card.idMasked, 1);
  field('单位', card.orgName, card.place || card.time ? 1 : 2);
  field('慰问品', card.packageName, 2);

  // Where and when, across the card under the QR code.
  const where = [card.place && `领取地点：${card.place}`, card.time && `领取时间：${card.time}`].filter(Boolean).join('\n');
  if (where) {
    const by = Math.max(ly, top + QR_BOX + 14);
    const room = y + CARD_H - PAD + 4 - by;
    doc.fillColor('#000');
    let wy = by;
    for (const line of where.split('\n')) {
      const f = fit(doc, line, innerW, 8.5, 6, 2, room / 2);
      wy += put(doc, f, x + PAD, wy, innerW) + 1;
    }
  }
}

/** Cut lines: each card draws its top and left edge, and its right/bottom edge only where no card follows. */
function drawCutLines(doc: PDFKit.PDFDocument, count: number) {
  doc.save().dash(4, { space: 3 }).lineWidth(0.5).strokeColor('#999');
  for (let i = 0; i < count; i++) {
    const col = i % CARD_COLS;
    const x = SHEET_MARGIN + col * CARD_W;
    const y = SHEET_MARGIN + Math.floor(i / CARD_COLS) * CARD_H;
    doc.moveTo(x, y).lineTo(x + CARD_W, y);
    doc.moveTo(x, y).lineTo(x, y + CARD_H);
    if (col === CARD_COLS - 1 || i + 1 >= count) doc.moveTo(x + CARD_W, y).lineTo(x + CARD_W, y + CARD_H);
    if (i + CARD_COLS >= count) doc.moveTo(x, y + CARD_H).lineTo(x + CARD_W, y + CARD_H);
  }
  doc.stroke().undash().restore();
}

function drawFooter(doc: PDFKit.PDFDocument, page: number, pages: number, left: string, pageWidth: number, pageHeight: number, margin: number) {
  doc.font('cjk').fillColor('#555');
  const y = pageHeight - margin + 6;
  put(doc, { lines: [`第 ${page} 页 共 ${pages} 页`], size: 9 }, margin, y, pageWidth - 2 * margin, 'center');
  put(doc, fit(doc, left, pageWidth / 2 - margin - 50, 8, 6), margin, y + 1, pageWidth / 2 - margin - 50);
}

/** 领取卡: A4 portrait, 8 cards a page (2 × 4) with dashed cut lines; a card per person. */
export async function renderPickupCards(input: PickupCardsInput): Promise<Buffer> {
  const doc = newDocument(`${input.campaignName} 领取卡`, 'portrait');
  const bytes = collect(doc);
  doc.font('cjk');
  const title = fit(doc, input.campaignName, CARD_W - 2 * PAD - 36, 11, 7);
  const pages = Math.max(1, Math.ceil(input.cards.length / CARDS_PER_PAGE));
  for (let p = 0; p < pages; p++) {
    doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    const onPage = input.cards.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE);
    if (onPage.length === 0) {
      doc.font('cjk').fillColor('#000');
      put(doc, { lines: ['（名单为空）'], size: 12 }, SHEET_MARGIN, SHEET_MARGIN, A4.short - 2 * SHEET_MARGIN);
    }
    drawCutLines(doc, onPage.length);
    onPage.forEach((card, i) => {
      drawCard(doc, card, title, SHEET_MARGIN + (i % CARD_COLS) * CARD_W, SHEET_MARGIN + Math.floor(i / CARD_COLS) * CARD_H);
    });
    drawFooter(doc, p + 1, pages, `${input.orgName} · ${input.campaignName}`, A4.short, A4.long, FOOTER - 8);
    await breathe();
  }
  doc.end();
  return bytes;
}

// ---------------------------------------------------------------- 签领表

interface Column {
  header: string;
  width: number;
  align: Align;
  maxLines: number;
  value: (row: SignoffRow, index: number) => string;
}

const SHEET_W = A4.long;
const SHEET_H = A4.short;
const SIGN_MARGIN = 34; // 12 mm
const TABLE_TOP = 78;
const HEADER_H = 24;
const ROW_H = 25.5; // 9 mm: room for a handwritten signature
const TABLE_BOTTOM = SHEET_H - 40;
const SIGN_BLOCK = 56; // 合计 + 经办人/审核人 lines under the table on the last page
const ROWS_PER_PAGE = Math.floor((TABLE_BOTTOM - TABLE_TOP - HEADER_H) / ROW_H);
const ROWS_ON_LAST_PAGE = Math.floor((TABLE_BOTTOM - TABLE_TOP - HEADER_H - SIGN_BLOCK) / ROW_H);

const FIXED_COLUMNS: Column[] = [
  { header: '序号', width: 34, align: 'center', maxLines: 1, value: (_, i) => String(i + 1) },
  { header: '姓名', width: 72, align: 'left', maxLines: 1, value: (r) => r.name },
  { header: '身份证号', width: 130, align: 'left', maxLines: 1, value: (r) => r.idMasked },
  { header: '单位', width: 170, align: 'left', maxLines: 2, value: (r) => r.orgName },
  { header: '慰问品', width: 120, align: 'left', maxLines: 2, value: (r) => r.packageName },
  { header: '金额(元)', width: 66, align: 'right', maxLines: 1, value: (r) => yuan(r.amountFen) },
  { header: '领取日期', width: 78, align: 'left', maxLines: 1, value: () => '' },
];
const SIGN_COLUMNS: Column[] = [
  ...FIXED_COLUMNS,
  {
    header: '签字',
    width: SHEET_W - 2 * SIGN_MARGIN - FIXED_COLUMNS.reduce((sum, c) => sum + c.width, 0),
    align: 'left',
    maxLines: 1,
    value: () => '',
  },
];
const TABLE_W = SIGN_COLUMNS.reduce((sum, c) => sum + c.width, 0);

/** Full pages, except that the signature lines never sit alone on a page of their own. */
function paginate<T>(rows: T[]): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_PAGE) pages.push(rows.slice(i, i + ROWS_PER_PAGE));
  const last = pages[pages.length - 1];
  if (!last) return [[]];
  if (last.length > ROWS_ON_LAST_PAGE) pages.push(last.splice(ROWS_ON_LAST_PAGE));
  return pages;
}

function drawSheetHead(doc: PDFKit.PDFDocument, input: SignoffSheetInput, count: number) {
  const w = SHEET_W - 2 * SIGN_MARGIN;
  doc.font('cjk').fillColor('#000');
  put(doc, fit(doc, `${input.campaignName} 签领表`, w, 16, 10), SIGN_MARGIN, 26, w, 'center');
  doc.fillColor('#333');
  put(doc, fit(doc, `发放点：${input.pointName}\u3000\u3000单位：${input.orgName}`, w - 120, 10, 7), SIGN_MARGIN, 54, w - 120);
  put(doc, { lines: [`共 ${count} 人`], size: 10 }, SIGN_MARGIN + w - 120, 54, 120, 'right');
}

function drawTable(doc: PDFKit.PDFDocument, rows: SignoffRow[], firstIndex: number) {
  const x0 = SIGN_MARGIN;
  const bottom = TABLE_TOP + HEADER_H + rows.length * ROW_H;
  doc.rect(x0, TABLE_TOP, TABLE_W, HEADER_H).fillColor('#eeeeee').fill();

  doc.font('cjk').fillColor('#000');
  let x = x0;
  for (const col of SIGN_COLUMNS) {
    const f = fit(doc, col.header, col.width - 6, 10, 7);
    put(doc, f, x + 3, TABLE_TOP + (HEADER_H - blockHeight(doc, f)) / 2, col.width - 6, 'center');
    x += col.width;
  }
  rows.forEach((row, i) => {
    const y = TABLE_TOP + HEADER_H + i * ROW_H;
    let cx = x0;
    for (const col of SIGN_COLUMNS) {
      const text = col.value(row, firstIndex + i);
      if (text) {
        const f = fit(doc, text, col.width - 6, 10, 7, col.maxLines, ROW_H - 3);
        put(doc, f, cx + 3, y + (ROW_H - blockHeight(doc, f)) / 2, col.width - 6, col.align);
      }
      cx += col.width;
    }
  });

  doc.lineWidth(0.5).strokeColor('#000');
  for (let i = 0; i <= rows.length; i++) {
    const y = TABLE_TOP + HEADER_H + i * ROW_H;
    doc.moveTo(x0, y).lineTo(x0 + TABLE_W, y);
  }
  x = x0;
  for (const col of SIGN_COLUMNS.slice(0, -1)) {
    x += col.width;
    doc.moveTo(x, TABLE_TOP).lineTo(x, bottom);
  }
  doc.stroke();
  doc
    .lineWidth(1)
    .rect(x0, TABLE_TOP, TABLE_W, bottom - TABLE_TOP)
    .stroke();
  return bottom;
}

/** 签领表: A4 landscape, one row a person with empty 领取日期 and 签字 cells for handwriting. */
export async function renderSignoffSheet(input: SignoffSheetInput): Promise<Buffer> {
  const doc = newDocument(`${input.campaignName} 签领表`, 'landscape');
  const bytes = collect(doc);
  const pages = paginate(input.rows);
  let index = 0;
  for (const [p, rows] of pages.entries()) {
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    drawSheetHead(doc, input, input.rows.length);
    const bottom = drawTable(doc, rows, index);
    index += rows.length;
    if (p === pages.length - 1) {
      const total = input.rows.reduce((sum, r) => sum + r.amountFen, 0);
      doc.font('cjk').fillColor('#000');
      put(doc, { lines: [`合计：${input.rows.length} 人，金额 ${yuan(total)} 元`], size: 10.5 }, SIGN_MARGIN, bottom + 10, TABLE_W);
      put(doc, { lines: ['经办人：＿＿＿＿  审核人：＿＿＿＿  日期：＿＿＿＿'], size: 11 }, SIGN_MARGIN, bottom + 32, TABLE_W);
    }
    drawFooter(doc, p + 1, pages.length, `${input.orgName} · ${input.pointName}`, SHEET_W, SHEET_H, 32);
    await breathe();
  }
  doc.end();
  return bytes;
}
