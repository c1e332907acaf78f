/**
 * 申请帮扶 in the worker portal: the service tile (with my applications in review), the pages
 * (loaded when first opened, so the portal's first load stays small), and the entry under 我的.
 */
import { lazy } from 'react';
import { HeartOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { Lazy } from '../../../web/m/Lazy.tsx';
import { useHomeCounts } from '../../../web/m/home.ts';
import { useT } from './i18n.ts';

const pages = () => import('./HelpPages.tsx');
const HelpHomePage = lazy(() => pages().then((m) => ({ default: m.HelpHomePage })));
const HelpApplyPage = lazy(() => pages().then((m) => ({ default: m.HelpApplyPage })));
const HelpStatusPage = lazy(() => pages().then((m) => ({ default: m.HelpStatusPage })));

/** "1 项申请审核中" under the tile: my applications the union has not decided yet. */
function useHelpNote(): string | undefined {
  const t = useT();
  const n = useHomeCounts('hardship')?.inReview ?? 0;
  return n ? t('{n} 项申请审核中', { n }) : undefined;
}

export const hardshipPortal: PortalModule = {
  name: 'hardship',
  routes: [
    {
      path: 'help',
      registered: true,
      element: (
        <Lazy>
          <HelpHomePage />
        </Lazy>
      ),
    },
    {
      path: 'help/apply',
      registered: true,
      element: (
        <Lazy>
          <HelpApplyPage />
        </Lazy>
      ),
    },
    {
      path: 'help/:id',
      registered: true,
      element: (
        <Lazy>
          <HelpStatusPage />
        </Lazy>
      ),
    },
  ],
  services: [{ key: 'help', title: '申请帮扶', description: '困难自测，在线申请', icon: <HeartOutline />, path: '/help', useNote: useHelpNote }],
  mine: [{ key: 'help', title: '我的帮扶申请', path: '/help' }],
};
