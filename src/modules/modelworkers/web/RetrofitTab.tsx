/**
 * 适老化改造 (一户一策) on the model worker's page: the retrofits module's plans for this person
 * (`src/modules/retrofits/web/RetrofitPanel.tsx`), each with its stage, progress and money, linking
 * to the plan page. An account without the permission to see retrofits is told so.
 */
import { Empty } from 'antd';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { RetrofitPanel } from '../../retrofits/web/RetrofitPanel.tsx';
import type { ModelWorkerView } from '../modelworkers.contract.ts';
import { useI18n } from './i18n.ts';

export function RetrofitTab({ mw }: { mw: ModelWorkerView }) {
  const { t } = useI18n();
  const { has } = usePermissions();
  if (!has('retrofits:view')) return <Empty data-testid="retrofit-slot" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('无权查看适老化改造')} />;
  return (
    <div data-testid="retrofit-slot" data-person-id={mw.id}>
      <RetrofitPanel personId={mw.id} />
    </div>
  );
}
