/**
 * An import that checks a whole .xlsx in one request (驿站, 劳模荣誉名单 …), as a dialog: download
 * the template, upload a file to check (nothing is written), read each row's problems or download
 * them as an error report, then 确认导入 writes every row or none. The module gives its words (in
 * its own language hooks), its requests and how many rows the check says would be added.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Modal, Result, Steps, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../http.ts';
import { useI18n } from '../i18n/index.tsx';
import { ImportCheckPanel, type ImportRowError } from './ImportCheckPanel.tsx';

/** What a check or an import answers. */
export interface SheetImportResult {
  applied: boolean;
  rows: number;
  created: number;
  skipped: number;
  errors: ImportRowError[];
}

export interface ImportSheetWords {
  title: string;
  /** Above the drop zone: how to fill the sheet. */
  hint: string;
  /** The counts' third label (已存在未变动, 已登记未变动 …). */
  skippedLabel: string;
  /** After a check: ready to import `n`, or nothing new in the file. */
  ready: (n: number) => string;
  nothing: string;
  /** After the import: the toast and the result's line. */
  imported: (n: number) => string;
  done: (r: SheetImportResult) => string;
}

interface Props<R extends SheetImportResult> {
  open: boolean;
  onClose: () => void;
  words: ImportSheetWords;
  /** The module's `tx` (column names and problems are its words). */
  tx: (s: string) => string;
  importer: {
    mutate: (v: { file: File; mode: 'check' | 'apply' }, o: { onSuccess: (r: R) => void; onError: (e: unknown) => void }) => void;
    isPending: boolean;
  };
  downloadTemplate: () => Promise<unknown>;
  downloadErrors: (file: File) => Promise<unknown>;
  /** Rows the check says the import would add. */
  toCreate: (checked: R) => number;
  /** Prefix of the test ids: `${testId}-file`, `-check`, `-apply`, `-errors`, `-errors-table`, `-check-result`, `-done`. */
  testId: string;
}

export function ImportSheetModal<R extends SheetImportResult>({
  open,
  onClose,
  words,
  tx,
  importer,
  downloadTemplate,
  downloadErrors,
  toCreate,
  testId,
}: Props<R>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<R | null>(null);
  const [applied, setApplied] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const adding = checked ? toCreate(checked) : 0;

  useEffect(() => {
    if (open) {
      setFile(null);
      setChecked(null);
      setApplied(null);
      setError(null);
    }
  }, [open]);

  const run = (mode: 'check' | 'apply') => {
    if (!file) return;
    setError(null);
    importer.mutate(
      { file, mode },
      {
        onSuccess: (r) => {
          if (mode === 'apply' && r.applied) {
            setApplied(r);
            message.success(words.imported(r.created));
          } else setChecked(r);
        },
        onError: (err) => setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : t('导入失败，请稍后重试')),
      },
    );
  };
  const failed = (e: unknown) => void message.error(e instanceof ApiError ? tx(e.message) : t('下载失败'));
  const canApply = checked && checked.errors.length === 0 && adding > 0 && !applied;

  return (
    <Modal
      open={open}
      title={words.title}
      width={820}
      onCancel={onClose}
      footer={
        applied ? (
          <Button type="primary" onClick={onClose}>
            {t('完成')}
          </Button>
        ) : (
          <Flex justify="end" gap={8}>
            <Button onClick={onClose}>{t('取消')}</Button>
            {checked && checked.errors.length > 0 && file ? (
              <Button icon={<DownloadOutlined />} onClick={() => downloadErrors(file).catch(failed)} data-testid={`${testId}-errors`}>
                {t('下载错误报告')}
              </Button>
            ) : null}
            <Button disabled={!file} loading={importer.isPending && !checked} onClick={() => run('check')} data-testid={`${testId}-check`}>
              {checked ? t('重新检查') : t('检查文件')}
            </Button>
            <Button
              type="primary"
              disabled={!canApply}
              loading={importer.isPending && Boolean(checked)}
              onClick={() => run('apply')}
              data-testid={`${testId}-apply`}
            >
              {t('确认导入')}
            </Button>
          </Flex>
        )
      }
    >
      <Steps
        size="small"
        current={applied ? 2 : checked ? 1 : 0}
        status={applied ? 'finish' : 'process'}
        style={{ margin: '16px 0 20px' }}
        items={[{ title: t('选择文件') }, { title: t('检查结果') }, { title: t('完成导入') }]}
      />
      {applied ? (
        <Result status="success" title={t('导入成功')} subTitle={words.done(applied)} data-testid={`${testId}-done`} />
      ) : (
        <>
          <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{words.hint}</Typography.Text>
            <Button icon={<DownloadOutlined />} onClick={() => downloadTemplate().catch(failed)}>
              {t('下载模板')}
            </Button>
          </Flex>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setChecked(null);
              setError(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setChecked(null);
            }}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
            data-testid={`${testId}-file`}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('点击或拖入 .xlsx 文件')}</p>
            <p className="ant-upload-hint">{t('只检查不写入；检查无误后再确认导入，全部成功或全部不导入')}</p>
          </Upload.Dragger>
          {error && <Alert type="error" showIcon title={tx(error)} style={{ marginTop: 16 }} />}
          {checked && (
            <ImportCheckPanel
              counts={[
                { label: t('数据行'), value: checked.rows },
                { label: t('将新增'), value: adding },
                { label: words.skippedLabel, value: checked.skipped },
              ]}
              errors={checked.errors}
              errorsTitle={t('发现 {n} 处问题，请修改文件后重新上传；本次未导入任何数据', { n: checked.errors.length })}
              outcome={adding > 0 ? { ready: true, title: words.ready(adding) } : { ready: false, title: words.nothing }}
              tx={tx}
              pageSize={8}
              data-testid={`${testId}-check-result`}
              errorsTestId={`${testId}-errors-table`}
            />
          )}
        </>
      )}
    </Modal>
  );
}
