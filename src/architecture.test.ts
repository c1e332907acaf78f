/**
 * The boundaries of CONVENTIONS.md, checked rather than hoped for:
 * - web code imports contracts, shared code and web code only, never server code;
 * - a module reaches another module only through its index.ts, its contract or (for joins and
 *   foreign keys) its schema; web pages may embed another module's web components;
 * - only repositories, schemas and the database platform import drizzle-orm;
 * - the platform (server/ outside the composition root, shared/) imports no module;
 * - a module's index.ts exports use cases, not repository functions or route registration; the
 *   composition root reaches a module through its manifest (`<name>.module.ts`) only;
 * - no import cycles anywhere (type-only imports aside: they vanish at run time).
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
/** Browser code: the staff app (`web/`, a module's `web/`) and the worker portal (`web/m/`, a module's `portal/`). */
const WEB_FOLDER = /^modules\/[^/]+\/(web|portal)\//;
const isWeb = (f: string) => rel(f).startsWith('web/') || WEB_FOLDER.test(rel(f));

/** Runtime imports only: `import type` and `export type` vanish when compiled. */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2]!);
}

/** Files that put the app together: they may import any module's manifest. */
// key-rotation.ts belongs here: it re-encrypts every module's encrypted columns and audits the
// rotation, and only the start (bootstrap.ts) and its command (cli/) call it.
const COMPOSITION = /^(server\/(app|main|modules|bootstrap|key-rotation)\.ts|server\/demo\/|server\/cli\/|web\/modules\.ts$)/;

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
          const ok = target.startsWith('web/') || WEB_FOLDER.test(target) || target.startsWith('shared/') || /\.contract\.ts$/.test(target);
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
    // Rule compilers (`*.rules.ts`) build SQL for other modules, e.g. people's eligibility rules.
    // The database platform: db.ts, scope.ts, the replica's pool and routing (replica.ts), the
    // key rotation's SQL over every encrypted column (key-rotation.ts, of the composition root),
    // and the monthly partitions' catalog reads and detach (partitions.ts).
    const allowed = /(\.repository\.ts|\.schema\.ts|\.rules\.ts|^server\/(db|scope|replica|key-rotation|partitions)\.ts)$/;
    const bad = all.filter((f) => !isTest(f) && !allowed.test(rel(f)) && imports(f).some((s) => s.startsWith('drizzle-orm'))).map(rel);
    expect(bad).toEqual([]);
  });

  it('the platform imports no module', () => {
    const platform = all.filter((f) => /^(server|shared)\//.test(rel(f)) && !COMPOSITION.test(rel(f)) && !isTest(f));
    expect(platform.length).toBeGreaterThan(10);
    const bad = platform.flatMap((f) =>
      imports(f)
        .filter((s) => s.startsWith('.') && resolve(f, s).startsWith('modules/'))
        .map((s) => `${rel(f)} → ${resolve(f, s)}`),
    );
    expect(bad).toEqual([]);
  });

  it("a module's index.ts exports use cases, not repositories or routes", () => {
    const bad = all
      .filter((f) => /^modules\/[^/]+\/index\.ts$/.test(rel(f)))
      .flatMap((f) =>
        imports(f)
          .filter((s) => /\.(repository|routes|module)\.ts$/.test(s))
          .map((s) => `${rel(f)} → ${s}`),
      );
    expect(bad).toEqual([]);
  });

  it('manifests are listed by the composition root only', () => {
    const bad = all
      .filter((f) => !COMPOSITION.test(rel(f)) && !isTest(f))
      .flatMap((f) =>
        imports(f)
          .filter((s) => s.startsWith('.') && /\.module\.ts$/.test(s) && !resolve(f, s).startsWith(path.dirname(rel(f)) + '/'))
          .map((s) => `${rel(f)} → ${resolve(f, s)}`),
      );
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(
      all.map((f) => [
        rel(f),
        runtimeImports(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolve(f, s)),
      ]),
    );
    // Tarjan's strongly connected components: any component of more than one file is a cycle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });

  it('repositories take a Scope and never make one from an actor or an org', () => {
    const bad = all
      .filter((f) => /\.repository\.ts$/.test(f) && !isTest(f))
      .filter((f) => /\b(scopeOf|reachOf)\b/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });
});
