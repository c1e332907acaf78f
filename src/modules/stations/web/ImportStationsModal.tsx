/**
 * 导入驿站: the shared import dialog (template, check, error report, then every row or none) with
 * the station list's words; an exported station list imports again.
 */
import { ImportSheetModal } from '../../../web/components/ImportSheetModal.tsx';
import type { StationImportResult } from '../stations.ops.contract.ts';
import { downloadImportErrors, downloadStationTemplate, useImportStations } from './stations.ops.api.ts';
import { useI18n } from './i18n.ts';

/** Rows with a problem are not counted among those to add. */
const toCreate = (r: StationImportResult) => Math.max(0, r.rows - r.skipped - new Set(r.errors.filter((e) => e.row > 1).map((e) => e.row)).size);

export function ImportStationsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  return (
    <ImportSheetModal
      open={open}
      onClose={onClose}
      tx={tx}
      importer={useImportStations()}
      downloadTemplate={downloadStationTemplate}
      downloadErrors={downloadImportErrors}
      toCreate={toCreate}
      testId="station-import"
      words={{
        title: t('导入驿站'),
        hint: t('请使用模板填写（导出的驿站名录也可直接导入）；承建工会填名称、简称或统一社会信用代码。'),
        skippedLabel: t('已存在未变动'),
        ready: (n) => t('检查通过，可以导入 {n} 个驿站', { n }),
        nothing: t('文件中没有需要新增的驿站'),
        imported: (n) => t('已导入 {n} 个驿站', { n }),
        done: (r) => t('新增 {a} 个驿站，{b} 个已存在未变动', { a: r.created, b: r.skipped }),
      }}
    />
  );
}
