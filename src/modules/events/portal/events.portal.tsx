/**
 * 活动 in the worker portal: the events I may join (报名, or 候补 when full), one event's sessions
 * and places, and 我的活动 (where I stand in line, a freed place offered to me, rating what I
 * attended, the certificate). Pages load when first opened, so the portal's first load stays small.
 */
import { lazy } from 'react';
import { CalendarOutline, EnvironmentOutline, SmileOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { Lazy } from '../../../web/m/Lazy.tsx';
import { useHomeCounts } from '../../../web/m/home.ts';
import { useT } from './i18n.ts';

const pages = () => import('./EventPages.tsx');
const EventListPage = lazy(() => pages().then((m) => ({ default: m.EventListPage })));
const EventDetailPage = lazy(() => pages().then((m) => ({ default: m.EventDetailPage })));
const MyEventsPage = lazy(() => pages().then((m) => ({ default: m.MyEventsPage })));
const trips = () => import('./TripPages.tsx');
const TripsPage = lazy(() => trips().then((m) => ({ default: m.TripsPage })));
const CampsPage = lazy(() => trips().then((m) => ({ default: m.CampsPage })));

/** Under the tile: a freed place waiting for my answer comes first, then how many events I am signed up for. */
function useEventsNote(): string | undefined {
  const t = useT();
  const { offered = 0, live = 0 } = useHomeCounts('events') ?? {};
  if (offered) return t('{n} 个递补名额待确认', { n: offered });
  return live ? t('已报名 {n} 项', { n: live }) : undefined;
}

export const eventsPortal: PortalModule = {
  name: 'events',
  routes: [
    {
      path: 'events',
      registered: true,
      element: (
        <Lazy>
          <EventListPage />
        </Lazy>
      ),
    },
    {
      path: 'events/mine',
      registered: true,
      element: (
        <Lazy>
          <MyEventsPage />
        </Lazy>
      ),
    },
    {
      path: 'events/recuperation',
      registered: true,
      element: (
        <Lazy>
          <TripsPage />
        </Lazy>
      ),
    },
    {
      path: 'events/camps',
      registered: true,
      element: (
        <Lazy>
          <CampsPage />
        </Lazy>
      ),
    },
    {
      path: 'events/:id',
      registered: true,
      element: (
        <Lazy>
          <EventDetailPage />
        </Lazy>
      ),
    },
  ],
  services: [
    { key: 'events', title: '活动报名', description: '宣讲、培训、文体活动，在线报名', icon: <CalendarOutline />, path: '/events', useNote: useEventsNote },
    { key: 'recuperation', title: '疗休养', description: '一线职工、劳模疗休养申请', icon: <EnvironmentOutline />, path: '/events/recuperation' },
    { key: 'camps', title: '夏令营', description: '职工子女夏令营报名、摇号结果', icon: <SmileOutline />, path: '/events/camps' },
  ],
  mine: [
    { key: 'events', title: '我的活动', path: '/events/mine' },
    { key: 'recuperation', title: '我的疗休养', path: '/events/recuperation' },
    { key: 'camps', title: '子女夏令营', path: '/events/camps' },
  ],
};
