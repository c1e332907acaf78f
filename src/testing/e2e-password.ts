/** The administrator's password on the browser tests' servers. */
export const E2E_ADMIN_PASSWORD = 'E2eAdmin2026';
