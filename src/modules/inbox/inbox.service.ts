/** 待办 use cases: what waits for the actor, from every module's inbox sources. */
import type { Db } from '../../server/db.ts';
import { can, type Actor } from '../../server/actor.ts';
import { NotFound } from '../../server/errors.ts';
import type { InboxSource, ModuleManifest } from '../../server/module.ts';
import { INBOX_PREVIEW, type InboxItemsPage, type InboxSummary } from './inbox.contract.ts';

/** Every source the modules declare, in module order. */
export const sourcesOf = (modules: readonly ModuleManifest[]): InboxSource[] => modules.flatMap((m) => m.inbox ?? []);

/** The groups the actor may act on, each with its count and first items (one query per source). */
export async function inboxSummary(db: Db, actor: Actor, sources: readonly InboxSource[]): Promise<InboxSummary> {
  const groups = [];
  for (const s of sources.filter((x) => can(actor, x.permission))) {
    const { total, items } = await s.list(db, actor, { limit: INBOX_PREVIEW, offset: 0 });
    groups.push({ kind: s.kind, label: s.label, total, items });
  }
  return { total: groups.reduce((n, g) => n + g.total, 0), groups };
}

/** One group, paged; a kind the actor may not act on is not found. */
export async function inboxItems(
  db: Db,
  actor: Actor,
  sources: readonly InboxSource[],
  q: { kind: string; page: number; pageSize: number },
): Promise<InboxItemsPage> {
  const s = sources.find((x) => x.kind === q.kind && can(actor, x.permission));
  if (!s) throw new NotFound('待办类型', 'kind');
  const offset = (q.page - 1) * q.pageSize;
  const { total, items } = await s.list(db, actor, { limit: q.pageSize, offset });
  // Past the last page the window count has no row to ride on: count from the start.
  const all = items.length || offset === 0 ? total : (await s.list(db, actor, { limit: 1, offset: 0 })).total;
  return { kind: s.kind, label: s.label, items, total: all, page: q.page, pageSize: q.pageSize };
}
