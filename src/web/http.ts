/**
 * The one way the staff app talks to the server (see `http-core.ts`). 401 sends the user to the
 * login page (remembering where they were); 403 "请先修改初始密码" sends them to the change-password page.
 */
import { ApiError, createHttp } from './http-core.ts';

export { ApiError, withQuery, type FieldMessage, type RequestOptions } from './http-core.ts';

export const MUST_CHANGE_PASSWORD_MESSAGE = '请先修改初始密码';

type Navigate = (to: string, opts?: { replace?: boolean }) => void;
let navigateTo: Navigate = (to) => window.location.assign(to);
let onSignedOut: () => void = () => {};

/** The router registers its navigate function, so redirects do not reload the page. */
export function registerNavigation(navigate: Navigate, signedOut: () => void) {
  navigateTo = navigate;
  onSignedOut = signedOut;
}

export function currentPath() {
  return window.location.pathname + window.location.search;
}

export function loginPathFor(wanted: string) {
  return wanted && wanted !== '/' && !wanted.startsWith('/login') ? `/login?redirect=${encodeURIComponent(wanted)}` : '/login';
}

const client = createHttp({
  mePath: '/api/auth/me',
  // Signing in needs no token unless an old session is still open (then the server asks for it).
  isSignIn: (path) => path === '/api/auth/login',
  onError: (error: ApiError, opts) => {
    if (error.status === 401 && !opts.noAuthRedirect) {
      onSignedOut();
      if (!window.location.pathname.startsWith('/login')) navigateTo(loginPathFor(currentPath()), { replace: true });
    } else if (error.status === 403 && error.message === MUST_CHANGE_PASSWORD_MESSAGE) {
      if (window.location.pathname !== '/me/password') navigateTo('/me/password', { replace: true });
    }
  },
});

export const { http, download, downloadForUpload, setCsrfToken } = client;
