/**
 * Building blocks of routes, for the shell and every module's web manifest: the permission guard
 * with its lazy-loading boundary, the signed-in requirement, and a page route with its breadcrumb.
 */
import { Suspense, type ReactNode } from 'react';
import { Navigate, useLocation, type RouteObject } from 'react-router-dom';
import { Button, Result } from 'antd';
import type { Permission } from '../shared/permissions.ts';
import { useMe, usePermissions } from '../modules/auth/web/auth.api.ts';
import { ApiError, loginPathFor } from './http.ts';
import { useI18n } from './i18n/index.tsx';
import { Loading } from './components/QueryState.tsx';

export interface RouteHandle {
  crumb?: string;
}

/** Signed in, and past the forced password change; else to the login or password page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t, tx } = useI18n();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
    }
    return (
      <Result
        status="500"
        title={t('无法连接服务器')}
        subTitle={me.error instanceof ApiError ? tx(me.error.message) : t('请检查网络后重试')}
        extra={<Button onClick={() => void me.refetch()}>{t('重试')}</Button>}
      />
    );
  }
  if (me.data.account.mustChangePassword && location.pathname !== '/me/password') return <Navigate to="/me/password" replace />;
  return children;
}

/** Shows the page only to an account with `permission` (the server checks again on every call). */
export function Guard({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const t = useI18n().t;
  const { has } = usePermissions();
  if (permission && !has(permission)) {
    return <Result status="403" title={t('没有权限')} subTitle={t('您的账号没有访问此页面的权限，如需开通请联系上级管理员。')} />;
  }
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** A page route with its breadcrumb and permission. */
export const page = (path: string, crumb: string, element: ReactNode, permission?: Permission): RouteObject => ({
  path,
  handle: { crumb } satisfies RouteHandle,
  element: <Guard permission={permission}>{element}</Guard>,
});

/** A section with sub-pages (职工档案 › 职工详情): its crumb links back to the index page. */
export const section = (path: string, crumb: string, index: ReactNode, permission: Permission | undefined, children: RouteObject[]): RouteObject => ({
  path,
  handle: { crumb } satisfies RouteHandle,
  children: [{ index: true, element: <Guard permission={permission}>{index}</Guard> }, ...children],
});
