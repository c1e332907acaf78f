/**
 * Routes of the admin app. Pages are loaded on demand (one chunk per module); each route names
 * its breadcrumb and the permission it needs (the server checks again on every call).
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router-dom';
import { Button, Result } from 'antd';
import type { Permission } from '../modules/auth/auth.contract.ts';
import { useMe, usePermissions } from '../modules/auth/web/auth.api.ts';
import { ApiError, loginPathFor } from './http.ts';
import { useI18n } from './i18n/index.tsx';
import { AppLayout } from './AppLayout.tsx';
import { Loading } from './components/QueryState.tsx';

const LoginPage = lazy(() => import('../modules/auth/web/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ChangePasswordPage = lazy(() => import('../modules/auth/web/ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })));
const AccountsPage = lazy(() => import('../modules/auth/web/AccountsPage.tsx').then((m) => ({ default: m.AccountsPage })));
const RolesPage = lazy(() => import('../modules/auth/web/RolesPage.tsx').then((m) => ({ default: m.RolesPage })));
const OrgsPage = lazy(() => import('../modules/orgs/web/OrgsPage.tsx').then((m) => ({ default: m.OrgsPage })));
const PoliciesPage = lazy(() => import('../modules/policies/web/PoliciesPage.tsx').then((m) => ({ default: m.PoliciesPage })));
const AuditPage = lazy(() => import('../modules/audit/web/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const PeopleListPage = lazy(() => import('../modules/people/web/PeopleListPage.tsx').then((m) => ({ default: m.PeopleListPage })));
const PersonDetailPage = lazy(() => import('../modules/people/web/PersonDetailPage.tsx').then((m) => ({ default: m.PersonDetailPage })));
const ImportWizardPage = lazy(() => import('../modules/people/web/ImportWizardPage.tsx').then((m) => ({ default: m.ImportWizardPage })));
const DuplicatesPage = lazy(() => import('../modules/people/web/DuplicatesPage.tsx').then((m) => ({ default: m.DuplicatesPage })));
const OccupationsPage = lazy(() => import('../modules/people/web/OccupationsPage.tsx').then((m) => ({ default: m.OccupationsPage })));
const CampaignListPage = lazy(() => import('../modules/campaigns/web/CampaignListPage.tsx').then((m) => ({ default: m.CampaignListPage })));
const CampaignWizardPage = lazy(() => import('../modules/campaigns/web/CampaignWizardPage.tsx').then((m) => ({ default: m.CampaignWizardPage })));
const CampaignDetailPage = lazy(() => import('../modules/campaigns/web/CampaignDetailPage.tsx').then((m) => ({ default: m.CampaignDetailPage })));
const DistributeLayout = lazy(() => import('../modules/campaigns/web/DistributePage.tsx').then((m) => ({ default: m.DistributeLayout })));
const PointChooserPage = lazy(() => import('../modules/campaigns/web/DistributePage.tsx').then((m) => ({ default: m.PointChooserPage })));
const PointPage = lazy(() => import('../modules/campaigns/web/DistributePage.tsx').then((m) => ({ default: m.PointPage })));
const CaseListPage = lazy(() => import('../modules/hardship/web/CaseListPage.tsx').then((m) => ({ default: m.CaseListPage })));
const CaseFormPage = lazy(() => import('../modules/hardship/web/CaseFormPage.tsx').then((m) => ({ default: m.CaseFormPage })));
const CasePage = lazy(() => import('../modules/hardship/web/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const NoticePage = lazy(() => import('../modules/hardship/web/NoticePage.tsx').then((m) => ({ default: m.NoticePage })));
const HardshipStatsPage = lazy(() => import('../modules/hardship/web/StatsPage.tsx').then((m) => ({ default: m.StatsPage })));
const HardshipTasksPage = lazy(() => import('../modules/hardship/web/TasksPage.tsx').then((m) => ({ default: m.TasksPage })));
const DiscoveryPage = lazy(() => import('../modules/hardship/web/DiscoveryPage.tsx').then((m) => ({ default: m.DiscoveryPage })));
const HardshipImportPage = lazy(() => import('../modules/hardship/web/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const HomePage = lazy(() => import('./HomePage.tsx').then((m) => ({ default: m.HomePage })));

export interface RouteHandle {
  crumb?: string;
}

/** Signed in, and past the forced password change; else to the login or password page. */
function RequireAuth({ children }: { children: ReactNode }) {
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
        extra={<Button onClick={() => me.refetch()}>{t('重试')}</Button>}
      />
    );
  }
  if (me.data.account.mustChangePassword && location.pathname !== '/me/password') return <Navigate to="/me/password" replace />;
  return children;
}

