/** English for the 健康体检 portal pages. Keys are the Simplified Chinese UI text (and the contract's labels). */
import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {
  健康体检: 'Health check-ups',
  '预约体检、查看结果摘要': 'Book a check-up, see your result summary',
  我的体检: 'My check-ups',
  已预约: 'Booked',
  已到检: 'Checked in',
  待随访: 'To follow up',
  已随访: 'Followed up',
  户外劳动者体检: 'Outdoor workers’ check-up',
  '女职工“两癌”筛查': 'Women workers’ cervical and breast cancer screening',
  职业病检查: 'Occupational disease exam',
  普通体检: 'General check-up',
  '体检结果已出：共 {n} 项，{a} 项需要关注（{items}），请到医院复查或咨询医生。':
    'Your results are in: {n} {n:item|items}, {a} to watch ({items}). Please see a doctor for a re-check.',
  '体检结果已出：共 {n} 项，未见需要关注的项目。': 'Your results are in: {n} {n:item|items}, nothing to watch.',
  '请按预约日期空腹到医院体检，带上身份证。': 'Go to the hospital on your day without breakfast, and bring your ID card.',
  工会随访: 'Union follow-up',
  请选择体检日期: 'Choose a day',
  '请阅读并同意《体检健康信息处理告知书》后再预约': 'Please read and agree to the notice on your health data before booking',
  体检医院: 'Hospital',
  体检日期: 'Day',
  已约满: 'Full',
  '剩 {n} 个': '{n} left',
  暂无可预约的日期: 'No days open for booking',
  '体检套餐（选填）': 'Package (optional)',
  '《体检健康信息处理告知书》：您的体检结果属于敏感个人信息。医院将结果交给工会，仅用于安排复查和随访；工会查看均有记录，统计只用人数，不对外提供。':
    'Notice on your health data: your results are sensitive personal information. The hospital gives them to the union only to arrange re-checks and follow-ups; every view by the union is logged, statistics use counts only, and nothing is given to others.',
  我已阅读并同意: 'I have read and agree',
  预约体检: 'Book the check-up',
  加载中: 'Loading',
  加载失败: 'Could not load',
  目前没有您可以预约的体检项目: 'No check-ups open to you at the moment',
  '操作失败，请稍后重试': 'Something went wrong, please try again later',
};
