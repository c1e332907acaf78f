import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { section } from '../../../web/routing.tsx';

const MutualaidPage = lazy(() => import('./MutualaidPage.tsx').then((m) => ({ default: m.MutualaidPage })));

/** 互助保障: plans with the payout formula and its preview, enrolment batches, claims and their review, payment batches, statistics. */
export const mutualaidWeb: WebModule = {
  name: 'mutualaid',
  routes: [section('mutualaid', '互助保障', <MutualaidPage />, 'mutualaid:view', [])],
  nav: [{ path: '/mutualaid', label: '互助保障', icon: <SafetyCertificateOutlined />, permission: 'mutualaid:view' }],
};
