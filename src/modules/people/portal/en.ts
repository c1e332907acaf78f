import type { Dictionary } from '../../../web/i18n/locales.ts';

/** English words of 职工档案's portal pages (电子会员卡). */
export const EN: Dictionary = {
  电子会员卡: 'Member card',
  出示给工会工作人员扫码核验: 'Show it to union staff to scan',
  会员编号: 'Member no.',
  入会日期: 'Joined',
  会籍状态: 'Membership',
  所属工会: 'Union',
  '会员码每 {n} 秒自动更新，截图无效': 'The code renews every {n} seconds; a screenshot does not work',
  '有效至 {time}': 'Valid until {time}',
  您还不是工会会员: 'You are not a union member yet',
  '入会后这里会显示您的电子会员卡。': 'Your member card will show here once you join.',
  申请入会: 'Apply to join',
  会员码: 'Member code',
  '会员码（请工作人员扫描）': 'Member code (for staff to scan)',
  正在更新会员码: 'Renewing the code',
};
