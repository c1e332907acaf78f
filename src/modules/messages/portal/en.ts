/** English of the 消息 portal pages. */
import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {
  消息: 'Messages',
  我的消息: 'My messages',
  未读: 'Unread',
  已读: 'Read',
  '{n} 条未读': '{n} unread',
  全部标为已读: 'Mark all as read',
  暂无消息: 'No messages yet',
  '申请进度、领取提醒会在这里通知您': 'Updates on your applications and pick-up reminders appear here',
  查看详情: 'View details',
  加载更多: 'Load more',
  没有更多了: 'No more messages',
  收起: 'Collapse',
  消息加载失败: 'Messages could not be loaded',
  重试: 'Retry',
  短信待发送: 'Text message pending',
  已发短信: 'Text message sent',
  短信发送失败: 'Text message failed',
  已按您的设置不发短信: 'No text message, as you chose',
  短信通知设置: 'Text message settings',
};
