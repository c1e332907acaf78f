/**
 * English for the app shell's own pages — the frame, the home page, the error pages. Other pages
 * do not see these words: 账号 here is the home page's "Accounts", not an audit record's type.
 */
import type { Dictionary } from './locales.ts';

export const SHELL: Dictionary = {
  首页: 'Home',
  // Menu entries and breadcrumbs that modules translate differently in their own pages.
  活动: 'Events',
  疗休养: 'Recuperation',
  技能竞赛: 'Skills competitions',
  新建活动: 'New campaign',
  统计: 'Statistics',
  退出所有设备: 'Sign out everywhere',
  全部退出: 'Sign out everywhere',
  '将使本账号在所有浏览器和设备上的登录失效，包括当前这台。确定继续吗？':
    'This ends the sessions of this account in every browser and device, including this one. Continue?',
  '已退出所有设备（{n} 个会话）': 'Signed out everywhere ({n} {n:session|sessions})',
  折叠菜单: 'Collapse menu',
  '当前为演示环境，数据均为演示数据，请勿录入真实个人信息': 'This is a demo installation with demo data. Do not enter real personal information.',
  简体: 'Simplified Chinese',
  繁體: 'Traditional Chinese',
  '您好，{name}': 'Hello, {name}',
  '今天是 {d}': 'Today is {d}',
  '下辖组织（含本级）': 'Organizations (incl. own)',
  正常运行的组织: 'Active organizations',
  已停用的组织: 'Disabled organizations',
  '账号（正常 / 全部）': 'Accounts (active / all)',
  下辖组织按类型: 'Organizations by type',
  账号按角色: 'Accounts by role',
  组织数: 'Organizations',
  账号: 'Accounts',
  常用功能: 'Shortcuts',
  您的账号暂未开通管理功能: 'Your account has no management functions yet',
  '等您审批、核查、回访或接收的事项，一点直达办理页面': 'What waits for you to approve, verify, follow up or accept, one click from where it is done',
  '浏览组织树，新增、编辑、移动下级组织，导入导出': 'Browse the union tree; add, edit and move organizations; import and export',
  '低保标准、救助上限等参数，按组织逐级继承': 'Minimum-living lines, aid caps and more, inherited down the tree',
  '本级及下级组织的账号、角色与登录状态': 'Accounts, roles and sign-in state of your subtree',
  每个角色可做的事与账号数: 'What each role may do, and how many accounts hold it',
  '谁在何时做了什么，哈希链防篡改校验': 'Who did what and when, with a tamper-evident hash chain',
  没有权限: 'No permission',
  '您的账号没有访问此页面的权限，如需开通请联系上级管理员。': 'Your account may not open this page. Ask your administrator for access.',
  页面不存在: 'Page not found',
  '您访问的页面不存在或已被移除。': 'The page does not exist or has been removed.',
  无法连接服务器: 'Cannot reach the server',
  请检查网络后重试: 'Check your network and try again',
  // The import dialog every whole-file import shares (components/ImportSheetModal.tsx)
  下载错误报告: 'Download error report',
  检查文件: 'Check file',
  确认导入: 'Import',
  将新增: 'To add',
  '只检查不写入；检查无误后再确认导入，全部成功或全部不导入': 'Checking writes nothing; once the file is fine, import it: every row or none',
  '发现 {n} 处问题，请修改文件后重新上传；本次未导入任何数据': '{n} {n:problem|problems} found: correct the file and upload it again; nothing was imported',
};
