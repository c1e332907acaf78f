export { registerAuthRoutes } from './auth.routes.ts';
export { resolveSession, csrfMatches, type ResolvedSession, type SessionSettings } from './sessions.service.ts';
export { createAccount } from './accounts.service.ts';
export { countAccounts, insertAccount } from './auth.repository.ts';
export { hashPassword } from './passwords.ts';
