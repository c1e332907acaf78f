/**
 * 待办: the follow-ups of exited cases that are due or overdue (overdue first, in red) and the
 * yearly reviews (年度复核) coming due, each row opening the case.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useTasks, type TasksView } from './hardship.api.ts';

type FollowupTask = TasksView['followups'][number];
type ReviewTask = TasksView['reviews'][number];

export function TasksPage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const tasks = useTasks();
  const due = (v: string, overdue: boolean) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      {date(v)}{' '}
      {overdue ? (
        <Tag color="red" data-testid="overdue">
          {t('逾期')}
        </Tag>
      ) : (
        <Tag color="gold">{t('即将到期')}</Tag>
      )}
    </span>
  );
  const caseNo = (v: string, r: { caseId: number }) => (
    <Link to={`/hardship/${r.caseId}`} style={{ fontFamily: 'monospace' }}>
      {v}
    </Link>
  );
  const name = (v: string, r: { caseId: number }) => <Link to={`/hardship/${r.caseId}`}>{tx(v)}</Link>;
  const pagination = { pageSize: 10, showTotal: (n: number) => t('共 {n} 条', { n: formatCount(n) }) };

  return (
    <Page
      title={t('待办')}
      subTitle={t('到期和逾期的回访、年度复核（30 天内到期）')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hardship')}>
          {t('返回台账')}
        </Button>
      }
    >
      {tasks.error ? <LoadError error={tasks.error} onRetry={() => tasks.refetch()} /> : null}
      <Card
        variant="borderless"
        title={t('回访')}
        style={{ marginBottom: 16 }}
        extra={<Typography.Text type="secondary">{t('解困脱困后按期回访，发现返困及时重新帮扶')}</Typography.Text>}
      >
        <Table<FollowupTask>
          rowKey="caseId"
          size="middle"
          loading={tasks.isFetching}
          dataSource={tasks.data?.followups ?? []}
          data-testid="tasks-followups"
          locale={{ emptyText: t('暂无到期的回访') }}
          pagination={pagination}
          columns={[
            { title: t('档案号'), dataIndex: 'caseNo', width: 150, render: caseNo },
            { title: t('姓名'), dataIndex: 'name', width: 110, render: name },
            { title: t('单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
            { title: t('应回访日期'), dataIndex: 'dueOn', width: 220, render: (v: string, r) => due(v, r.overdue) },
          ]}
        />
      </Card>
      <Card
        variant="borderless"
        title={t('年度复核')}
        extra={<Typography.Text type="secondary">{t('核定满一年须重新核定家庭收支和困难类别')}</Typography.Text>}
      >
        <Table<ReviewTask>
          rowKey="caseId"
          size="middle"
          loading={tasks.isFetching}
          dataSource={tasks.data?.reviews ?? []}
          data-testid="tasks-reviews"
          locale={{ emptyText: t('暂无到期的年度复核') }}
          pagination={pagination}
          columns={[
            { title: t('档案号'), dataIndex: 'caseNo', width: 150, render: caseNo },
            { title: t('姓名'), dataIndex: 'name', width: 110, render: name },
            { title: t('单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
            { title: t('核定日期'), dataIndex: 'assessedOn', width: 140, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{date(v)}</span> },
            { title: t('应复核日期'), dataIndex: 'dueOn', width: 220, render: (v: string, r) => due(v, r.overdue) },
          ]}
        />
      </Card>
    </Page>
  );
}
