import { lazy } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const RetrofitsPage = lazy(() => import('./RetrofitsPage.tsx').then((m) => ({ default: m.RetrofitsPage })));
const PlanPage = lazy(() => import('./PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const ProgrammePage = lazy(() => import('./ProgrammePage.tsx').then((m) => ({ default: m.ProgrammePage })));

/** 适老化改造 (劳模关爱): the board, programmes and statistics; a plan's page; a programme's page. */
export const retrofitsWeb: WebModule = {
  name: 'retrofits',
  routes: [
    section('retrofits', '适老化改造', <RetrofitsPage />, 'retrofits:view', [
      page('plans/:id', '改造方案', <PlanPage />, 'retrofits:view'),
      page('programmes/:id', '改造项目', <ProgrammePage />, 'retrofits:view'),
    ]),
  ],
  nav: [{ path: '/retrofits', label: '适老化改造', icon: <HomeOutlined />, permission: 'retrofits:view' }],
};
