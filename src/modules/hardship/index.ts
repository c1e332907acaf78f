/**
 * What other modules may use of 困难职工帮扶. Nothing yet: the app reaches the module through its
 * manifest (hardship.module.ts), listed in server/modules.ts.
 */
export {};
