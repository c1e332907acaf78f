import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Vendor groups: libraries every page needs (React and its router and query cache, zod) get a
 * long-cached chunk of their own, and ECharts one that only pages with charts load. antd is left
 * to the bundler's own splitting, component by component: as one group it was a 1.2 MB chunk
 * every page waited for, tables, date pickers and trees included.
 */
const vendorGroups: [name: string, test: RegExp][] = [
  ['react', /[\\/]node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|@tanstack)[\\/]/],
  ['echarts', /[\\/]node_modules[\\/](echarts|zrender)[\\/]/],
  ['zod', /[\\/]node_modules[\\/]zod[\\/]/],
];

const STAFF_ENTRY = path.join(here, 'src/web/index.html');
const PORTAL_ENTRY = path.join(here, 'src/web/m/index.html');
interface Graph {
  getModuleInfo(id: string): { importedIds: readonly string[] } | null;
}
/** Libraries whose index re-exports every component: following it would reach them all. */
const BARREL = /[\\/]node_modules[\\/](antd|antd-mobile|antd-mobile-icons)[\\/]es[\\/]index\.js$/;
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * The modules an entry loads before its first page can show: its static imports all the way down,
 * and of a component library only the components its files name (`import { Button } from
 * 'antd-mobile'`), not everything the library's index re-exports.
 */
function firstLoad(graph: Graph, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.getModuleInfo(id)?.importedIds ?? []) {
      if (!BARREL.test(next)) {
        stack.push(next);
        continue;
      }
      const lib = /(antd-mobile-icons|antd-mobile|antd)[\\/]es[\\/]index\.js$/.exec(next)![1]!;
      // The index itself (no code of its own), and what it runs besides re-exporting (antd-mobile's global styles).
      seen.add(next);
      for (const own of graph.getModuleInfo(next)?.importedIds ?? []) if (/[\\/]es[\\/]global[\\/]/.test(own)) stack.push(own);
      const named = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*'${lib}'`, 'g');
      for (const m of readFileSync(id, 'utf8').matchAll(named)) {
        for (const name of m[1]!
          .split(',')
          .map(
            (n) =>
              n
                .trim()
                .replace(/^type\s+/, '')
                .split(/\s+as\s+/)[0]!,
          )
          .filter(Boolean)) {
          // antd-mobile-icons/es/AppOutline.js, antd-mobile/es/components/tab-bar/index.js, antd/es/date-picker/index.js
          const file = lib === 'antd-mobile-icons' ? `${name}.js` : lib === 'antd-mobile' ? `components/${kebab(name)}/index.js` : `${kebab(name)}/index.js`;
          stack.push(path.join(next, '..', file));
        }
      }
    }
  }
  return seen;
}

const loads = new WeakMap<Graph, { staff: Set<string>; portal: Set<string> }>();
/**
 * Each app's first load in as few files as its modules allow: what only the portal's first page
 * needs in one chunk, what both apps' first pages need in another. Left to the bundler, the
 * portal's first page was 15 files, most under 1 KB, split by which lazy pages share them; on a
 * phone's slow network each round of requests beyond the browser's six connections costs a round
 * trip. Lazy pages still load only what they add.
 */
function shellChunk(id: string, graph: Graph): string | null {
  let s = loads.get(graph);
  if (!s) loads.set(graph, (s = { staff: firstLoad(graph, STAFF_ENTRY), portal: firstLoad(graph, PORTAL_ENTRY) }));
  if (!s.portal.has(id)) return null;
  return s.staff.has(id) ? 'shell' : 'portal-shell';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli and gzip copies beside every text asset, made once at build time at the highest levels
 * (too slow per request), so the server sends them as they are (`preCompressed` in server/app.ts).
 * A copy that saves nothing is not written; the server then sends the file itself.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'niangjia-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    async closeBundle() {
      const files = (await fs.readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|html|svg|json)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const file = path.join(outDir, f);
          const raw = await fs.readFile(file);
          if (raw.length < 1024) return;
          const br = await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
          const gz = await gzip(raw, { level: 9 });
          if (br.length < raw.length) await fs.writeFile(`${file}.br`, br);
          if (gz.length < raw.length) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

export default defineConfig({
  root: path.join(here, 'src/web'),
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Two apps from one build: the staff app (antd) and the worker portal under /m/ (antd-mobile only).
      input: { main: path.join(here, 'src/web/index.html'), portal: path.join(here, 'src/web/m/index.html') },
      output: {
        codeSplitting: {
          // opencc-js stays out of every group: it is loaded only when someone switches to 繁體.
          groups: [
            ...vendorGroups.map(([name, test]) => ({ name, test, priority: 2 })),
            // Only the modules shellChunk names: with their dependencies too, a shell file's import of
            // antd-mobile's index would pull every component a lazy page uses into the first load.
            { name: shellChunk, debugName: 'shell', priority: 1, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    fs: { allow: [here] },
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
