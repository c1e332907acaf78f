/** The 检查 step of the import wizard and the progress of a background job. */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Progress, Row, Statistic, Typography } from 'antd';
import { DownloadOutlined, FileSearchOutlined } from '@ant-design/icons';
import type { ImportSummary } from '../people-import.contract.ts';
import type { JobView } from '../../jobs/jobs.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { downloadImportErrors } from './people.api.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';

export function ImportProgress({ job, title, hint }: { job: JobView | undefined; title: string; hint?: string }) {
  const { t, tx } = useI18n();
  const total = job?.total ?? null;
  const done = job?.done ?? 0;
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  const failed = job?.status === 'failed';
  return (
    <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }} data-testid="import-progress">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Progress type="circle" percent={percent} status={failed ? 'exception' : 'active'} size={120} />
      <Typography.Text>
        {job?.phase ? `${tx(job.phase)}：` : ''}
        {total ? t('{done} / {total} 行', { done: formatCount(done), total: formatCount(total) }) : t('准备中…')}
      </Typography.Text>
      {job?.message && <Typography.Text type="secondary">{tx(job.message)}</Typography.Text>}
      {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
    </Flex>
  );
}

interface CheckProps {
  job: JobView | undefined;
  running: boolean;
  summary: ImportSummary | null;
  jobId: string | null;
  starting: boolean;
  onStart: () => void;
  /** Where new people with a blank 所属工会 go (nothing chosen: they are errors); required when no column is 所属工会. */
  blankOrg: { mapped: boolean; value: number | undefined; onChange: (id: number | undefined) => void };
}

export function ImportCheckStep({ job, running, summary, jobId, starting, onStart, blankOrg }: CheckProps) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);

  if (running) return <ImportProgress job={job} title={t('正在逐行检查…')} hint={t('检查不会写入任何数据，可随时取消。')} />;

  if (!summary) {
    return (
      <Flex vertical align="center" gap={16} style={{ padding: '40px 0' }}>
        <FileSearchOutlined style={{ fontSize: 48, color: '#1668dc' }} />
        <Typography.Paragraph style={{ maxWidth: 560, textAlign: 'center', margin: 0 }}>
          {t(
            '逐行检查必填项、证件号码（含校验位）、手机号、所属工会、职业和各项选项，并与已在册人员比对，找出新增、无变化和将更新的人员。检查不写入任何数据。',
          )}
        </Typography.Paragraph>
        <Form layout="vertical" style={{ width: 560 }}>
          <Form.Item
            label={blankOrg.mapped ? t('所属工会为空的行导入到') : t('表格没有“所属工会”列，全部人员导入到')}
            required={!blankOrg.mapped}
            extra={blankOrg.mapped ? t('不选择时，所属工会为空的新增人员列为错误；已在册人员保留原所属工会。') : t('已在册人员保留原所属工会。')}
            htmlFor="import-blank-org"
          >
            <OrgTreeSelect
              id="import-blank-org"
              value={blankOrg.value}
              onChange={blankOrg.onChange}
              allowClear
              placeholder={t('选择工会')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
        <Button type="primary" size="large" loading={starting} onClick={onStart} data-testid="import-check">
          {t('开始检查')}
        </Button>
      </Flex>
    );
  }

  const download = async () => {
    if (!jobId) return;
    setDownloading(true);
    try {
      await downloadImportErrors(jobId);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('下载失败'));
    } finally {
      setDownloading(false);
    }
  };

  const s = summary;
  const stat = (title: string, value: number, color?: string) => (
    <Col span={6}>
      <Card size="small" variant="outlined">
        <Statistic title={title} value={value} styles={{ content: { color } }} formatter={(v) => formatCount(Number(v))} />
      </Card>
    </Col>
  );

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={5} style={{ margin: 0 }} data-testid="import-summary">
        {t('共 {n} 行：新增 {a}、无变化 {b}、将更新 {c}、有错误 {d} 行', {
          n: formatCount(s.rows),
          a: formatCount(s.new),
          b: formatCount(s.unchanged),
          c: formatCount(s.update),
          d: formatCount(s.errorRows),
        })}
      </Typography.Title>
      <Row gutter={12}>
        {stat(t('新增'), s.new, '#389e0d')}
        {stat(t('无变化'), s.unchanged)}
        {stat(t('将更新'), s.update, '#1668dc')}
        {stat(t('有错误'), s.errorRows, s.errorRows ? '#cf1322' : undefined)}
      </Row>
      {s.cellFormat && s.cellFormat.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="import-cell-format"
          title={t('有单元格是数字格式或公式，Excel 已改动其中的内容，这些行不能导入')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {s.cellFormat.map((p) => (
                <li key={`${p.column}-${p.message}`}>
                  {t('{column}：{n} 行', { column: tx(p.column), n: formatCount(p.rows) })} — {tx(p.message)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {s.errorRows > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('{d} 行有问题（共 {e} 处），本次不能导入', { d: formatCount(s.errorRows), e: formatCount(s.errors) })}
          description={t('请下载错误报告，按“行号、列、问题”逐一改正原表格后重新上传。全部改正后重新上传，表格不会部分导入。')}
          action={
            <Button danger icon={<DownloadOutlined />} loading={downloading} onClick={download} data-testid="import-errors">
              {t('下载错误报告')}
            </Button>
          }
        />
      ) : s.new + s.update === 0 ? (
        <Alert type="warning" showIcon title={t('文件中的人员均已在册且信息无变化，无需导入')} />
      ) : (
        <Alert
          type="success"
          showIcon
          title={t('检查通过，可以导入')}
          description={t('确认导入后，新增 {a} 人、更新 {c} 人；全部写入才生效。', { a: formatCount(s.new), c: formatCount(s.update) })}
        />
      )}
      {s.mostlyExisting && s.errorRows === 0 && (
        <Alert type="warning" showIcon title={t('本文件大部分人员已在册，导入将用表中数据更新他们的档案，确认导入时会再次询问。')} />
      )}
    </Flex>
  );
}
