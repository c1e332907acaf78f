/**
 * PDF documents with Chinese text (pdfkit and a CJK font found on the server): what printed cards,
 * sheets and notices share.
 */
import QRCode from 'qrcode';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

// ---------------------------------------------------------------- font

interface CjkFont {
  path: string;
  /** PostScript name of the face inside a .ttc collection. */
  family?: string;
}

const FONT_MISSING = '服务器未安装中文字体，无法生成 PDF（请安装 fonts-noto-cjk，或用 NIANGJIA_PDF_FONT 指定字体文件）';

// Debian/Ubuntu (fonts-noto-cjk), Fedora, Arch, Alpine, then WenQuanYi, then macOS for development.
const FONT_CANDIDATES: CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansSC-Regular.otf' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
  { path: '/System/Library/Fonts/STHeiti Light.ttc', family: 'STHeitiSC-Light' },
];

let cachedFont: CjkFont | undefined;

/**
 * NIANGJIA_PDF_FONT is a font file; for a .ttc collection, name the face after '#'
 * (`/path/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular`, which is also the default face).
 */
function findCjkFont(): CjkFont {
  if (cachedFont) return cachedFont;
  const fromEnv = process.env.NIANGJIA_PDF_FONT?.trim();
  let found: CjkFont | undefined;
  if (fromEnv) {
    const [path = '', family] = fromEnv.split('#');
    if (!existsSync(path)) throw new Error(`找不到 NIANGJIA_PDF_FONT 指定的字体文件：${path}`);
    found = { path, family: family || (/\.ttc$/i.test(path) ? 'NotoSansCJKsc-Regular' : undefined) };
  } else {
    found = FONT_CANDIDATES.find((f) => existsSync(f.path));
  }
  if (!found) throw new Error(FONT_MISSING);
  cachedFont = found;
  return found;
}

export function newDocument(title: string, layout: 'portrait' | 'landscape'): PDFKit.PDFDocument {
  const font = findCjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    layout,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: title, Creator: '娘家人 工会职工服务平台' },
  });
  if (font.family) doc.registerFont('cjk', font.path, font.family);
  else doc.registerFont('cjk', font.path);
  return doc;
}

/** Collects the document's bytes as pages are written; resolves after `doc.end()`. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** A one-page A4 portrait document (a poster, a certificate): its first page begun in black CJK text, and its bytes once ended. */
export function portraitPage(title: string): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = newDocument(title, 'portrait');
  const bytes = collect(doc);
  doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
  doc.font('cjk').fillColor('#000');
  return { doc, bytes };
}

/** Lets other requests run between pages: a 250-page sheet takes a few seconds of CPU. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The QR symbol as filled rectangles, one per run of dark modules, with a 4-module quiet zone. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, box: number) {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const m = box / (size + 8);
  for (let r = 0; r < size; r++) {
    let c = 0;
    while (c < size) {
      if (!data[r * size + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && data[r * size + c]) c++;
      doc.rect(x + 4 * m + start * m, y + 4 * m + r * m, (c - start) * m, m);
    }
  }
  doc.fillColor('#000').fill('nonzero');
}
