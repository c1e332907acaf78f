import { lazy } from 'react';
import { HeartOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { section } from '../../../web/routing.tsx';

const VolunteersPage = lazy(() => import('./VolunteersPage.tsx').then((m) => ({ default: m.VolunteersPage })));

/** 志愿服务: volunteers, teams, projects and shifts, service time, the 三单制 board and the roll-up. */
export const volunteersWeb: WebModule = {
  name: 'volunteers',
  routes: [section('volunteers', '志愿服务', <VolunteersPage />, 'volunteers:read', [])],
  nav: [{ path: '/volunteers', label: '志愿服务', icon: <HeartOutlined />, permission: 'volunteers:read' }],
};
