/**
 * How a worker's help request stands, in the worker's words: plain data with no imports, so the
 * portal's home tile can count what is in review without loading the contract's validators.
 */

/** How an application stands, in the worker's words (the file's status, and refused or closed told apart). */
export const HELP_STAGES = ['pending', 'verified', 'noticed', 'approved', 'exited', 'refused', 'closed'] as const;
export type HelpStage = (typeof HELP_STAGES)[number];
export const HELP_STAGE_LABELS: Record<HelpStage, string> = {
  pending: '待核实',
  verified: '已核实',
  noticed: '公示中',
  approved: '已建档',
  exited: '已解困脱困',
  refused: '未通过',
  closed: '已销档',
};
/** What happens next, under the stage. */
export const HELP_STAGE_HINTS: Record<HelpStage, string> = {
  pending: '申请已提交，等待所在工会核实家庭情况',
  verified: '工会已核实您的家庭情况，即将公示',
  noticed: '正在公示，公示期满后由工会审批建档',
  approved: '已建立困难职工档案，工会将按规定为您提供帮扶',
  exited: '您家已解困脱困，工会将定期回访',
  refused: '申请未通过，如有疑问请联系所在工会',
  closed: '档案已销档',
};
/** The stages in which the application is still being decided (the home tile counts them). */
export const HELP_STAGES_IN_REVIEW: readonly HelpStage[] = ['pending', 'verified', 'noticed'];

/** A worker adds at most this many photos to one application. */
export const MAX_HELP_PHOTOS = 9;
