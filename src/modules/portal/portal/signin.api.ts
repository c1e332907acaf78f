/** The sign-in pages' calls (`/api/m/auth/sign-in/…`, `/api/m/bind`). */
import { useQuery } from '@tanstack/react-query';
import { http } from '../../../web/m/http.ts';
import type { SendCodeResult, SignInInfo } from '../portal.contract.ts';

export function useSignInInfo() {
  return useQuery({
    queryKey: ['m', 'sign-in', 'info'],
    queryFn: () => http.get<SignInInfo>('/api/m/auth/sign-in/info', undefined, { noAuthRedirect: true }),
    staleTime: Infinity,
  }).data;
}

export const sendCode = (phone: string) => http.post<SendCodeResult>('/api/m/auth/sign-in/code', { phone }, { noAuthRedirect: true });
export const verifyCode = (phone: string, code: string) =>
  http.post<{ registered: boolean }>('/api/m/auth/sign-in/verify', { phone, code }, { noAuthRedirect: true });
export const bindIdentity = (name: string, idNumber: string) =>
  http.post<{ registered: true; person: { name: string; org: { id: number; name: string } } }>('/api/m/bind', { name, idNumber });

/** Inside WeChat's own browser. */
export const inWechat = () => typeof navigator !== 'undefined' && /MicroMessenger/i.test(navigator.userAgent);

/** A path under /m/ to go back to (never another site). */
export function safeBack(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/login')) return '/';
  return raw;
}
