/**
 * How the worker portal talks to the server (see `http-core.ts`): the worker's own session and
 * CSRF token (`/api/m/me`); 401 sends the worker to the sign-in page, remembering where they were.
 */
import { createHttp } from '../http-core.ts';

export { ApiError, withQuery, type FieldMessage } from '../http-core.ts';

let navigateTo: (to: string) => void = (to) => window.location.assign(to);
let onSignedOut: () => void = () => {};

export function registerPortalNavigation(navigate: (to: string) => void, signedOut: () => void) {
  navigateTo = navigate;
  onSignedOut = signedOut;
}

/** The sign-in page with the page to come back to (a path under `/m/`, without the prefix). */
export function signInPathFor(wanted: string) {
  return wanted && wanted !== '/' && !wanted.startsWith('/login') ? `/login?redirect=${encodeURIComponent(wanted)}` : '/login';
}

const client = createHttp({
  mePath: '/api/m/me',
  isSignIn: (path) => path.startsWith('/api/m/auth/sign-in/'),
  onError: (error, opts) => {
    if (error.status !== 401 || opts.noAuthRedirect) return;
    onSignedOut();
    const here = window.location.pathname.replace(/^\/m/, '') + window.location.search;
    if (!here.startsWith('/login')) navigateTo(signInPathFor(here));
  },
});

export const { http, download, setCsrfToken } = client;
