/**
 * The boundaries of CONVENTIONS.md, checked rather than hoped for:
 * - web code imports contracts, shared code and web code only, never server code;
 * - a module reaches another module only through its index.ts, its contract or (for joins and
 *   foreign keys) its schema; web pages may embed another module's web components;
 * - only repositories, schemas and the database platform import drizzle-orm.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './server/paths.ts';

const src = path.join(projectRoot(), 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const all = files(src);
const rel = (f: string) => path.relative(src, f).split(path.sep).join('/');
const isTest = (f: string) => /\.(test|e2e)\.ts$/.test(f) || rel(f).startsWith('testing/');
const isWeb = (f: string) => rel(f).startsWith('web/') || /^modules\/[^/]+\/web\//.test(rel(f));

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}
const resolve = (from: string, spec: string) => rel(path.resolve(path.dirname(from), spec));

describe('architecture', () => {
  it('finds the source', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it('web code imports only contracts, shared code and web code', () => {
    const bad: string[] = [];
    const serverPackages = /^(fastify|@fastify\/|drizzle-orm|pg$|@electric-sql\/|@node-rs\/|exceljs|node:)/;
    for (const f of all.filter((x) => isWeb(x) && !isTest(x))) {
      for (const spec of imports(f)) {
        if (spec.startsWith('.')) {
          const target = resolve(f, spec);
          const ok = target.startsWith('web/') || /^modules\/[^/]+\/web\//.test(target) || target.startsWith('shared/') || /\.contract\.ts$/.test(target);
          if (!ok) bad.push(`${rel(f)} → ${target}`);
        } else if (serverPackages.test(spec)) bad.push(`${rel(f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('modules reach each other only through index.ts, contracts and schemas', () => {
    const bad: string[] = [];
    for (const f of all.filter((x) => rel(x).startsWith('modules/') && !isTest(x))) {
      const own = rel(f).split('/')[1];
      for (const spec of imports(f).filter((s) => s.startsWith('.'))) {
        const target = resolve(f, spec);
        const m = /^modules\/([^/]+)\/(.+)$/.exec(target);
        if (!m || m[1] === own) continue;
        // Pages may embed another module's web components (the org page shows its policies).
        if (isWeb(f) && m[2]!.startsWith('web/')) continue;
        if (!/^(index\.ts|[^/]+\.contract\.ts|[^/]+\.schema\.ts)$/.test(m[2]!)) bad.push(`${rel(f)} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only repositories, schemas and the database platform import drizzle-orm', () => {
    const allowed = /(\.repository\.ts|\.schema\.ts|^server\/db\.ts|^server\/scope\.ts)$/;
    const bad = all.filter((f) => !isTest(f) && !allowed.test(rel(f)) && imports(f).some((s) => s.startsWith('drizzle-orm'))).map(rel);
    expect(bad).toEqual([]);
  });
});
