/**
 * Routes of the worker portal under `/m/`: each module's pages (`m/modules.ts`), inside the frame
 * with the tab bar; pages that need a signed-in worker send a stranger to the sign-in page.
 */
import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router-dom';
import { ErrorBlock, SpinLoading } from 'antd-mobile';
import { PORTAL_MODULES } from './modules.ts';
import { PortalFrame } from './PortalFrame.tsx';
import { HomePage } from './HomePage.tsx';
import { MinePage } from './MinePage.tsx';
import { useWorker } from './session.ts';
import { signInPathFor } from './http.ts';
import { useT } from './i18n.ts';
import { NotRegistered } from './NotRegistered.tsx';

function RequireWorker({ children, registered }: { children: ReactNode; registered?: boolean }) {
  const me = useWorker();
  const location = useLocation();
  if (me === undefined)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <SpinLoading style={{ margin: '0 auto' }} />
      </div>
    );
  if (me === null) return <Navigate to={signInPathFor(location.pathname + location.search)} replace />;
  if (registered && !me.worker.registered) return <NotRegistered />;
  return <>{children}</>;
}

function NotFound() {
  const t = useT();
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t('页面不存在')}</h1>
      <ErrorBlock status="empty" title={null} description={null} />
      <a href="/m/" className="nj-tap" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#c8102e' }}>
        {t('返回首页')}
      </a>
    </div>
  );
}

const moduleRoutes = PORTAL_MODULES.flatMap((m) => m.routes ?? []);

export const portalRoutes: RouteObject[] = [
  ...moduleRoutes.filter((r) => r.public).map((r) => ({ path: `/${r.path}`, element: r.element })),
  {
    path: '/',
    element: <PortalFrame />,
    children: [
      { index: true, element: <HomePage modules={PORTAL_MODULES} /> },
      {
        path: 'mine',
        element: (
          <RequireWorker>
            <MinePage modules={PORTAL_MODULES} />
          </RequireWorker>
        ),
      },
      ...moduleRoutes
        .filter((r) => !r.public)
        .map((r) => ({
          path: r.path,
          element: <RequireWorker registered={r.registered}>{r.element}</RequireWorker>,
        })),
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const portalRouter = createBrowserRouter(portalRoutes, { basename: '/m' });
