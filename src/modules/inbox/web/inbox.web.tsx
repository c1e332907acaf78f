import { lazy } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page } from '../../../web/routing.tsx';
import { useInboxCount } from './inbox.api.ts';
import { InboxHomeCard } from './InboxHomeCard.tsx';

const InboxPage = lazy(() => import('./InboxPage.tsx').then((m) => ({ default: m.InboxPage })));

/** 待办: one page, a menu entry with the count, a card on the home page. */
export const inboxWeb: WebModule = {
  name: 'inbox',
  routes: [page('inbox', '待办', <InboxPage />)],
  nav: [{ path: '/inbox', label: '待办', icon: <InboxOutlined />, useBadge: useInboxCount }],
  home: [InboxHomeCard],
};
