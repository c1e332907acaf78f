import { lazy, Suspense } from 'react';
import { SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page } from '../../../web/routing.tsx';
import { Loading } from '../../../web/components/QueryState.tsx';

const LoginPage = lazy(() => import('./LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ChangePasswordPage = lazy(() => import('./ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })));
const AccountsPage = lazy(() => import('./AccountsPage.tsx').then((m) => ({ default: m.AccountsPage })));
const RolesPage = lazy(() => import('./RolesPage.tsx').then((m) => ({ default: m.RolesPage })));

export const authWeb: WebModule = {
  name: 'auth',
  routes: [
    page('accounts', '账号管理', <AccountsPage />, 'account:read'),
    page('roles', '角色权限', <RolesPage />, 'account:read'),
    page('me/password', '修改密码', <ChangePasswordPage />),
  ],
  shellRoutes: [
    {
      path: '/login',
      element: (
        <Suspense fallback={<Loading />}>
          <LoginPage />
        </Suspense>
      ),
    },
  ],
  nav: [
    { path: '/accounts', label: '账号管理', icon: <TeamOutlined />, permission: 'account:read' },
    { path: '/roles', label: '角色权限', icon: <SafetyCertificateOutlined />, permission: 'account:read' },
  ],
};
