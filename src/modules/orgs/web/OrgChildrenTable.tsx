/** 下级组织: the direct children of an org (the same cache as the tree), filtered, sorted, paged. */
import { useState } from 'react';
import { Button, Flex, Input, Table, Tag, Typography } from 'antd';
import { ORG_STATUSES, ORG_STATUS_LABELS, ORG_TYPES, ORG_TYPE_LABELS, type OrgTreeNode } from '../orgs.contract.ts';
import { useI18n } from './i18n.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useTreeLevel } from './orgs.api.ts';

export function OrgChildrenTable({ orgId, onOpen }: { orgId: number; onOpen: (id: number) => void }) {
  const { t, tx } = useI18n();
  const level = useTreeLevel(orgId);
  const [keyword, setKeyword] = useState('');
  const rows = (level.data ?? []).filter(
    (n) => !keyword || n.name.includes(keyword) || tx(n.name).includes(keyword) || (n.divisionCode ?? '').startsWith(keyword),
  );
  const typesPresent = ORG_TYPES.filter((x) => (level.data ?? []).some((n) => n.type === x));

  if (level.error) return <LoadError error={level.error} onRetry={() => level.refetch()} />;

  return (
    <div>
      <Flex gap={12} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('按名称或区划代码筛选')}
          style={{ width: 260 }}
          onSearch={(v) => setKeyword(v.trim())}
          onChange={(e) => !e.target.value && setKeyword('')}
        />
      </Flex>
      <Table<OrgTreeNode>
        rowKey="id"
        size="middle"
        loading={level.isLoading}
        dataSource={rows}
        pagination={{ defaultPageSize: 10, showSizeChanger: true, showTotal: (n) => t('共 {n} 个', { n }), hideOnSinglePage: false }}
        locale={{ emptyText: t('暂无下级组织') }}
        columns={[
          {
            title: t('组织名称'),
            dataIndex: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
            render: (v: string, r) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(r.id)}>
                <span className={r.status === 'inactive' ? 'nj-tree-inactive' : undefined}>{tx(v)}</span>
              </Button>
            ),
          },
          {
            title: t('组织类型'),
            dataIndex: 'type',
            filters: typesPresent.map((x) => ({ text: t(ORG_TYPE_LABELS[x]), value: x })),
            onFilter: (v, r) => r.type === v,
            render: (v: OrgTreeNode['type']) => t(ORG_TYPE_LABELS[v]),
          },
          {
            title: t('行政区划代码'),
            dataIndex: 'divisionCode',
            sorter: (a, b) => (a.divisionCode ?? '').localeCompare(b.divisionCode ?? ''),
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('状态'),
            dataIndex: 'status',
            filters: ORG_STATUSES.map((s) => ({ text: t(ORG_STATUS_LABELS[s]), value: s })),
            onFilter: (v, r) => r.status === v,
            render: (s: OrgTreeNode['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(ORG_STATUS_LABELS[s])}</Tag>,
          },
          { title: t('直属下级'), dataIndex: 'childCount', align: 'right', sorter: (a, b) => a.childCount - b.childCount },
          {
            title: t('下辖组织'),
            dataIndex: 'descendantCount',
            align: 'right',
            sorter: (a, b) => a.descendantCount - b.descendantCount,
            render: (n: number) => (n > 0 ? n : <Typography.Text type="secondary">0</Typography.Text>),
          },
        ]}
      />
    </div>
  );
}
