import { lazy } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const StationsPage = lazy(() => import('./StationsPage.tsx').then((m) => ({ default: m.StationsPage })));
const StationDetailPage = lazy(() => import('./StationDetail.tsx').then((m) => ({ default: m.StationDetailPage })));

/** 工会驿站: the stations of the account's subtree, their hours and amenities, posters and visits. */
export const stationsWeb: WebModule = {
  name: 'stations',
  routes: [section('stations', '工会驿站', <StationsPage />, 'stations:read', [page(':id', '驿站详情', <StationDetailPage />, 'stations:read')])],
  nav: [{ path: '/stations', label: '工会驿站', icon: <HomeOutlined />, permission: 'stations:read' }],
};
