/**
 * 互助保障 in the worker portal: the service tile (with my claims the union is handling), the pages
 * (loaded when first opened, so the portal's first load stays small), and the entry under 我的.
 */
import { lazy } from 'react';
import { CheckShieldOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { Lazy } from '../../../web/m/Lazy.tsx';
import { useHomeCounts } from '../../../web/m/home.ts';
import { useT } from './i18n.ts';

const pages = () => import('./MutualaidPages.tsx');
const MutualaidPage = lazy(() => pages().then((m) => ({ default: m.MutualaidPage })));
const ClaimPage = lazy(() => pages().then((m) => ({ default: m.ClaimPage })));

/** "1 项申请办理中" under the tile. */
function useClaimsNote(): string | undefined {
  const t = useT();
  const n = useHomeCounts('mutualaid')?.inProgress ?? 0;
  return n ? t('{n} 项申请办理中', { n }) : undefined;
}

export const mutualaidPortal: PortalModule = {
  name: 'mutualaid',
  routes: [
    {
      path: 'mutualaid',
      registered: true,
      element: (
        <Lazy>
          <MutualaidPage />
        </Lazy>
      ),
    },
    {
      path: 'mutualaid/claim/:enrolmentId',
      registered: true,
      element: (
        <Lazy>
          <ClaimPage />
        </Lazy>
      ),
    },
  ],
  services: [
    { key: 'mutualaid', title: '互助保障', description: '参加保障、申请互助金', icon: <CheckShieldOutline />, path: '/mutualaid', useNote: useClaimsNote },
  ],
  mine: [{ key: 'mutualaid', title: '我的保障', path: '/mutualaid' }],
};
