import { lazy, Suspense, type ReactNode } from 'react';
import { SpinLoading } from 'antd-mobile';
import { UserAddOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { useJoinNote } from './join.api.ts';

const JoinPage = lazy(() => import('./JoinPages.tsx').then((m) => ({ default: m.JoinPage })));
const StatusPage = lazy(() => import('./JoinPages.tsx').then((m) => ({ default: m.StatusPage })));
const TransferPage = lazy(() => import('./JoinPages.tsx').then((m) => ({ default: m.TransferPage })));

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

/** 入会 in the worker portal: join in three steps (also from a union's poster QR, ?org=), my application's status, 转会. */
export const membershipPortal: PortalModule = {
  name: 'membership',
  routes: [
    { path: 'join', element: lazyPage(<JoinPage />) },
    { path: 'join/status', element: lazyPage(<StatusPage />) },
    { path: 'join/transfer', registered: true, element: lazyPage(<TransferPage />) },
  ],
  services: [{ key: 'join', title: '入会申请', description: '三步申请加入工会、转会', icon: <UserAddOutline />, path: '/join', useNote: useJoinNote }],
  mine: [{ key: 'join', title: '我的入会申请', path: '/join/status' }],
};
