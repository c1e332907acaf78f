/**
 * Routes of the desk app: each module's pages from its web manifest (`web/modules.ts`), loaded on
 * demand, inside the frame; sign-in and phone pages outside it.
 */
import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { Button, Result } from 'antd';
import { useI18n } from './i18n/index.tsx';
import { AppLayout } from './AppLayout.tsx';
import { Guard, RequireAuth } from './routing.tsx';
import { WEB_MODULES } from './modules.ts';
import { LandOnOwnPage } from './landing.tsx';

const HomePage = lazy(() => import('./HomePage.tsx').then((m) => ({ default: m.HomePage })));

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

const framed = (element: ReactNode) => <RequireAuth>{element}</RequireAuth>;

export const routes: RouteObject[] = [
  ...WEB_MODULES.flatMap((m) => m.shellRoutes ?? []),
  {
    path: '/',
    element: framed(
      <LandOnOwnPage modules={WEB_MODULES}>
        <AppLayout />
      </LandOnOwnPage>,
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
      ...WEB_MODULES.flatMap((m) => m.routes ?? []),
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
