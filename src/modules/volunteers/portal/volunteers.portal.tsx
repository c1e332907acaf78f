/**
 * 志愿服务 in the worker portal: joining and my volunteering (shifts, time, orders to take), the page
 * the venue's QR poster opens (签到 / 签退), 群众点单, and the certificate check anyone may open.
 * Pages load when first opened, so the portal's first load stays small.
 */
import { lazy } from 'react';
import { TeamOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { Lazy } from '../../../web/m/Lazy.tsx';

const VolunteerPage = lazy(() => import('./VolunteerPage.tsx').then((m) => ({ default: m.VolunteerPage })));
const ScanPage = lazy(() => import('./ScanPage.tsx').then((m) => ({ default: m.ScanPage })));
const OrdersPage = lazy(() => import('./OrdersPage.tsx').then((m) => ({ default: m.OrdersPage })));
const VerifyPage = lazy(() => import('./VerifyPage.tsx').then((m) => ({ default: m.VerifyPage })));

export const volunteersPortal: PortalModule = {
  name: 'volunteers',
  routes: [
    {
      path: 'volunteers',
      registered: true,
      element: (
        <Lazy>
          <VolunteerPage />
        </Lazy>
      ),
    },
    {
      path: 'volunteers/scan',
      registered: true,
      element: (
        <Lazy>
          <ScanPage />
        </Lazy>
      ),
    },
    {
      path: 'volunteers/orders',
      registered: true,
      element: (
        <Lazy>
          <OrdersPage />
        </Lazy>
      ),
    },
    {
      path: 'volunteers/verify',
      public: true,
      element: (
        <Lazy>
          <VerifyPage />
        </Lazy>
      ),
    },
  ],
  services: [{ key: 'volunteers', title: '志愿服务', description: '报名服务、扫码签到、群众点单', icon: <TeamOutline />, path: '/volunteers' }],
  mine: [{ key: 'volunteer-orders', title: '我点的服务', path: '/volunteers/orders' }],
};
