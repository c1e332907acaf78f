/** What other modules may use of 账号权限. */
export { createAccount, insertSystemAccount, countAccounts } from './accounts.service.ts';
export { hashPassword } from './passwords.ts';
