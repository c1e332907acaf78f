import type { OrgTreeNode } from '../orgs.contract.ts';

export interface OrgTreeItem<T> {
  node: OrgTreeNode;
  item: T;
}

/**
 * Builds nested tree data from the cached levels: `make` shapes one node, children are attached
 * where their parent's level is loaded, and a node with no children is a leaf.
 */
export function buildOrgTree<T extends { children?: T[] }>(roots: OrgTreeNode[], childrenOf: Map<number, OrgTreeNode[]>, make: (node: OrgTreeNode) => T): T[] {
  const seen = new Set<number>();
  const walk = (nodes: OrgTreeNode[]): T[] =>
    nodes.map((n) => {
      const item = make(n);
      const kids = childrenOf.get(n.id);
      if (kids && !seen.has(n.id)) {
        seen.add(n.id);
        item.children = walk(kids);
      }
      return item;
    });
  return walk(roots);
}

/** Every org id present in the loaded levels. */
export function loadedIds(roots: OrgTreeNode[], childrenOf: Map<number, OrgTreeNode[]>): Set<number> {
  const ids = new Set<number>(roots.map((r) => r.id));
  for (const list of childrenOf.values()) for (const n of list) ids.add(n.id);
  return ids;
}
