/**
 * A chart, loaded on demand: ECharts is the app's second-largest library and only a few pages
 * draw charts, so a page's figures show at once and the chart joins them when its code arrives.
 */
import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

const EChartCanvas = lazy(() => import('./EChartCanvas.tsx'));

export function EChart({ option, height = 300 }: { option: EChartsCoreOption; height?: number }) {
  return (
    <Suspense fallback={<div style={{ width: '100%', height }} />}>
      <EChartCanvas option={option} height={height} />
    </Suspense>
  );
}
