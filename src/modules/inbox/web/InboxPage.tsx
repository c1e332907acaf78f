/**
 * 待办: what waits for this account, grouped by kind, each item linking straight to the page where
 * it is done; `?kind=` lists one group in full, paged.
 */
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Empty, Flex, List, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { LoadError, Loading } from '../../../web/components/QueryState.tsx';
import { useI18n } from './i18n.ts';
import { useInbox, useInboxItems, type InboxSummary } from './inbox.api.ts';

type Item = InboxSummary['groups'][number]['items'][number];

export function InboxPage() {
  const [search] = useSearchParams();
  const kind = search.get('kind');
  return kind ? <InboxGroupPage kind={kind} /> : <InboxOverview />;
}

function ItemLine({ item, kind }: { item: Item; kind: string }) {
  const { tx, date } = useI18n();
  return (
    <List.Item data-testid={`inbox-item-${kind}-${item.id}`} extra={<Typography.Text type="secondary">{date(item.since)}</Typography.Text>}>
      <List.Item.Meta
        title={
          <Link to={item.link} data-testid="inbox-link">
            {tx(item.title)} <RightOutlined style={{ fontSize: 11 }} />
          </Link>
        }
        description={item.subtitle ? tx(item.subtitle) : null}
      />
    </List.Item>
  );
}

function InboxOverview() {
  const { t, tx } = useI18n();
  const navigate = useNavigate();
  const inbox = useInbox();
  if (inbox.error) return <LoadError error={inbox.error} onRetry={() => inbox.refetch()} />;
  if (!inbox.data) return <Loading />;
  const open = inbox.data.groups.filter((g) => g.total > 0);
  return (
    <div className="nj-page">
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Space align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('待办')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="inbox-total">
            {t('共 {n} 项', { n: inbox.data.total })}
          </Typography.Text>
        </Space>
      </Card>
      {open.length === 0 ? (
        <Card variant="borderless">
          <Empty description={t('暂无待办事项')} data-testid="inbox-empty" />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {open.map((g) => (
            <Card
              key={g.kind}
              variant="borderless"
              data-testid={`inbox-group-${g.kind}`}
              title={
                <Space>
                  {tx(g.label)}
                  <Badge count={g.total} overflowCount={999} />
                </Space>
              }
              extra={
                g.total > g.items.length ? (
                  <Button type="link" onClick={() => navigate(`/inbox?kind=${encodeURIComponent(g.kind)}`)}>
                    {t('查看全部 {n} 项', { n: g.total })}
                  </Button>
                ) : null
              }
            >
              <List dataSource={g.items} renderItem={(item) => <ItemLine item={item} kind={g.kind} />} />
            </Card>
          ))}
        </Flex>
      )}
    </div>
  );
}

function InboxGroupPage({ kind }: { kind: string }) {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const pageSize = 20;
  const items = useInboxItems(kind, page, pageSize);
  if (items.error) return <LoadError error={items.error} onRetry={() => items.refetch()} />;
  return (
    <Card
      variant="borderless"
      title={items.data ? tx(items.data.label) : t('待办')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/inbox')}>
          {t('返回待办')}
        </Button>
      }
    >
      <Table
        rowKey="id"
        loading={items.isFetching}
        dataSource={items.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: items.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => {
            const next = new URLSearchParams(search);
            next.set('page', String(p));
            setSearch(next);
          },
        }}
        columns={[
          { title: t('事项'), dataIndex: 'title', render: (v: string, r: Item) => <Link to={r.link}>{tx(v)}</Link> },
          { title: t('说明'), dataIndex: 'subtitle', render: (v: string | null) => (v ? tx(v) : '—') },
          { title: t('等候自'), dataIndex: 'since', render: (v: string) => date(v) },
        ]}
      />
    </Card>
  );
}
