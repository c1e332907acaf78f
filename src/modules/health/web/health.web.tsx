import { lazy } from 'react';
import { MedicineBoxOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const HealthPage = lazy(() => import('./HealthPage.tsx').then((m) => ({ default: m.HealthPage })));
const FollowupsPage = lazy(() => import('./FollowupsPage.tsx').then((m) => ({ default: m.FollowupsPage })));

/** 健康守护: check-up programmes, bookings, results import, follow-ups and statistics. */
export const healthWeb: WebModule = {
  name: 'health',
  routes: [section('health', '健康守护', <HealthPage />, 'health:read', [page('followups', '异常随访', <FollowupsPage />, 'health:results')])],
  nav: [{ path: '/health', label: '健康守护', icon: <MedicineBoxOutlined />, permission: 'health:read' }],
};
