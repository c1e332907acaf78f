/**
 * A chart, loaded on demand: ECharts is the app's second-largest library and only a few pages
 * draw charts, so a page's figures show at once and the chart joins them when its code arrives.
 */
import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

const EChartCanvas = lazy(() => import('./EChartCanvas.tsx'));

/**
 * The words a chart draws on its canvas — titles, axis names and categories, legend, series and
 * item names — as the label of its box, so screen readers (and the language checks) read them.
 */
export function chartWords(option: EChartsCoreOption): string {
  const words = new Set<string>();
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v ? [v] : []);
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim()) words.add(v.trim());
    else if (v && typeof v === 'object' && 'name' in v) add((v as { name: unknown }).name);
  };
  const o = option as Record<string, unknown>;
  for (const title of list(o.title)) add((title as { text?: unknown }).text);
  for (const axis of [...list(o.xAxis), ...list(o.yAxis)]) {
    const a = axis as { name?: unknown; data?: unknown };
    add(a.name);
    for (const d of list(a.data)) add(d);
  }
  for (const legend of list(o.legend)) for (const d of list((legend as { data?: unknown }).data)) add(d);
  for (const series of list(o.series)) {
    const s = series as { name?: unknown; data?: unknown };
    add(s.name);
    for (const d of list(s.data)) add(d);
  }
  return [...words].join('、');
}

export function EChart({ option, height = 300 }: { option: EChartsCoreOption; height?: number }) {
  return (
    <div role="img" aria-label={chartWords(option)}>
      <Suspense fallback={<div style={{ width: '100%', height }} />}>
        <EChartCanvas option={option} height={height} />
      </Suspense>
    </div>
  );
}
