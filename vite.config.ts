import fs from 'node:fs/promises';
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
          groups: vendorGroups.map(([name, test]) => ({ name, test })),
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
