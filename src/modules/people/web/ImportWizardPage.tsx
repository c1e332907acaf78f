/**
 * 导入职工 in four steps: 上传文件 → 对应列 → 检查 → 确认导入. The check and the import run in the
 * background on the server (progress polled every second); nothing is written until 确认导入, and
 * then every row or none — a file with errors is corrected and uploaded again, never half imported.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Result, Steps, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { PERSON_IMPORT_FIELDS, type ImportSummary, type ImportUpload } from '../people-import.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { cancelImport, isImportSummary, jobSettled, peopleKeys, startImportApply, startImportCheck, uploadImport, useImportJob } from './people.api.ts';
import { ImportMapping, mappingProblems, type Mapping } from './ImportMapping.tsx';
import { ImportCheckStep, ImportProgress } from './ImportSteps.tsx';

const MAX_MB = 20;

export function ImportWizardPage() {
  const { t, tx } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { has } = usePermissions();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  // Where new people with a blank 所属工会 go: chosen by the importer at the check, never assumed.
  const [defaultOrgId, setDefaultOrgId] = useState<number | undefined>(undefined);
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [mappingTried, setMappingTried] = useState(false);
  const [stage, setStage] = useState<'check' | 'apply' | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [remapping, setRemapping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const jobId = upload?.jobId ?? null;
  const job = useImportJob(jobId, stage);
  const settled = stage ? jobSettled(job.data, stage) : false;

  // A stage that ended: keep what it found, refresh the lists after an import.
  useEffect(() => {
    const j = job.data;
    if (!stage || !j || !settled) return;
    if (j.status === 'failed') setError(tx(j.error ?? j.message ?? '任务失败'));
    else if (j.status === 'cancelled') setError(t('导入已取消'));
    if (isImportSummary(j.result)) setSummary(j.result);
    if (stage === 'apply' && j.status === 'done') {
      void qc.invalidateQueries({ queryKey: peopleKeys.all });
      void qc.invalidateQueries({ queryKey: ['audit'] });
    }
  }, [job.data, settled, stage, qc, t, tx]);

  const fail = (err: unknown) => setError(err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : t('操作失败，请稍后重试'));

  const restart = () => {
    setStep(0);
    setFile(null);
    setUpload(null);
    setMapping({});
    setMappingTried(false);
    setStage(null);
    setSummary(null);
    setError(null);
    setDefaultOrgId(undefined);
  };

  const doUpload = async () => {
    if (!file) return setError(t('请选择要导入的文件'));
    setBusy(true);
    setError(null);
    try {
      const u = await uploadImport(file);
      setUpload(u);
      setMapping(Object.fromEntries(PERSON_IMPORT_FIELDS.map((f) => [f.key, u.mapping[f.key] ?? null])));
      setMappingTried(false);
      setStep(1);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  /**
   * Back to 对应列 after a check: a job is checked once, so the same file is uploaded again as a
   * new job (the old one cancelled) and the mapping chosen so far is kept where the headers match.
   */
  const remap = async () => {
    if (!file || !upload) return setStep(1);
    if (!stage) return setStep(1);
    setRemapping(true);
    setError(null);
    try {
      void cancelImport(upload.jobId).catch(() => undefined);
      const u = await uploadImport(file);
      const same = u.headers.join('\u0000') === upload.headers.join('\u0000');
      setUpload(u);
      if (!same) setMapping(Object.fromEntries(PERSON_IMPORT_FIELDS.map((f) => [f.key, u.mapping[f.key] ?? null])));
      setStage(null);
      setSummary(null);
      setStep(1);
    } catch (err) {
      fail(err);
    } finally {
      setRemapping(false);
    }
  };

  const toCheck = () => {
    setMappingTried(true);
    if (!upload || mappingProblems(mapping, upload.headers, t).length > 0) return;
    setSummary(null);
    setStage(null);
    setError(null);
    setStep(2);
  };

  const orgMapped = (mapping.org ?? null) !== null;

  const startCheck = async () => {
    if (!jobId) return;
    if (!orgMapped && !defaultOrgId) return setError(t('表格没有“所属工会”列，请选择这些人员导入到哪个工会'));
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      const j = await startImportCheck(jobId, { mapping, defaultOrgId: defaultOrgId ?? null });
      qc.setQueryData(peopleKeys.job(jobId, 'check'), j);
      setStage('check');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const apply = async (confirmUpdates: boolean) => {
    if (!jobId) return;
    setBusy(true);
    setError(null);
    try {
      const j = await startImportApply(jobId, confirmUpdates);
      qc.setQueryData(peopleKeys.job(jobId, 'apply'), j);
      setStage('apply');
      setStep(3);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && !confirmUpdates) askUpdates(tx(err.message));
      else fail(err);
    } finally {
      setBusy(false);
    }
  };

  const askUpdates = (detail?: string) =>
    modal.confirm({
      title: t('本文件大部分人员已在册，确认用表中数据更新他们吗？'),
      content: detail ?? (summary ? t('将更新 {n} 人的档案，新增 {m} 人。', { n: summary.update, m: summary.new }) : undefined),
      okText: t('确认更新'),
      cancelText: t('取消'),
      onOk: () => apply(true),
    });

  const confirmImport = () => (summary?.mostlyExisting ? askUpdates() : void apply(false));

  const cancel = () => {
    const leave = () => void navigate('/people');
    if (!jobId || (stage === 'apply' && settled)) return leave();
    modal.confirm({
      title: t('取消本次导入？'),
      content: t('已上传的文件和检查结果将被丢弃，不会写入任何数据。'),
      okText: t('取消导入'),
      cancelText: t('继续导入'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await cancelImport(jobId);
          message.success(t('已取消导入'));
        } catch (err) {
          // Already finished or gone: nothing to cancel.
          if (!(err instanceof ApiError && (err.status === 404 || err.status === 409))) return fail(err);
        }
        leave();
      },
    });
  };

  const checking = stage === 'check' && !settled;
  const applying = stage === 'apply' && !settled;
  const checked = stage === 'check' && settled && summary !== null && job.data?.status !== 'failed' && job.data?.status !== 'cancelled';
  const applied = stage === 'apply' && settled && job.data?.status === 'done';
  const canApply = checked && summary !== null && summary.errorRows === 0 && summary.new + summary.update > 0;

  const content = () => {
    if (step === 0) {
      return (
        <Flex vertical gap={16} style={{ maxWidth: 760, margin: '0 auto' }}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              if (!/\.(xlsx|csv)$/i.test(f.name)) {
                setError(t('只支持 .xlsx 或 .csv 文件'));
                return Upload.LIST_IGNORE;
              }
              if (f.size > MAX_MB * 1024 * 1024) {
                setError(t('文件超过 {n} MB，请分成几个文件导入', { n: MAX_MB }));
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('点击或拖入职工名册文件')}</p>
            <p className="ant-upload-hint">{t('支持 Excel .xlsx 和 CSV（UTF-8 或 GB18030 编码），第一行为表头')}</p>
          </Upload.Dragger>
          <Alert
            type="info"
            showIcon
            title={t('可识别的列')}
            description={
              <span>
                {PERSON_IMPORT_FIELDS.map((f) => t(f.label)).join('、')}
                {t('。表头名称不必完全一致，下一步可逐项核对对应关系；姓名和身份证号为必填。')}
              </span>
            }
          />
        </Flex>
      );
    }
    if (step === 1 && upload) return <ImportMapping upload={upload} mapping={mapping} onChange={setMapping} showProblems={mappingTried} />;
    if (step === 2) {
      return (
        <ImportCheckStep
          job={stage === 'check' ? job.data : undefined}
          running={checking}
          summary={checked ? summary : null}
          jobId={jobId}
          starting={busy && !stage}
          onStart={startCheck}
          blankOrg={{ mapped: orgMapped, value: defaultOrgId, onChange: setDefaultOrgId }}
        />
      );
    }
    if (step === 3) {
      if (applied && summary?.applied) {
        const a = summary.applied;
        return (
          <Result
            status="success"
            title={t('导入完成')}
            subTitle={
              <>
                {t('新增 {a} 人，更新 {b} 人，办理入会 {c} 人', { a: a.inserted, b: a.updated, c: a.members })}
                <br />
                <span data-testid="import-duplicates">
                  {summary.duplicates === null ? (
                    t('正在查找疑似重复人员…')
                  ) : summary.duplicates?.failed ? (
                    t('疑似重复查找未能完成，可在「疑似重复」页面重新查找')
                  ) : summary.duplicates && summary.duplicates.found > 0 ? (
                    <>
                      {t('发现 {n} 对疑似重复（其中很可能重复 {m} 对），', { n: summary.duplicates.found, m: summary.duplicates.likely })}
                      {has('person:merge') ? <Link to="/people/duplicates">{t('去核对')}</Link> : t('请有合并权限的人员核对')}
                    </>
                  ) : (
                    t('未发现新的疑似重复人员')
                  )}
                </span>
              </>
            }
            extra={[
              <Link key="list" to="/people">
                <Button type="primary">{t('查看职工档案')}</Button>
              </Link>,
              <Button key="again" onClick={restart}>
                {t('继续导入')}
              </Button>,
            ]}
            data-testid="import-done"
          />
        );
      }
      return <ImportProgress job={job.data} title={t('正在导入…')} hint={t('全部写入后才生效；中途出错则不导入任何一行。')} />;
    }
    return null;
  };

  return (
    <Page title={t('导入职工')} subTitle={t('从 Excel 或 CSV 职工名册批量建档；已在册的人员按证件号码更新')}>
      <Card variant="borderless">
        <Steps
          current={step}
          status={error ? 'error' : applied ? 'finish' : 'process'}
          style={{ marginBottom: 24 }}
          items={[{ title: t('上传文件') }, { title: t('对应列') }, { title: t('检查') }, { title: t('确认导入') }]}
        />
        {error && <Alert type="error" showIcon closable onClose={() => setError(null)} title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
        <div style={{ minHeight: 320 }}>{content()}</div>
        {!applied && (
          <Flex justify="space-between" style={{ marginTop: 24, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}>
            <Button onClick={cancel} disabled={applying}>
              {t('取消')}
            </Button>
            <Flex gap={8}>
              {step === 1 && <Button onClick={() => setStep(0)}>{t('重新选择文件')}</Button>}
              {step === 2 && !checking && (
                <Button loading={remapping} disabled={busy} onClick={remap}>
                  {t('上一步')}
                </Button>
              )}
              {step === 2 && checked && summary && summary.errorRows > 0 && <Button onClick={restart}>{t('重新上传')}</Button>}
              {step === 0 && (
                <Button type="primary" loading={busy} disabled={!file} onClick={doUpload}>
                  {t('下一步')}
                </Button>
              )}
              {step === 1 && (
                <Button type="primary" onClick={toCheck}>
                  {t('下一步')}
                </Button>
              )}
              {step === 2 && (
                <Button type="primary" disabled={!canApply} loading={busy && Boolean(stage)} onClick={confirmImport} data-testid="import-apply">
                  {t('确认导入')}
                </Button>
              )}
            </Flex>
          </Flex>
        )}
        {step === 2 && checked && summary && summary.errorRows > 0 && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'right', margin: '8px 0 0' }}>
            {t('有错误的文件不能导入：全部改正后重新上传，表格不会部分导入。')}
          </Typography.Paragraph>
        )}
      </Card>
    </Page>
  );
}
