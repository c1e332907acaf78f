/**
 * 消息 (the worker's inbox): what the portal shows of the notices the union sent a worker.
 * 短信 = text message, 未读/已读 = unread/read. Shared by server and portal: no Node, no React.
 */
import { Paging, pageOf, queryId, z } from '../../shared/contract.ts';

/** How the text message of a notice went: not by text, waiting, sent, failed, or withheld by the worker's choice. */
export const SMS_STATES = ['none', 'pending', 'sent', 'failed', 'skipped'] as const;
export type SmsState = (typeof SMS_STATES)[number];
export const SMS_STATE_LABELS: Record<SmsState, string> = {
  none: '',
  pending: '短信待发送',
  sent: '已发短信',
  failed: '短信发送失败',
  skipped: '已按您的设置不发短信',
};

export const WorkerMessage = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The portal page it opens (`/benefits`), or null. */
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
  sms: z.enum(SMS_STATES),
});
export type WorkerMessage = z.infer<typeof WorkerMessage>;

export const ListMessagesQuery = Paging.extend({ unread: z.enum(['1', '0']).optional() });
export const MessagesPage = pageOf(WorkerMessage).extend({ unread: z.number().int() });
export type MessagesPage = z.infer<typeof MessagesPage>;
export const UnreadCount = z.object({ unread: z.number().int() });
export const MessageIdParams = z.object({ id: queryId('消息') });
