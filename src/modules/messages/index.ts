/** What other modules may use of 消息: tell a worker something, in the transaction that changed it. */
export { notify, countNotices, type Notice } from './messages.service.ts';
export { sendDueTextMessages, type OutboxDeps, type OutboxOptions } from './outbox.service.ts';
