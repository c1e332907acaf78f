import { lazy, Suspense } from 'react';
import { SpinLoading } from 'antd-mobile';
import { UserContactOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';

const CardPage = lazy(() => import('./CardPage.tsx').then((m) => ({ default: m.CardPage })));

const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <SpinLoading style={{ margin: '0 auto' }} />
  </div>
);

/** 职工档案 in the worker portal: the member card (电子会员卡). */
export const peoplePortal: PortalModule = {
  name: 'people',
  routes: [
    {
      path: 'card',
      registered: true,
      element: (
        <Suspense fallback={loading}>
          <CardPage />
        </Suspense>
      ),
    },
  ],
  services: [{ key: 'card', title: '电子会员卡', description: '出示给工会工作人员扫码核验', icon: <UserContactOutline />, path: '/card' }],
  mine: [{ key: 'card', title: '电子会员卡', path: '/card' }],
};
