/**
 * What other modules may use of 慰问活动. Nothing yet: the app reaches the module through its
 * manifest (campaigns.module.ts), listed in server/modules.ts.
 */
export {};
