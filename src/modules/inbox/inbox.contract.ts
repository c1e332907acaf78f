/**
 * 待办 — the inbox: whatever waits for this account, collected from every module's manifest
 * (`inbox` sources): campaigns to approve, hardship files to verify, notice or approve, follow-ups
 * due, duplicate pairs to review, transfers to accept. Each group is a kind (`module.step`).
 * Glossary: 待办 inbox, 待审批 awaiting approval, 待核查 awaiting verification.
 */
import { z, text, Paging, pageOf } from '../../shared/contract.ts';

export const InboxItem = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string().nullable(),
  since: z.string(),
  link: z.string(),
});
export type InboxItem = z.infer<typeof InboxItem>;

/** How many items the summary carries per group (the rest are a page away). */
export const INBOX_PREVIEW = 5;

export const InboxGroup = z.object({
  kind: z.string(),
  label: z.string(),
  total: z.number().int(),
  items: z.array(InboxItem),
});
export type InboxGroup = z.infer<typeof InboxGroup>;

/** Every group the account may act on (also empty ones), and the sum for the menu's badge. */
export const InboxSummary = z.object({ total: z.number().int(), groups: z.array(InboxGroup) });
export type InboxSummary = z.infer<typeof InboxSummary>;

/** A kind is `module.step` (e.g. `campaigns.approve`); one no module declares is not found. */
export const InboxItemsQuery = Paging.extend({ kind: text('待办类型', { max: 40 }).regex(/^[a-z]+\.[a-z_]+$/, '待办类型无效') });
export const InboxItemsPage = pageOf(InboxItem).extend({ kind: z.string(), label: z.string() });
export type InboxItemsPage = z.infer<typeof InboxItemsPage>;
