/**
 * The English dictionaries. Each module's pages look up their own namespace, then the common
 * words (see dictionaries.ts), so:
 * - a Chinese key is defined once for any page: never in a namespace and in the common words;
 * - every literal UI string passed to t('…') is translated in the namespace of the file that says
 *   it — the English switch must not fall back to Chinese on a page someone forgot to translate;
 * - a word two modules translate differently is never borrowed by a third.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/paths.ts';
import { COMMON, NAMESPACES, contested, lookupFor } from './dictionaries.ts';
import { plural } from './format.ts';
import { PORTAL_NAMESPACES, portalLookupFor } from '../m/dictionaries.ts';

const src = path.join(projectRoot(), 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The namespace a file's t() calls look up: its module's, or the shell's for src/web. */
function namespaceOf(file: string): string | null {
  const rel = path.relative(src, file).split(path.sep);
  // The worker portal (src/web/m, src/modules/<m>/portal) has dictionaries of its own: see below.
  if (rel[0] === 'web' && rel[1] === 'm') return null;
  if (rel[0] === 'web') return 'shell';
  if (rel[0] === 'modules' && rel[2] === 'web') return rel[1]!;
  return null;
}

const webFiles = files(src).filter((f) => namespaceOf(f) !== null && !/(\.test|\.e2e|[/\\]en|shell\.en|dictionaries)\.ts$/.test(f));

describe('English dictionaries', () => {
  it('has one namespace per module that has web pages', () => {
    const modules = fs.readdirSync(path.join(src, 'modules')).filter((m) => fs.existsSync(path.join(src, 'modules', m, 'web', 'en.ts')));
    expect(Object.keys(NAMESPACES).sort()).toEqual(['shell', ...modules].sort());
  });

  it('never defines a key both in a namespace and in the common words', () => {
    const twice: string[] = [];
    for (const [ns, dict] of Object.entries(NAMESPACES)) {
      for (const [zh, en] of Object.entries(dict)) {
        if (zh in COMMON) twice.push(`${ns}: ${zh} → "${en}", common: "${COMMON[zh]}"`);
      }
    }
    expect(twice).toEqual([]);
  });

  it('translates every literal passed to t() in the namespace of the file that says it', () => {
    const missing: string[] = [];
    let keys = 0;
    for (const f of webFiles) {
      const ns = namespaceOf(f)!;
      const own = NAMESPACES[ns] ?? {};
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) {
        keys++;
        if (!(m[1]! in own) && !(m[1]! in COMMON)) missing.push(`${path.relative(src, f)}: ${m[1]}`);
      }
    }
    expect(keys).toBeGreaterThan(1000);
    expect(missing).toEqual([]);
  });

  it('has module pages take their language hooks from their own namespace', () => {
    const wrong = webFiles
      .filter((f) => namespaceOf(f) !== 'shell' && !f.endsWith(`${path.sep}i18n.ts`))
      .filter((f) => /from '[./]*web\/i18n\/index\.tsx'/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(src, f));
    expect(wrong).toEqual([]);
  });

  it('does not lend a word two namespaces translate differently to a page of a third', () => {
    const differ = contested({ a: { 单位: 'Union', 金额: 'Amount' }, b: { 单位: 'Employer', 金额: 'Amount' } });
    expect([...differ.keys()]).toEqual(['单位']);
    for (const [zh, byNs] of contested()) {
      const outsider = lookupFor({});
      expect(outsider(zh) === undefined || zh in COMMON, `${zh}: ${JSON.stringify(byNs)}`).toBe(true);
      for (const [ns, en] of Object.entries(byNs)) expect(lookupFor(NAMESPACES[ns]!)(zh)).toBe(en);
    }
  });

  it('chooses the English word for each count', () => {
    expect(plural('{n} {n:person|people}', { n: 1 })).toBe('{n} person');
    expect(plural('{n} {n:person|people}', { n: 3 })).toBe('{n} people');
    expect(plural('{n} {n:entry|entries}, {a} {a:anchor|anchors}', { n: 0, a: 1 })).toBe('{n} entries, {a} anchor');
    expect(plural('{n} {n:person|people}', { n: '1,234' })).toBe('{n} people');
  });

  it('gives a counted English noun its singular too: “{n} people” is written “{n} {n:person|people}”', () => {
    const bare: string[] = [];
    for (const [ns, dict] of Object.entries({ common: COMMON, ...NAMESPACES })) {
      for (const [zh, en] of Object.entries(dict)) {
        // A count in Chinese is a placeholder followed by a measure word: {n} 人, {n} 个组织, {n} 次.
        for (const [, k] of zh.matchAll(/\{(\w+)\}\s?[人个条户次行对项名份处岁位张家笔件]/g)) {
          const noun = new RegExp(`\\{${k}\\} (?:(?!(?:and|with|of|in|to|at|by|or|for|is|are|was|were|has|have)\\b)[a-z-]+ )?(?:people|[a-z-]+s)\\b`);
          if (noun.test(en) && !en.includes(`{${k}:`)) bare.push(`${ns}: ${zh} → "${en}" ({${k}})`);
        }
      }
    }
    expect(bare).toEqual([]);
  });
});

/** The portal namespace of a portal file: the nearest folder above it with an `en.ts`. */
function portalNamespaceOf(file: string): string | null {
  const rel = path.relative(src, file).split(path.sep);
  const inPortal = (rel[0] === 'web' && rel[1] === 'm') || (rel[0] === 'modules' && rel[2] === 'portal');
  if (!inPortal) return null;
  for (let dir = path.dirname(file); dir.startsWith(src); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'en.ts'))) return path.relative(src, dir).split(path.sep).join('/');
  }
  return null;
}

const portalFiles = files(src).filter((f) => portalNamespaceOf(f) !== null && !/(\.test|\.e2e|[/\\]en|dictionaries)\.ts$/.test(f));

describe('English dictionaries of the worker portal', () => {
  it('has one namespace per portal folder with words of its own', () => {
    const folders = [...new Set(portalFiles.map((f) => portalNamespaceOf(f)!))].sort();
    expect(Object.keys(PORTAL_NAMESPACES).sort()).toEqual(folders);
  });

  it('translates every literal passed to t() in the namespace of the file that says it, or the portal shell’s or the common words', () => {
    const missing: string[] = [];
    let keys = 0;
    for (const f of portalFiles) {
      const lookup = portalLookupFor(PORTAL_NAMESPACES[portalNamespaceOf(f)!] ?? {});
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([^']+)'/g)) {
        keys++;
        if (lookup(m[1]!) === undefined) missing.push(`${path.relative(src, f)}: ${m[1]}`);
      }
    }
    expect(keys).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('translates the titles the shell shows for the modules (home tiles, 我的 entries)', () => {
    const shell = portalLookupFor({});
    const missing: string[] = [];
    for (const f of portalFiles.filter((f) => f.endsWith('.portal.tsx'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\b(?:title|description): '([^']+)'/g)) {
        if (shell(m[1]!) === undefined) missing.push(`${path.relative(src, f)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the staff app’s hooks and antd out of portal pages', () => {
    const wrong = portalFiles
      .filter((f) => /from '[./]*(web\/)?i18n\/index\.tsx'|from 'antd(\/|')|from '@ant-design\//.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(src, f));
    expect(wrong).toEqual([]);
  });
});
