/**
 * Sign-in, the current account, accounts and roles: query keys, hooks and what each write
 * invalidates. The session probe (`useMe`) also hands the CSRF token to http.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { http, setCsrfToken, download } from '../../../web/http.ts';
import type { AccountView, CreateAccountInput, ListAccountsQuery, LoginInput, Me, Permission, Role, UpdateAccountInput } from '../auth.contract.ts';
import type { AccountStats, RoleView } from '../auth.contract.ts';
import type { SystemInfo } from '../../system/system.contract.ts';
import type { z } from 'zod';

export type AccountPage = { items: AccountView[]; total: number; page: number; pageSize: number };
export type AccountStatsView = z.infer<typeof AccountStats>;
export type RoleViewRow = z.infer<typeof RoleView>;
export type AccountFilters = Partial<Omit<ListAccountsQuery, 'page' | 'pageSize'>>;

export const authKeys = {
  me: ['me'] as const,
  systemInfo: ['system', 'info'] as const,
  accounts: ['accounts'] as const,
  accountList: (q: Partial<ListAccountsQuery>) => ['accounts', 'list', q] as const,
  accountStats: ['accounts', 'stats'] as const,
  roles: ['roles'] as const,
};

export async function fetchMe(): Promise<Me> {
  const me = await http.get<Me>('/api/auth/me', undefined, { noAuthRedirect: true });
  setCsrfToken(me.csrfToken);
  return me;
}

/** The signed-in account; an ApiError with status 401 when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: fetchMe, staleTime: 60_000, retry: false, refetchOnWindowFocus: true });
}

/** The permissions of the signed-in account (empty while loading). */
export function usePermissions() {
  const { data } = useMe();
  const set = new Set<string>(data?.permissions ?? []);
  return { has: (p: Permission) => set.has(p), me: data };
}

export function useSystemInfo() {
  return useQuery({
    queryKey: authKeys.systemInfo,
    queryFn: () => http.get<SystemInfo>('/api/system/info', undefined, { noAuthRedirect: true }),
    staleTime: 5 * 60_000,
  });
}

async function startFresh(qc: QueryClient) {
  setCsrfToken(null);
  await qc.cancelQueries();
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system' });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: LoginInput) => {
      await http.post('/api/auth/login', input, { noAuthRedirect: true });
      await startFresh(qc);
      return qc.fetchQuery({ queryKey: authKeys.me, queryFn: fetchMe });
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (everywhere: boolean) => {
      if (everywhere) return (await http.post<{ revoked: number }>('/api/auth/sessions/revoke-all')).revoked;
      await http.post('/api/auth/logout');
      return 1;
    },
    onSettled: () => startFresh(qc),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => http.post('/api/auth/password', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.me }),
  });
}

export function useAccounts(q: Partial<ListAccountsQuery>) {
  return useQuery({
    queryKey: authKeys.accountList(q),
    queryFn: () => http.get<AccountPage>('/api/accounts', q),
    placeholderData: keepPreviousData,
  });
}

export function useAccountStats(enabled = true) {
  return useQuery({ queryKey: authKeys.accountStats, queryFn: () => http.get<AccountStatsView>('/api/accounts/stats'), enabled });
}

export function useRoles() {
  return useQuery({ queryKey: authKeys.roles, queryFn: () => http.get<RoleViewRow[]>('/api/roles') });
}

export function exportAccounts(filters: AccountFilters) {
  return download('/api/accounts/export', filters, '账号列表.xlsx');
}

function useAccountWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: authKeys.accounts }),
        qc.invalidateQueries({ queryKey: authKeys.roles }),
        qc.invalidateQueries({ queryKey: ['audit'] }),
      ]);
    },
  });
}

export const useCreateAccount = () => useAccountWrite((input: CreateAccountInput) => http.post<AccountView>('/api/accounts', input));
export const useUpdateAccount = () =>
  useAccountWrite(({ id, data }: { id: number; data: UpdateAccountInput }) => http.patch<AccountView>(`/api/accounts/${id}`, data));
export const useResetPassword = () =>
  useAccountWrite(({ id, password }: { id: number; password: string }) => http.post(`/api/accounts/${id}/reset-password`, { password }));
export const useRevokeSessions = () => useAccountWrite((id: number) => http.post<{ revoked: number }>(`/api/accounts/${id}/revoke-sessions`));

/** A password that passes the contract: 12 characters, letters and digits, no look-alikes. */
export function generatePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const pick = (s: string) => {
    const buf = new Uint32Array(1);
    crypto.getRandomValues(buf);
    return s[buf[0]! % s.length]!;
  };
  const chars = [pick(letters), pick(letters.toUpperCase()), pick(digits)];
  while (chars.length < 12) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const buf = new Uint32Array(1);
    crypto.getRandomValues(buf);
    const j = buf[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export type { Role };
