import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page } from '../../../web/routing.tsx';

const AuditPage = lazy(() => import('./AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

export const auditWeb: WebModule = {
  name: 'audit',
  routes: [page('audit', '审计日志', <AuditPage />, 'audit:read')],
  nav: [{ path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit:read' }],
};
