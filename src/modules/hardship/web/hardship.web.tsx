import { lazy } from 'react';
import { HeartOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const CaseListPage = lazy(() => import('./CaseListPage.tsx').then((m) => ({ default: m.CaseListPage })));
const CaseFormPage = lazy(() => import('./CaseFormPage.tsx').then((m) => ({ default: m.CaseFormPage })));
const CasePage = lazy(() => import('./CasePage.tsx').then((m) => ({ default: m.CasePage })));
const NoticePage = lazy(() => import('./NoticePage.tsx').then((m) => ({ default: m.NoticePage })));
const StatsPage = lazy(() => import('./StatsPage.tsx').then((m) => ({ default: m.StatsPage })));
const TasksPage = lazy(() => import('./TasksPage.tsx').then((m) => ({ default: m.TasksPage })));
const DiscoveryPage = lazy(() => import('./DiscoveryPage.tsx').then((m) => ({ default: m.DiscoveryPage })));
const ImportPage = lazy(() => import('./ImportPage.tsx').then((m) => ({ default: m.ImportPage })));

export const hardshipWeb: WebModule = {
  name: 'hardship',
  routes: [
    section('hardship', '困难帮扶', <CaseListPage />, 'hardship:read', [
      page('new', '建档申请', <CaseFormPage />, 'hardship:write'),
      page('notice', '公示名单', <NoticePage />, 'hardship:read'),
      page('stats', '统计', <StatsPage />, 'hardship:read'),
      page('tasks', '待办', <TasksPage />, 'hardship:read'),
      page('discovery', '主动发现', <DiscoveryPage />, 'hardship:read'),
      page('import', '台账导入', <ImportPage />, 'hardship:write'),
      page(':id', '困难职工档案', <CasePage />, 'hardship:read'),
    ]),
  ],
  nav: [{ path: '/hardship', label: '困难帮扶', icon: <HeartOutlined />, permission: 'hardship:read' }],
};
