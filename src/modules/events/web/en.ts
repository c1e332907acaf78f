/** English for 活动's staff pages. Keys are the Simplified Chinese UI text (and the contract's labels); each part appends its own. */
import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {
  // 技能竞赛
};
