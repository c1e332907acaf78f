import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Vendor groups: the big libraries each get a long-cached chunk of their own. */
const vendorGroups: [name: string, test: RegExp][] = [
  ['react', /[\\/]node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|@tanstack)[\\/]/],
  ['echarts', /[\\/]node_modules[\\/](echarts|zrender)[\\/]/],
  ['antd', /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs|@babel[\\/]runtime)[\\/]/],
  ['zod', /[\\/]node_modules[\\/]zod[\\/]/],
];

export default defineConfig({
  root: path.join(here, 'src/web'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
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
