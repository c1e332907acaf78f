/**
 * 导入荣誉名单: download the template, upload an .xlsx to check (nothing is written), read each
 * row's problems (or download them as an error report), then 确认导入 writes every row or none.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Modal, Result, Steps, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../../../web/http.ts';
import { ImportCheckPanel } from '../../../web/components/ImportCheckPanel.tsx';
import type { HonourImportResult } from '../modelworkers.contract.ts';
import { downloadHonourErrors, downloadHonourTemplate, useImportHonours } from './modelworkers.api.ts';
import { useI18n } from './i18n.ts';

export function ImportHonoursModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const importer = useImportHonours();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<HonourImportResult | null>(null);
  const [applied, setApplied] = useState<HonourImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

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
            message.success(t('已导入 {n} 项荣誉', { n: r.created }));
          } else setChecked(r);
        },
        onError: (err) => setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : t('导入失败，请稍后重试')),
      },
    );
  };
  const failed = (e: unknown) => void message.error(e instanceof ApiError ? tx(e.message) : t('下载失败'));
  const canApply = checked && checked.errors.length === 0 && checked.created > 0 && !applied;

  return (
    <Modal
      open={open}
      title={t('导入荣誉名单')}
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
              <Button icon={<DownloadOutlined />} onClick={() => downloadHonourErrors(file).catch(failed)} data-testid="mw-import-errors">
                {t('下载错误报告')}
              </Button>
            ) : null}
            <Button disabled={!file} loading={importer.isPending && !checked} onClick={() => run('check')} data-testid="mw-import-check">
              {checked ? t('重新检查') : t('检查文件')}
            </Button>
            <Button
              type="primary"
              disabled={!canApply}
              loading={importer.isPending && Boolean(checked)}
              onClick={() => run('apply')}
              data-testid="mw-import-apply"
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
        <Result
          status="success"
          title={t('导入成功')}
          subTitle={t('新增 {a} 项荣誉，{b} 项已登记未变动', { a: applied.created, b: applied.skipped })}
          data-testid="mw-import-done"
        />
      ) : (
        <>
          <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('每行一项荣誉；职工须已在职工档案中登记，姓名与身份证号一致。')}</Typography.Text>
            <Button icon={<DownloadOutlined />} onClick={() => downloadHonourTemplate().catch(failed)}>
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
            data-testid="mw-import-file"
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
                { label: t('将新增'), value: checked.created },
                { label: t('已登记未变动'), value: checked.skipped },
              ]}
              errors={checked.errors}
              errorsTitle={t('发现 {n} 处问题，请修改文件后重新上传；本次未导入任何数据', { n: checked.errors.length })}
              outcome={
                checked.created > 0
                  ? { ready: true, title: t('检查通过，可以导入 {n} 项荣誉', { n: checked.created }) }
                  : { ready: false, title: t('文件中没有需要新增的荣誉') }
              }
              tx={tx}
              pageSize={8}
              data-testid="mw-import-check-result"
              errorsTestId="mw-import-errors-table"
            />
          )}
        </>
      )}
    </Modal>
  );
}
