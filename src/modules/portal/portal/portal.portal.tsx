import { lazy, Suspense, type ReactNode } from 'react';
import { SpinLoading } from 'antd-mobile';
import type { PortalModule } from '../../../web/m/module.ts';

const LoginPage = lazy(() => import('./LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const BindPage = lazy(() => import('./BindPage.tsx').then((m) => ({ default: m.BindPage })));

const lazyPage = (page: ReactNode) => (
  <Suspense
    fallback={
      <div style={{ padding: 48, textAlign: 'center' }}>
        <SpinLoading style={{ margin: '0 auto' }} />
      </div>
    }
  >
    {page}
  </Suspense>
);

/** Signing in to the portal: 手机号登录 (public), and 核验身份 (linking the phone to a registry record by name and ID number). */
export const portalPortal: PortalModule = {
  name: 'portal',
  routes: [
    { path: 'login', public: true, element: lazyPage(<LoginPage />) },
    { path: 'bind', element: lazyPage(<BindPage />) },
  ],
  mine: [{ key: 'bind', title: '核验身份', path: '/bind' }],
};
