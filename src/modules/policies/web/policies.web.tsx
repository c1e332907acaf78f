import { lazy } from 'react';
import { SlidersOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page } from '../../../web/routing.tsx';

const PoliciesPage = lazy(() => import('./PoliciesPage.tsx').then((m) => ({ default: m.PoliciesPage })));

export const policiesWeb: WebModule = {
  name: 'policies',
  routes: [page('policies', '政策参数', <PoliciesPage />, 'policy:read')],
  nav: [{ path: '/policies', label: '政策参数', icon: <SlidersOutlined />, permission: 'policy:read' }],
};
