import { lazy } from 'react';
import { UserAddOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const ApplicationsPage = lazy(() => import('./ApplicationsPage.tsx').then((m) => ({ default: m.ApplicationsPage })));
const StatsPage = lazy(() => import('./StatsPage.tsx').then((m) => ({ default: m.StatsPage })));
const PostersPage = lazy(() => import('./PostersPage.tsx').then((m) => ({ default: m.PostersPage })));

export const membershipWeb: WebModule = {
  name: 'membership',
  routes: [
    section('membership', '入会审批', <ApplicationsPage />, 'membership:read', [
      page('stats', '入会统计', <StatsPage />, 'membership:read'),
      page('posters', '入会二维码海报', <PostersPage />, 'membership:read'),
    ]),
  ],
  nav: [{ path: '/membership', label: '入会审批', icon: <UserAddOutlined />, permission: 'membership:read' }],
};
