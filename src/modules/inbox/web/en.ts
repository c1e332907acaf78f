/** English for the inbox (待办). Keys are the Simplified Chinese UI text and the labels the modules give their groups. */
import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {
  待办: 'To-do',
  '共 {n} 项': '{n} in all',
  暂无待办事项: 'Nothing is waiting for you',
  '查看全部 {n} 项': 'See all {n}',
  返回待办: 'Back to to-do',
  事项: 'Item',
  说明: 'Note',
  等候自: 'Waiting since',

  // The groups the modules contribute (server data, shown through tx()).
  待审批的慰问活动: 'Campaigns awaiting your approval',
  待核查的困难职工档案: 'Hardship files to verify',
  待公示的困难职工档案: 'Hardship files to put on notice',
  待审批建档的困难职工档案: 'Hardship files to approve',
  到期的回访: 'Follow-up visits due',
  待审核的补录服务时长: 'Back-filled volunteer time to approve',
  待随访的体检异常: 'Abnormal check-up findings to follow up',
  待派单的志愿服务需求: 'Volunteer service orders to dispatch',
  待审批的适老化改造方案: 'Home-retrofit plans to approve',
  待审批的改造费用变更: 'Retrofit cost changes to approve',
  待确认的劳模津贴发放: 'Model workers’ allowance runs to confirm',
  待走访的重点关爱劳模: 'Priority model workers due a visit',
  待核实的疑似重复档案: 'Possible duplicates to review',
  待接收的会籍转入: 'Membership transfers awaiting acceptance',
  待处理的信息更正申请: 'Record corrections to decide',
  待审核的互助金申请: 'Mutual-aid claims to review',
  待复核的互助金申请: 'Mutual-aid claims to recheck',
  待审批的互助金申请: 'Mutual-aid claims to approve',
  待生成支付批次的互助金: 'Approved mutual aid awaiting a payment batch',
};
