import { lazy } from 'react';
import { TrophyOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const RegisterPage = lazy(() => import('./RegisterPage.tsx').then((m) => ({ default: m.RegisterPage })));
const ModelWorkerPage = lazy(() => import('./ModelWorkerPage.tsx').then((m) => ({ default: m.ModelWorkerPage })));
const PriorityPage = lazy(() => import('./PriorityPage.tsx').then((m) => ({ default: m.PriorityPage })));
const RunsPage = lazy(() => import('./RunsPage.tsx').then((m) => ({ default: m.RunsPage })));
const RunPage = lazy(() => import('./RunPage.tsx').then((m) => ({ default: m.RunPage })));

/** 劳模关爱: the register, a model worker's record, the priority list, the allowance runs. */
export const modelWorkersWeb: WebModule = {
  name: 'modelworkers',
  routes: [
    section('modelworkers', '劳模关爱', <RegisterPage />, 'modelworkers:view', [
      page('priority', '重点关爱', <PriorityPage />, 'modelworkers:view'),
      section('runs', '津贴发放', <RunsPage />, 'modelworkers:view', [page(':id', '发放批次', <RunPage />, 'modelworkers:view')]),
      page(':id', '劳模档案', <ModelWorkerPage />, 'modelworkers:view'),
    ]),
  ],
  nav: [{ path: '/modelworkers', label: '劳模关爱', icon: <TrophyOutlined />, permission: 'modelworkers:view' }],
};