function Guard({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const t = useI18n().t;
  const { has } = usePermissions();
  if (permission && !has(permission)) {
    return <Result status="403" title={t('没有权限')} subTitle={t('您的账号没有访问此页面的权限，如需开通请联系上级管理员。')} />;
  }
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function NotFound() {
  const t = useI18n().t;
  return (
    <Result
      status="404"
      title={t('页面不存在')}
      subTitle={t('您访问的页面不存在或已被移除。')}
      extra={
        <Button type="primary" href="/">
          {t('返回首页')}
        </Button>
      }
    />
  );
}

const page = (path: string, crumb: string, element: ReactNode, permission?: Permission): RouteObject => ({
  path,
  handle: { crumb } satisfies RouteHandle,
  element: <Guard permission={permission}>{element}</Guard>,
});

export const routes: RouteObject[] = [
  {
    path: '/login',
    element: (
      <Suspense fallback={<Loading />}>
        <LoginPage />
      </Suspense>
    ),
  },
  // The distribution point is used on phones: full width, without the admin frame.
  {
    path: '/distribute',
    element: (
      <RequireAuth>
        <Guard permission="campaign:distribute">
          <DistributeLayout />
        </Guard>
      </RequireAuth>
    ),
    children: [
      {
        index: true,
        element: (
          <Guard>
            <PointChooserPage />
          </Guard>
        ),
      },
      {
        path: ':pointId',
        element: (
          <Guard>
            <PointPage />
          </Guard>
        ),
      },
    ],
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      {
        index: true,
        element: (
          <Guard>
            <HomePage />
          </Guard>
        ),
      },
      page('orgs/:id?', '组织架构', <OrgsPage />, 'org:read'),
      {
        path: 'people',
        handle: { crumb: '职工档案' } satisfies RouteHandle,
        children: [
          {
            index: true,
            element: (
              <Guard permission="person:read">
                <PeopleListPage />
              </Guard>
            ),
          },
          page('import', '导入职工', <ImportWizardPage />, 'person:import'),
          page('duplicates', '疑似重复', <DuplicatesPage />, 'person:merge'),
          page('occupations', '职业代码表', <OccupationsPage />, 'person:read'),
          page(':id', '职工详情', <PersonDetailPage />, 'person:read'),
        ],
      },
      {
        path: 'campaigns',
        handle: { crumb: '慰问活动' } satisfies RouteHandle,
        children: [
          {
            index: true,
            element: (
              <Guard permission="campaign:read">
                <CampaignListPage />
              </Guard>
            ),
          },
          page('new', '新建活动', <CampaignWizardPage />, 'campaign:write'),
          page(':id/edit', '编辑活动', <CampaignWizardPage />, 'campaign:write'),
          page(':id', '活动详情', <CampaignDetailPage />, 'campaign:read'),
        ],
      },
      {
        path: 'hardship',
        handle: { crumb: '困难帮扶' } satisfies RouteHandle,
        children: [
          {
            index: true,
            element: (
              <Guard permission="hardship:read">
                <CaseListPage />
              </Guard>
            ),
          },
          page('new', '建档申请', <CaseFormPage />, 'hardship:write'),
          page('notice', '公示名单', <NoticePage />, 'hardship:read'),
          page('stats', '统计', <HardshipStatsPage />, 'hardship:read'),
          page('tasks', '待办', <HardshipTasksPage />, 'hardship:read'),
          page('discovery', '主动发现', <DiscoveryPage />, 'hardship:read'),
          page('import', '台账导入', <HardshipImportPage />, 'hardship:write'),
          page(':id', '困难职工档案', <CasePage />, 'hardship:read'),
        ],
      },
      page('policies', '政策参数', <PoliciesPage />, 'policy:read'),
      page('accounts', '账号管理', <AccountsPage />, 'account:read'),
      page('roles', '角色权限', <RolesPage />, 'account:read'),
      page('audit', '审计日志', <AuditPage />, 'audit:read'),
      page('me/password', '修改密码', <ChangePasswordPage />),
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
