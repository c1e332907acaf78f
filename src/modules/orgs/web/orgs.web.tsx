import { lazy } from 'react';
import { ApartmentOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page } from '../../../web/routing.tsx';

const OrgsPage = lazy(() => import('./OrgsPage.tsx').then((m) => ({ default: m.OrgsPage })));

export const orgsWeb: WebModule = {
  name: 'orgs',
  routes: [page('orgs/:id?', '组织架构', <OrgsPage />, 'org:read')],
  nav: [{ path: '/orgs', label: '组织架构', icon: <ApartmentOutlined />, permission: 'org:read' }],
};
