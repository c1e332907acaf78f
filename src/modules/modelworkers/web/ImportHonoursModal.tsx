/**
 * 导入荣誉名单: the shared import dialog (template, check, error report, then every row or none)
 * with the honour list's words.
 */
import { ImportSheetModal } from '../../../web/components/ImportSheetModal.tsx';
import type { HonourImportResult } from '../modelworkers.contract.ts';
import { downloadHonourErrors, downloadHonourTemplate, useImportHonours } from './modelworkers.api.ts';
import { useI18n } from './i18n.ts';

export function ImportHonoursModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  return (
    <ImportSheetModal
      open={open}
      onClose={onClose}
      tx={tx}
      importer={useImportHonours()}
      downloadTemplate={downloadHonourTemplate}
      downloadErrors={downloadHonourErrors}
      // The check answers how many honours the import would add.
      toCreate={(r: HonourImportResult) => r.created}
      testId="mw-import"
      words={{
        title: t('导入荣誉名单'),
        hint: t('每行一项荣誉；职工须已在职工档案中登记，姓名与身份证号一致。'),
        skippedLabel: t('已登记未变动'),
        ready: (n) => t('检查通过，可以导入 {n} 项荣誉', { n }),
        nothing: t('文件中没有需要新增的荣誉'),
        imported: (n) => t('已导入 {n} 项荣誉', { n }),
        done: (r) => t('新增 {a} 项荣誉，{b} 项已登记未变动', { a: r.created, b: r.skipped }),
      }}
    />
  );
}
