/**
 * 主动发现: leads from comparing the data the platform already holds (大病 claims, job loss, hardship
 * recognised by other programmes, exited households at risk of relapse). Staff run the comparison
 * (a background job), then accept a lead — and open an application or the case — or dismiss it
 * with a reason (the same evidence is not raised again).
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography, type ButtonProps, type TableProps } from 'antd';
import { ArrowLeftOutlined, SyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { DISCOVERY_RULES, DISCOVERY_RULE_LABELS, ListCandidatesQuery } from '../hardship.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { validFields } from '../../../web/components/forms.ts';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import {
  hardshipKeys,
  startDiscovery,
  useAcceptCandidate,
  useCandidates,
  useDismissCandidate,
  useJob,
  type CandidateRowView,
  type CandidateStatus,
  type DiscoveryRule,
} from './hardship.api.ts';

const STATUS_TABS: { key: CandidateStatus; label: string }[] = [
  { key: 'open', label: '待处理' },
  { key: 'accepted', label: '已采纳' },
  { key: 'dismissed', label: '不予采纳' },
];
const RULE_COLORS: Record<DiscoveryRule, string> = {
  serious_illness: 'red',
  job_loss: 'orange',
  other_programme: 'blue',
  relapse_risk: 'volcano',
  mutualaid_large_claim: 'purple',
};

export function DiscoveryPage() {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { has } = usePermissions();
  const canWrite = has('hardship:write');
  const { query, setFilters, paging } = useUrlQuery(ListCandidatesQuery);
  const list = useCandidates(query);
  const accept = useAcceptCandidate();
  const dismiss = useDismissCandidate();
  const [starting, setStarting] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const [dismissing, setDismissing] = useState<CandidateRowView | null>(null);
  const [dismissError, setDismissError] = useState<string | null>(null);
  const [dismissForm] = Form.useForm<{ reason: string }>();
  const running = starting || (jobId !== null && (!job.data || job.data.status === 'running'));

  // When the comparison finishes, the new leads are listed.
  const finished = job.data && job.data.status !== 'running' ? job.data.status : null;
  useEffect(() => {
    if (finished) void qc.invalidateQueries({ queryKey: ['hardship', 'discovery'] });
  }, [finished, qc]);

  const run = async () => {
    setStarting(true);
    try {
      const started = await startDiscovery();
      qc.setQueryData(hardshipKeys.job(started.id), started);
      setJobId(started.id);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试'));
    } finally {
      setStarting(false);
    }
  };

  const onAccept = async (k: CandidateRowView) => {
    try {
      await accept.mutateAsync(k.id);
      if (k.rule === 'relapse_risk' && k.caseId) {
        message.success(t('已采纳，请对该档案回访或复核'));
        void navigate(`/hardship/${k.caseId}`);
      } else {
        message.success(t('已采纳，请为该职工建档申请'));
        void navigate(`/hardship/new?personId=${k.personId}`);
      }
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试'));
    }
  };

  const onDismiss = async () => {
    if (!dismissing) return;
    const values = await validFields(dismissForm);
    if (!values) return;
    setDismissError(null);
    try {
      await dismiss.mutateAsync({ id: dismissing.id, reason: values.reason.trim() });
      message.success(t('已不予采纳'));
      setDismissing(null);
    } catch (err) {
      setDismissError(err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : t('操作失败，请稍后重试'));
    }
  };

  const columns: TableProps<CandidateRowView>['columns'] = [
    { title: t('姓名'), dataIndex: 'name', key: 'name', width: 100, render: (v: string, k) => <Link to={`/people/${k.personId}`}>{tx(v)}</Link> },
    { title: t('身份证号'), dataIndex: 'idMasked', key: 'idMasked', width: 180, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    { title: t('单位'), dataIndex: 'orgName', key: 'orgName', width: 200, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    {
      title: t('线索类型'),
      dataIndex: 'rule',
      key: 'rule',
      width: 150,
      render: (v: DiscoveryRule) => <Tag color={RULE_COLORS[v]}>{t(DISCOVERY_RULE_LABELS[v])}</Tag>,
    },
    { title: t('发现依据'), dataIndex: 'reason', key: 'reason', render: (v: string) => tx(v) },
    {
      title: t('档案'),
      dataIndex: 'caseNo',
      key: 'caseNo',
      width: 140,
      render: (v: string | null, k) =>
        v && k.caseId ? (
          <Link to={`/hardship/${k.caseId}`} style={{ fontFamily: 'monospace' }}>
            {v}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      title: t('发现时间'),
      dataIndex: 'foundAt',
      key: 'foundAt',
      width: 170,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</span>,
    },
  ];
  if (query.status === 'dismissed')
    columns.push({
      title: t('不予采纳的理由'),
      dataIndex: 'decisionReason',
      key: 'decisionReason',
      width: 200,
      render: (v: string | null) => (v ? tx(v) : '—'),
    });
  if (query.status === 'open' && canWrite)
    columns.push({
      title: t('操作'),
      key: 'actions',
      width: 190,
      fixed: 'end',
      render: (_: unknown, k) => (
        <Space size={4}>
          <Button type="link" size="small" onClick={() => onAccept(k)} loading={accept.isPending && accept.variables === k.id} data-testid={`accept-${k.id}`}>
            {t('采纳')}
          </Button>
          <Button
            type="link"
            size="small"
            danger
            data-testid={`dismiss-${k.id}`}
            onClick={() => {
              dismissForm.resetFields();
              setDismissError(null);
              setDismissing(k);
            }}
          >
            {t('不予采纳')}
          </Button>
        </Space>
      ),
    });

  const jobMessage = job.data ? (job.data.status === 'failed' ? (job.data.error ?? job.data.message) : job.data.message) : null;

  return (
    <Page
      title={t('主动发现')}
      subTitle={t('比对平台已有数据，发现可能需要帮扶的职工')}
      extra={
        <>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hardship')}>
            {t('返回台账')}
          </Button>
          {canWrite ? (
            <Button type="primary" icon={<SyncOutlined spin={running} />} loading={starting} disabled={running} onClick={run} data-testid="discovery-run">
              {t('运行数据比对')}
            </Button>
          ) : null}
        </>
      }
    >
      {jobId && jobMessage ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={job.data?.status === 'failed' ? 'error' : job.data?.status === 'running' ? 'info' : 'success'}
          title={tx(jobMessage)}
          closable={job.data?.status !== 'running'}
          onClose={() => setJobId(null)}
          data-testid="discovery-job"
        />
      ) : null}
      <Card variant="borderless">
        <Tabs
          activeKey={query.status}
          onChange={(k) => setFilters({ status: k as CandidateStatus })}
          items={STATUS_TABS.map((s) => ({ key: s.key, label: t(s.label) }))}
          tabBarExtraContent={
            <Select
              allowClear
              placeholder={t('线索类型')}
              aria-label={t('线索类型')}
              value={query.rule}
              onChange={(rule) => setFilters({ rule })}
              options={DISCOVERY_RULES.map((r) => ({ value: r, label: t(DISCOVERY_RULE_LABELS[r]) }))}
              style={{ width: 180 }}
              data-testid="discovery-rule"
            />
          }
        />
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<CandidateRowView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1300 }}
          data-testid="discovery-table"
          locale={{ emptyText: query.status === 'open' ? t('暂无待处理的线索，可运行数据比对') : t('暂无线索') }}
          {...paging(list.data?.total ?? 0, t)}
        />
      </Card>

      <Modal
        open={dismissing !== null}
        title={t('不予采纳')}
        okText={t('确定')}
        cancelText={t('取消')}
        okButtonProps={{ danger: true, loading: dismiss.isPending, 'data-testid': 'dismiss-ok' } as ButtonProps}
        onOk={onDismiss}
        onCancel={() => setDismissing(null)}
        destroyOnHidden
      >
        {dismissing ? (
          <Flex vertical gap={4} style={{ marginBottom: 12 }}>
            <Typography.Text strong>
              {tx(dismissing.name)} · {t(DISCOVERY_RULE_LABELS[dismissing.rule])}
            </Typography.Text>
            <Typography.Text type="secondary">{tx(dismissing.reason)}</Typography.Text>
          </Flex>
        ) : null}
        <Typography.Paragraph type="secondary">{t('不予采纳后，同一依据不会再次提出。')}</Typography.Paragraph>
        <Form form={dismissForm} layout="vertical" name="dismiss">
          <Form.Item label={t('不予采纳的理由')} name="reason" rules={[{ required: true, whitespace: true, message: t('请填写不予采纳的理由') }]}>
            <Input.TextArea rows={3} maxLength={200} placeholder={t('如：已核实家庭收入高于认定标准')} />
          </Form.Item>
        </Form>
        {dismissError ? <Alert type="error" showIcon title={dismissError} data-testid="dismiss-error" /> : null}
      </Modal>
    </Page>
  );
}
