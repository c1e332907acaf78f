/**
 * Left side of 组织架构: a search box (name, pinyin, initials such as "nmg", division code) and
 * the lazily loaded tree. Picking a search hit selects it; the page then opens the tree along its path.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, Empty, Flex, Input, List, Pagination, Spin, Tag, Tree, Typography, type GetRef } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { ORG_TYPE_LABELS, type OrgTreeNode } from '../orgs.contract.ts';
import { useI18n } from './i18n.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { buildOrgTree } from './orgTreeData.ts';
import { useOrgSearch, type useLazyOrgTree } from './orgs.api.ts';
import { useDebounced } from '../../../web/components/useDebounced.ts';

interface TreeItem {
  key: number;
  title: React.ReactNode;
  isLeaf: boolean;
  children?: TreeItem[];
}

function useTreeHeight() {
  const [h, setH] = useState(() => Math.max(360, window.innerHeight - 290));
  useEffect(() => {
    const on = () => setH(Math.max(360, window.innerHeight - 290));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

interface Props {
  tree: ReturnType<typeof useLazyOrgTree>;
  selectedId: number | undefined;
  expanded: number[];
  onExpand: (keys: number[]) => void;
  onSelect: (id: number) => void;
}

export function OrgTreePanel({ tree, selectedId, expanded, onExpand, onSelect }: Props) {
  const { t, tx } = useI18n();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const q = useDebounced(text.trim(), 300);
  const search = useOrgSearch({ q, page, pageSize: 20 }, q.length > 0);
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const height = useTreeHeight();
  const scrolledFor = useRef<number | null>(null);

  const treeData = useMemo(
    () =>
      buildOrgTree<TreeItem>(tree.roots, tree.childrenOf, (n: OrgTreeNode) => ({
        key: n.id,
        isLeaf: n.childCount === 0,
        title: (
          <span className={n.status === 'inactive' ? 'nj-tree-inactive' : undefined} data-org-id={n.id}>
            <span className="nj-org-name">{tx(n.name)}</span>
            {n.descendantCount > 0 && <span className="nj-count">({n.descendantCount})</span>}
            {n.status === 'inactive' && (
              <Tag bordered={false} style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>
                {t('已停用')}
              </Tag>
            )}
          </span>
        ),
      })),
    [tree.roots, tree.childrenOf, t, tx],
  );

  // Bring the selected org into view once it is in the tree.
  const present = useMemo(() => {
    const ids = new Set<number>(tree.roots.map((r) => r.id));
    for (const l of tree.childrenOf.values()) for (const n of l) ids.add(n.id);
    return ids;
  }, [tree.roots, tree.childrenOf]);
  useEffect(() => {
    if (selectedId && present.has(selectedId) && scrolledFor.current !== selectedId) {
      scrolledFor.current = selectedId;
      setTimeout(() => treeRef.current?.scrollTo({ key: selectedId, align: 'auto', offset: 40 }), 50);
    }
  }, [selectedId, present, treeData]);

  const searching = q.length > 0;

  return (
    <Card
      variant="borderless"
      title={
        <Flex align="center" gap={8}>
          <ApartmentOutlined />
          {t('组织树')}
        </Flex>
      }
      styles={{ body: { padding: 12 } }}
    >
      <Input.Search
        allowClear
        placeholder={t('名称、拼音、首字母或区划代码')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        data-testid="org-search"
      />
      {searching ? (
        <div style={{ height, overflow: 'auto' }} data-testid="org-search-results">
          {search.error ? (
            <LoadError error={search.error} />
          ) : search.isLoading ? (
            <Flex justify="center" style={{ padding: 32 }}>
              <Spin />
            </Flex>
          ) : (search.data?.items.length ?? 0) === 0 ? (
            <Empty description={t('没有找到匹配的组织')} />
          ) : (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12, padding: '0 12px' }}>
                {t('找到 {n} 个组织', { n: search.data!.total })}
              </Typography.Text>
              <List
                size="small"
                split={false}
                dataSource={search.data!.items}
                renderItem={(hit) => (
                  <List.Item
                    className="nj-search-hit"
                    onClick={() => {
                      setText('');
                      onSelect(hit.id);
                    }}
                  >
                    <div style={{ minWidth: 0 }}>
                      <Flex gap={6} align="center" wrap>
                        <Typography.Text strong className={hit.status === 'inactive' ? 'nj-tree-inactive' : undefined}>
                          {tx(hit.name)}
                        </Typography.Text>
                        <Tag bordered={false} color="blue" style={{ fontSize: 11 }}>
                          {t(ORG_TYPE_LABELS[hit.type])}
                        </Tag>
                        {hit.status === 'inactive' && <Tag bordered={false}>{t('已停用')}</Tag>}
                      </Flex>
                      {hit.trail && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {tx(hit.trail)}
                        </Typography.Text>
                      )}
                    </div>
                  </List.Item>
                )}
              />
              {search.data!.total > 20 && (
                <Flex justify="center" style={{ marginTop: 8 }}>
                  <Pagination size="small" simple current={page} pageSize={20} total={search.data!.total} onChange={setPage} />
                </Flex>
              )}
            </>
          )}
        </div>
      ) : tree.rootError ? (
        <LoadError error={tree.rootError} />
      ) : tree.rootLoading ? (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin />
        </Flex>
      ) : (
        <div data-testid="org-tree">
          <Tree<TreeItem>
            ref={treeRef}
            blockNode
            showLine={{ showLeafIcon: false }}
            height={height}
            treeData={treeData}
            expandedKeys={expanded}
            onExpand={(keys) => onExpand(keys.map(Number))}
            loadedKeys={[...tree.childrenOf.keys()]}
            loadData={(node) => tree.load(Number(node.key))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys, info) => {
              const id = Number(info.node.key);
              if (keys.length === 0 && id === selectedId) return; // clicking the selected node keeps it selected
              onSelect(id);
            }}
          />
        </div>
      )}
    </Card>
  );
}
