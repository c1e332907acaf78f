import { lazy, Suspense } from 'react';
import { CalendarOutlined, CoffeeOutlined, TrophyOutlined, SunOutlined, SoundOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const EventsPage = lazy(() => import('./EventsPage.tsx').then((m) => ({ default: m.EventsPage })));
const EventPage = lazy(() => import('./EventPage.tsx').then((m) => ({ default: m.EventPage })));
const RecuperationPage = lazy(() => import('./RecuperationPage.tsx').then((m) => ({ default: m.RecuperationPage })));
const CampsPage = lazy(() => import('./CampsPage.tsx').then((m) => ({ default: m.CampsPage })));
const CheckinPage = lazy(() => import('./CheckinPage.tsx').then((m) => ({ default: m.CheckinPage })));
const CheckinPhonePage = lazy(() => import('./checkin/CheckinPhonePage.tsx').then((m) => ({ default: m.CheckinPhonePage })));
const CompetitionsPage = lazy(() => import('./CompetitionsPage.tsx').then((m) => ({ default: m.CompetitionsPage })));
const LecturesPage = lazy(() => import('./LecturesPage.tsx').then((m) => ({ default: m.LecturesPage })));

/** 活动: every kind of event a union runs (lectures, performances, competitions, trainings, camps, recuperation trips); each kind adds its own pages here. */
export const eventsWeb: WebModule = {
  name: 'events',
  routes: [
    section('events', '活动', <EventsPage />, 'events:read', [
      page('recuperation', '疗休养', <RecuperationPage />, 'events:read'),
      page('camps', '夏令营', <CampsPage />, 'events:read'),
      page('competitions', '技能竞赛', <CompetitionsPage />, 'events:read'),
      page('lectures', '宣讲点单', <LecturesPage />, 'events:read'),
      page(':id/checkin', '现场签到', <CheckinPage />, 'events:read'),
      page(':id', '活动概况', <EventPage />, 'events:read'),
    ]),
  ],
  // The check-in phone, outside the frame and without waiting for the session probe, so that it opens offline.
  shellRoutes: [
    {
      path: '/checkin/event/:id',
      element: (
        <Suspense>
          <CheckinPhonePage target="list" />
        </Suspense>
      ),
    },
    {
      path: '/checkin/point/:id',
      element: (
        <Suspense>
          <CheckinPhonePage target="point" />
        </Suspense>
      ),
    },
  ],
  nav: [
    { path: '/events', label: '活动', icon: <CalendarOutlined />, permission: 'events:read' },
    { path: '/events/recuperation', label: '疗休养', icon: <CoffeeOutlined />, permission: 'events:read' },
    { path: '/events/camps', label: '夏令营', icon: <SunOutlined />, permission: 'events:read' },
    { path: '/events/competitions', label: '技能竞赛', icon: <TrophyOutlined />, permission: 'events:read' },
    { path: '/events/lectures', label: '宣讲点单', icon: <SoundOutlined />, permission: 'events:read' },
  ],
};
