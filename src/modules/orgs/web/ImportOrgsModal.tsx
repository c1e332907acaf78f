/**
 * 导入: download the template, upload an .xlsx to check (nothing is written), read the per-row
 * errors, then 确认导入 writes every row or none.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Modal, Result, Steps, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { OrgImportResult } from '../orgs.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { downloadOrgTemplate, useImportOrgs } from './orgs.api.ts';

type RowError = OrgImportResult['errors'][number];

export function ImportOrgsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const importer = useImportOrgs();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<OrgImportResult | null>(null);
  const [applied, setApplied] = useState<OrgImportResult | null>(null);
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
          if (mode === 'check') setChecked(r);
          else if (r.applied) {
            setApplied(r);
            message.success(t('已导入 {n} 个组织', { n: r.toCreate }));
          } else setChecked(r);
        },
        onError: (err) => setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : t('导入失败，请稍后重试')),
      },
    );
  };

  const step = applied ? 2 : checked ? 1 : 0;
  const canApply = checked && checked.errors.length === 0 && checked.toCreate > 0 && !applied;

  return (
    <Modal
      open={open}
      title={t('导入组织')}
      width={760}
      onCancel={onClose}
      footer={
        applied ? (
          <Button type="primary" onClick={onClose}>
            {t('完成')}
          </Button>
        ) : (
          <Flex justify="end" gap={8}>
            <Button onClick={onClose}>{t('取消')}</Button>
            <Button disabled={!file} loading={importer.isPending && !checked} onClick={() => run('check')}>
              {checked ? t('重新检查') : t('检查文件')}
            </Button>
            <Button type="primary" disabled={!canApply} loading={importer.isPending && Boolean(checked)} onClick={() => run('apply')}>
              {t('确认导入')}
            </Button>
          </Flex>
        )
      }
    >
      <Steps
        size="small"
        current={step}
        status={applied ? 'finish' : 'process'}
        style={{ margin: '16px 0 20px' }}
        items={[{ title: t('选择文件') }, { title: t('检查结果') }, { title: t('完成导入') }]}
      />
      {applied ? (
        <Result status="success" title={t('导入成功')} subTitle={t('新增 {a} 个组织，{b} 个已存在未变动', { a: applied.toCreate, b: applied.unchanged })} />
      ) : (
        <>
          <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('请使用模板填写，上级组织须已存在或在表中更靠前的行里。')}</Typography.Text>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => downloadOrgTemplate().catch((e: unknown) => message.error(e instanceof ApiError ? tx(e.message) : t('下载失败')))}
            >
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
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('点击或拖入 .xlsx 文件')}</p>
            <p className="ant-upload-hint">{t('只检查不写入；检查无误后再确认导入，全部成功或全部不导入')}</p>
          </Upload.Dragger>
          {error && <Alert type="error" showIcon title={tx(error)} style={{ marginTop: 16 }} />}
          {checked && (
            <div style={{ marginTop: 16 }}>
              <Descriptions size="small" bordered column={3}>
                <Descriptions.Item label={t('数据行')}>{checked.rows}</Descriptions.Item>
                <Descriptions.Item label={t('将新增')}>{checked.toCreate}</Descriptions.Item>
                <Descriptions.Item label={t('已存在未变动')}>{checked.unchanged}</Descriptions.Item>
              </Descriptions>
              {checked.errors.length > 0 ? (
                <>
                  <Alert
                    type="error"
                    showIcon
                    style={{ margin: '12px 0' }}
                    title={t('发现 {n} 处问题，请修改文件后重新上传；本次未导入任何数据', { n: checked.errors.length })}
                  />
                  <Table<RowError>
                    size="small"
                    rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                    dataSource={checked.errors}
                    pagination={{ pageSize: 8, showSizeChanger: false, showTotal: (n) => t('共 {n} 条', { n }) }}
                    columns={[
                      { title: t('行'), dataIndex: 'row', width: 70, sorter: (a, b) => a.row - b.row },
                      { title: t('列'), dataIndex: 'column', width: 160, render: (v: string) => tx(v) },
                      { title: t('问题'), dataIndex: 'message', render: (v: string) => tx(v) },
                    ]}
                  />
                </>
              ) : checked.toCreate > 0 ? (
                <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('检查通过，可以导入 {n} 个组织', { n: checked.toCreate })} />
              ) : (
                <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('文件中没有需要新增的组织')} />
              )}
            </div>
          )}
        </>
      )}
    </Modal>
  );
}
