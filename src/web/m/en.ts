import type { Dictionary } from '../i18n/locales.ts';

/** English words of the portal shell (`src/web/m`). */
export const EN: Dictionary = {
  娘家人: 'Niangjia',
  职工端: 'Worker portal',
  首页: 'Home',
  消息: 'Messages',
  我的: 'Me',
  长辈版: 'Large text',
  标准版: 'Standard',
  语言: 'Language',
  工会为职工办实事: 'Your union, your family home',
  我的服务: 'My services',
  页面不存在: 'Page not found',
  返回首页: 'Back to home',
  退出登录: 'Sign out',
  '已登录：{phone}': 'Signed in: {phone}',
  您的手机号尚未关联职工档案: 'Your phone is not linked to a worker record yet',
  '核验身份或申请入会后即可使用此项服务。': 'Verify your identity or apply to join the union to use this service.',
  去核验或入会: 'Verify or join',
  '核验身份（已是会员）': 'Verify your identity (already a member)',
  申请入会: 'Apply to join',
  加载失败: 'Failed to load',
  重试: 'Retry',
  加载中: 'Loading',
  手机号登录: 'Sign in with your phone',
  '演示环境：数据均为虚构': 'Demo installation: all data is made up',
  // The photo picker (PhotoPicker.tsx), shared by the modules' forms
  拍照或选择照片: 'Take or choose a photo',
  '第 {n} 张照片': 'Photo {n}',
  '只能上传照片（JPG 或 PNG 格式）': 'Only photos can be sent (JPG or PNG)',
  '每张照片不能超过 5 MB': 'Each photo must be 5 MB or less',
  // Home tiles and 我的 entries of the modules (the shell's pages say them)
  申请帮扶: 'Ask for help',
  '困难自测，在线申请': 'Hardship self-test, apply online',
  我的帮扶申请: 'My help requests',
  我的资料: 'My details',
};
