/** English for 活动's staff pages. Keys are the Simplified Chinese UI text (and the contract's labels); each part appends its own. */
import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {
  // 技能竞赛
  // 活动 (the engine: list, event page)
  活动: 'Events',
  活动概况: 'Event',
  '宣讲、文艺演出、技能竞赛、读书、培训、夏令营和疗休养：场次、名额、报名与签到':
    'Lectures, performances, skills competitions, reading events, trainings, summer camps and recuperation trips: sessions, places, sign-ups and check-in',
  '主办单位（含下级）': 'Organiser (with subunits)',
  暂无活动: 'No events',
  没有找到该活动: 'Event not found',
  返回活动列表: 'Back to events',
  活动名称: 'Event name',
  活动类型: 'Kind',
  主办单位: 'Organiser',
  时间: 'Time',
  清除筛选: 'Clear filters',
  宣讲: 'Lecture',
  文艺演出: 'Performance',
  技能竞赛: 'Skills competition',
  读书活动: 'Reading event',
  培训: 'Training',
  夏令营: 'Summer camp',
  疗休养: 'Recuperation trip',
  其他: 'Other',
  草稿: 'Draft',
  报名中: 'Sign-up open',
  报名截止: 'Sign-up closed',
  已结束: 'Finished',
  已取消: 'Cancelled',
};
