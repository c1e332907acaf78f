/**
 * 台账导入: bring the union's existing hardship ledger (.xlsx) onto the platform. 检查 writes
 * nothing and lists every problem by row and column; 导入 is offered only when the check found
 * none, and writes all rows or none. Workers who already have an open file are skipped.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Result, Steps, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { LEDGER_IMPORT_COLUMNS } from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { ImportCheckPanel } from '../../../web/components/ImportCheckPanel.tsx';
import { downloadImportTemplate, useImportLedger, type ImportResultView } from './hardship.api.ts';

export function ImportPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const importer = useImportLedger();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<ImportResultView | null>(null);
  const [applied, setApplied] = useState<ImportResultView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'check' | 'apply' | null>(null);

  const reset = () => {
    setFile(null);
    setChecked(null);
    setApplied(null);
    setError(null);
  };

  const run = (m: 'check' | 'apply') => {
    if (!file) return;
    setError(null);
    setMode(m);
    importer.mutate(
      { file, mode: m },
      {
        onSuccess: (r) => {
          if (m === 'apply' && r.applied) {
            setApplied(r);
            message.success(t('已导入 {n} 户困难职工档案', { n: r.created }));
          } else setChecked(r);
        },
        onError: (err) => setError(err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : t('导入失败，请稍后重试')),
      },
    );
  };

  const step = applied ? 2 : checked ? 1 : 0;
  const canApply = Boolean(file && checked && checked.errors.length === 0 && checked.created > 0 && !applied);

  return (
    <Page
      title={t('台账导入')}
      subTitle={t('导入原有的困难职工台账（.xlsx），先检查、后导入')}
      extra={
        <>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hardship')}>
            {t('返回台账')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            data-testid="import-template"
            onClick={() => downloadImportTemplate().catch((e: unknown) => message.error(e instanceof ApiError ? tx(e.message) : t('下载失败')))}
          >
            {t('下载模板')}
          </Button>
        </>
      }
    >
      <Card variant="borderless">
        <Steps
          size="small"
          current={step}
          status={applied ? 'finish' : 'process'}
          style={{ margin: '8px 0 24px', maxWidth: 720 }}
          items={[{ title: t('选择文件') }, { title: t('检查结果') }, { title: t('完成导入') }]}
        />
        {applied ? (
          <Result
            status="success"
            title={t('导入成功')}
            subTitle={t('共 {rows} 行：新建档案 {created} 户，已有档案跳过 {skipped} 户', {
              rows: applied.rows,
              created: applied.created,
              skipped: applied.skipped,
            })}
            extra={[
              <Button key="ledger" type="primary" onClick={() => navigate('/hardship')}>
                {t('查看台账')}
              </Button>,
              <Button key="again" onClick={reset}>
                {t('继续导入')}
              </Button>,
            ]}
            data-testid="import-applied"
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('请使用模板填写，每行一户；带 * 的列必填：{cols}。职工须已在职工档案中（按身份证号匹配），已有未销档档案的职工将跳过。', {
                cols: LEDGER_IMPORT_COLUMNS.filter((c) => c.required)
                  .map((c) => t(c.header))
                  .join(t('、')),
              })}
            </Typography.Paragraph>
            <Upload.Dragger
              accept=".xlsx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setChecked(null);
                setError(null);
                return false;
              }}
              onRemove={reset}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('点击或拖入 .xlsx 文件')}</p>
              <p className="ant-upload-hint">{t('只检查不写入；检查无误后再导入，全部成功或全部不导入')}</p>
            </Upload.Dragger>
            <Flex gap={8} justify="end" style={{ marginTop: 16 }}>
              <Button disabled={!file} loading={importer.isPending && mode === 'check'} onClick={() => run('check')} data-testid="import-check">
                {checked ? t('重新检查') : t('检查')}
              </Button>
              <Button
                type="primary"
                disabled={!canApply}
                loading={importer.isPending && mode === 'apply'}
                onClick={() => run('apply')}
                data-testid="import-apply"
              >
                {t('导入')}
              </Button>
            </Flex>
            {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" /> : null}
            {checked ? (
              <ImportCheckPanel
                counts={[
                  { label: t('数据行'), value: checked.rows },
                  { label: t('将新建档案'), value: checked.created },
                  { label: t('已有档案跳过'), value: checked.skipped },
                ]}
                errors={checked.errors}
                errorsTitle={t('发现 {n} 处问题，请修改文件后重新检查；本次未导入任何数据', { n: checked.errors.length })}
                outcome={
                  checked.created > 0
                    ? { ready: true, title: t('检查通过，可以导入 {n} 户', { n: checked.created }) }
                    : { ready: false, title: t('文件中没有需要新建的档案') }
                }
                tx={tx}
                data-testid="import-result"
                errorsTestId="import-errors"
              />
            ) : null}
          </>
        )}
      </Card>
    </Page>
  );
}
