/** 健康体检 in the worker portal: booking a check-up with consent, my booking and my result summary. The page loads when first opened. */
import { lazy } from 'react';
import { HeartOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { Lazy } from '../../../web/m/Lazy.tsx';

const HealthPage = lazy(() => import('./HealthPage.tsx').then((m) => ({ default: m.HealthPage })));

export const healthPortal: PortalModule = {
  name: 'health',
  routes: [
    {
      path: 'health',
      registered: true,
      element: (
        <Lazy>
          <HealthPage />
        </Lazy>
      ),
    },
  ],
  services: [{ key: 'health', title: '健康体检', description: '预约体检、查看结果摘要', icon: <HeartOutline />, path: '/health' }],
  mine: [{ key: 'health-bookings', title: '我的体检', path: '/health' }],
};
