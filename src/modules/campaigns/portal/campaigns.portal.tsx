import { lazy, Suspense } from 'react';
import { SpinLoading } from 'antd-mobile';
import { GiftOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { usePickupNote } from './benefits.api.ts';

const BenefitsPage = lazy(() => import('./BenefitsPage.tsx').then((m) => ({ default: m.BenefitsPage })));

/** 慰问活动 in the worker portal: 我的权益 (pick-up codes, what I received). */
export const campaignsPortal: PortalModule = {
  name: 'campaigns',
  routes: [
    {
      path: 'benefits',
      registered: true,
      element: (
        <Suspense
          fallback={
            <div style={{ padding: 48, textAlign: 'center' }}>
              <SpinLoading style={{ margin: '0 auto' }} />
            </div>
          }
        >
          <BenefitsPage />
        </Suspense>
      ),
    },
  ],
  services: [{ key: 'benefits', title: '我的权益', description: '慰问品领取码、领取记录', icon: <GiftOutline />, path: '/benefits', useNote: usePickupNote }],
  mine: [{ key: 'benefits', title: '我的权益', path: '/benefits' }],
};
