/**
 * INTEGRATION POINT — 适老化改造 (一户一策) on the model worker's page.
 *
 * The home retrofit plans are the retrofits module's (`src/modules/retrofits/`), built beside this
 * one. When it lands, replace the body of `RetrofitTab` with its panel for one person, e.g.
 *
 *   import { RetrofitPlanPanel } from '../../retrofits/web/RetrofitPlanPanel.tsx';
 *   return <RetrofitPlanPanel personId={mw.id} />;
 *
 * (web pages may embed another module's web components). What the plan may want from here is on
 * the page already: `mw.reasons` (why the person is a priority: 高龄, 独居, 失能 …) and
 * `mw.status`; on the server, `modelWorkerFacts` in this module's `index.ts`.
 */
import { Empty } from 'antd';
import type { ModelWorkerView } from '../modelworkers.contract.ts';
import { useI18n } from './i18n.ts';

export function RetrofitTab({ mw }: { mw: ModelWorkerView }) {
  const { t } = useI18n();
  return (
    <Empty
      data-testid="retrofit-slot"
      data-person-id={mw.id}
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={t('适老化改造（一户一策）的方案、预算和进度将显示在这里')}
    />
  );
}
