/**
 * Picks an org of the user's subtree from a lazily loaded TreeSelect (GET /api/orgs/tree). A
 * value deeper than what is loaded is resolved through GET /api/orgs/:id `trail`, so its name shows.
 */
import { useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import type { OrgTreeNode } from '../../modules/orgs/orgs.contract.ts';
import { useLazyOrgTree, useOrg } from '../../modules/orgs/web/orgs.api.ts';
import { buildOrgTree, loadedIds } from '../../modules/orgs/web/orgTreeData.ts';
import { useI18n } from '../i18n/index.tsx';

interface Props {
  id?: string;
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Nodes that may be seen but not picked (e.g. the org being moved, incompatible parents). */
  disabledNode?: (node: OrgTreeNode) => boolean;
  /** Nodes whose children are not offered. */
  leafNode?: (node: OrgTreeNode) => boolean;
  style?: React.CSSProperties;
  status?: 'error' | 'warning' | '';
  disabled?: boolean;
}

interface Item {
  title: string;
  value: number;
  key: number;
  isLeaf: boolean;
  disabled?: boolean;
  name: string;
  children?: Item[];
}

export function OrgTreeSelect({ id, value, onChange, placeholder, allowClear, disabledNode, leafNode, style, status, disabled }: Props) {
  const { t, tx } = useI18n();
  const { roots, childrenOf, load, loadMany } = useLazyOrgTree();
  // The top org starts open, with its children loaded.
  const [expanded, setExpanded] = useState<(string | number)[] | null>(null);
  const rootId = roots[0]?.id;
  useEffect(() => {
    if (rootId === undefined || expanded !== null) return;
    setExpanded([rootId]);
    if (roots[0]!.childCount > 0) void load(rootId);
  }, [rootId, expanded, roots, load]);
  const present = useMemo(() => loadedIds(roots, childrenOf), [roots, childrenOf]);
  const missing = value != null && roots.length > 0 && !present.has(value) ? value : null;
  const { data: detail } = useOrg(missing);
  useEffect(() => {
    if (detail && detail.id === missing) loadMany(detail.trail.slice(0, -1).map((x) => x.id));
  }, [detail, missing, loadMany]);

  const treeData = buildOrgTree<Item>(roots, childrenOf, (n) => ({
    title: tx(n.name) + (n.status === 'inactive' ? `（${t('已停用')}）` : ''),
    name: `${n.name} ${tx(n.name)} ${n.shortName ?? ''}`,
    value: n.id,
    key: n.id,
    isLeaf: n.childCount === 0 || Boolean(leafNode?.(n)),
    disabled: disabledNode?.(n),
  }));

  return (
    <TreeSelect<number>
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      loadData={(node) => load(Number(node.value))}
      treeLoadedKeys={[...childrenOf.keys()]}
      placeholder={placeholder ?? t('请选择组织')}
      allowClear={allowClear}
      showSearch={{ filterTreeNode: (input, node) => String((node as unknown as Item).name ?? '').includes(input.trim()) }}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
      style={{ minWidth: 220, ...style }}
      status={status}
      disabled={disabled}
      treeExpandedKeys={expanded ?? []}
      onTreeExpand={(keys) => setExpanded(keys.map((k) => (typeof k === 'bigint' ? Number(k) : k)))}
      notFoundContent={t('无匹配组织')}
    />
  );
}
