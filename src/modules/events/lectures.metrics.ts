import type { MetricDefinition } from '../../server/module.ts';

/** 宣讲点单's figures for statistics. */
export const LECTURE_METRICS: readonly MetricDefinition[] = [
  {
    key: 'events.lecture_orders',
    label: '送宣讲和文艺演出',
    unit: '场',
    description: '基层工会从总工会宣讲菜单点单、已开展（含已结办）的宣讲和文艺演出场次',
  },
  {
    key: 'events.lecture_coverage',
    label: '点单基层工会',
    unit: '个',
    description: '本年度至少点单一次（不含已取消）的基层工会（含联合、园区、村级工会），与基层工会总数之比即覆盖率',
  },
];
