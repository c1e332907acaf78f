/** 公示名单: the cases under public notice, with the surname only (the server masks the names). */
import { useNavigate } from 'react-router-dom';
import { Button, Card, Space, Table, Tag } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { CATEGORY_LABELS, CAUSE_LABELS } from '../hardship.contract.ts';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useNotice, type NoticeRowView } from './hardship.api.ts';
import { CATEGORY_COLORS } from './labels.ts';

export function NoticePage() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const list = useNotice();
  return (
    <Page
      title={t('公示名单')}
      subTitle={t('正在公示的困难职工档案，姓名只显示姓氏')}
      extra={
        <Space>
          <Button icon={<PrinterOutlined />} href="/api/hardship/notice.pdf" target="_blank" data-testid="notice-print">
            {t('打印公示名单')}
          </Button>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/hardship')}>
            {t('返回台账')}
          </Button>
        </Space>
      }
    >
      <Card variant="borderless">
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<NoticeRowView>
          rowKey="caseNo"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          data-testid="notice-table"
          locale={{ emptyText: t('当前没有正在公示的档案') }}
          pagination={{ pageSize: 20, showTotal: (n) => t('共 {n} 条', { n: formatCount(n) }) }}
          columns={[
            { title: t('档案号'), dataIndex: 'caseNo', render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
            { title: t('姓名'), dataIndex: 'maskedName', render: (v: string) => tx(v) },
            { title: t('单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
            {
              title: t('类别'),
              dataIndex: 'category',
              render: (v: NoticeRowView['category']) => <Tag color={CATEGORY_COLORS[v]}>{t(CATEGORY_LABELS[v])}</Tag>,
            },
            { title: t('主要原因'), dataIndex: 'mainCause', render: (v: NoticeRowView['mainCause']) => t(CAUSE_LABELS[v]) },
            { title: t('家庭人口'), dataIndex: 'householdSize', align: 'right', render: (v: number) => t('{n} 人', { n: v }) },
          ]}
        />
      </Card>
    </Page>
  );
}
