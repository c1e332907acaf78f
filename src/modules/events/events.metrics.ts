/** Figures of 活动's engine for statistics, counted from its own tables. */
import type { MetricDefinition } from '../../server/module.ts';

export const ENGINE_METRICS: readonly MetricDefinition[] = [
  { key: 'events.events', label: '举办活动', unit: '个', description: '开放报名、报名截止或已结束的活动（草稿和已取消的不计）' },
  { key: 'events.sessions', label: '活动场次', unit: '场', description: '开放报名、报名截止或已结束的活动的场次' },
  { key: 'events.signups', label: '活动报名', unit: '人次', description: '已确认名额的报名（含代报名和遴选确定），取消、放弃和过期的不计' },
  { key: 'events.waiting', label: '活动候补', unit: '人次', description: '正在候补或递补待确认的报名' },
  { key: 'events.attendance', label: '活动参加', unit: '人次', description: '登记到场的报名' },
  { key: 'events.ratings', label: '活动评价', unit: '人次', description: '参加后给出评分（1–5 分）的报名' },
];
