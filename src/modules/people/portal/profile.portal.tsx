import { lazy, Suspense, type ReactNode } from 'react';
import { SpinLoading } from 'antd-mobile';
import type { PortalModule } from '../../../web/m/module.ts';

const ProfilePage = lazy(() => import('./profile/ProfilePage.tsx').then((m) => ({ default: m.ProfilePage })));
const CorrectionPage = lazy(() => import('./profile/CorrectionPage.tsx').then((m) => ({ default: m.CorrectionPage })));

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

/** 我的资料 in the worker portal: my record masked, correction requests, consents and the download of my data. */
export const profilePortal: PortalModule = {
  name: 'profile',
  routes: [
    { path: 'profile', registered: true, element: lazyPage(<ProfilePage />) },
    { path: 'profile/correct', registered: true, element: lazyPage(<CorrectionPage />) },
  ],
  mine: [{ key: 'profile', title: '我的资料', path: '/profile' }],
};
