/**
 * 重点关爱名单: the living model workers who need care most — aged 80 and over (each union may set
 * its own age), disabled or incapacitated, living alone, ill or lately in hospital — with the reason
 * each is on it. Staff work through those due a visit (none within the union's interval) and mark
 * each visited by recording the visit; the list then moves on.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Flex, Select, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { HONOUR_LEVEL_LABELS, ListPriorityQuery, PRIORITY_REASONS, PRIORITY_REASON_LABELS, type PriorityRow } from '../modelworkers.contract.ts';
import { usePriority } from './modelworkers.api.ts';
import { CareModal } from './CareModals.tsx';
import { LEVEL_COLORS, reasonText } from './labels.ts';
import { useI18n } from './i18n.ts';

export function PriorityPage() {
  const { t, tx, date } = useI18n();
  const { has } = usePermissions();
  const { query, setFilters, paging } = useUrlQuery(ListPriorityQuery);
  const list = usePriority(query);
  const [visiting, setVisiting] = useState<PriorityRow | null>(null);

  const columns: TableProps<PriorityRow>['columns'] = [
    { title: t('姓名'), dataIndex: 'name', key: 'name', width: 100, render: (v: string, r) => <Link to={`/modelworkers/${r.id}`}>{tx(v)}</Link> },
    { title: t('年龄'), dataIndex: 'age', key: 'age', width: 70, align: 'right' },
    { title: t('所属工会'), key: 'org', width: 200, ellipsis: { showTitle: true }, render: (_, r) => tx(r.org.name) },
    {
      title: t('荣誉'),
      key: 'honours',
      width: 220,
      render: (_, r) => (
        <Flex gap={4} wrap>
          {r.honours.map((h) => (
            <Tag key={`${h.level}-${h.year}`} color={LEVEL_COLORS[h.level]}>
              {t(HONOUR_LEVEL_LABELS[h.level])}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('关爱原因'),
      key: 'reasons',
      render: (_, r) => (
        <Flex gap={4} wrap data-testid="priority-reasons">
          {r.reasons.map((x) => (
            <Tag key={x.code} color="volcano">
              {reasonText(x, t, tx, date)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('上次走访'),
      key: 'lastVisitOn',
      width: 190,
      render: (_, r) => (
        <Flex gap={6} align="center" wrap>
          <span>{r.lastVisitOn ? date(r.lastVisitOn) : t('未走访')}</span>
          {r.due ? <Tag color="red">{t('待走访')}</Tag> : <Tag color="green">{t('{n} 天内已走访', { n: r.visitDays })}</Tag>}
        </Flex>
      ),
    },
    ...(has('modelworkers:manage')
      ? [
          {
            title: t('操作'),
            key: 'actions',
            width: 110,
            render: (_: unknown, r: PriorityRow) => (
              <Button size="small" type={r.due ? 'primary' : 'default'} onClick={() => setVisiting(r)} data-testid="priority-visit">
                {t('登记走访')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title={t('重点关爱名单')}
      subTitle={t('高龄、残疾或失能、独居、患病或近期住院的在世劳模；走访后登记，名单随之更新（慰问活动中向本人发放也算一次走访）')}
    >
      <Card variant="borderless">
        <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
          <Flex gap={8} align="center">
            <Switch checked={query.due === '1'} onChange={(v) => setFilters({ due: v ? '1' : '0' })} aria-label={t('只看待走访')} data-testid="priority-due" />
            <Typography.Text>{t('只看待走访')}</Typography.Text>
          </Flex>
          <Select
            allowClear
            placeholder={t('关爱原因')}
            aria-label={t('关爱原因')}
            value={query.reason}
            onChange={(reason) => setFilters({ reason })}
            options={PRIORITY_REASONS.map((r) => ({ value: r, label: t(PRIORITY_REASON_LABELS[r]) }))}
            style={{ width: 160 }}
          />
          <OrgTreeSelect value={query.orgId} onChange={(orgId) => setFilters({ orgId })} placeholder={t('单位（含下级）')} allowClear style={{ width: 220 }} />
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<PriorityRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1100 }}
          data-testid="priority-table"
          locale={{ emptyText: query.due === '1' ? t('没有待走访的重点关爱劳模') : t('没有重点关爱的劳模') }}
          {...paging(list.data?.total ?? 0, t)}
        />
      </Card>
      {visiting ? <CareModal personId={visiting.id} open onClose={() => setVisiting(null)} /> : null}
    </Page>
  );
}
