/** 驿站 in the worker portal: the nearest open stations, and the page a station's poster opens to record a visit. */
import { lazy } from 'react';
import { LocationOutline } from 'antd-mobile-icons';
import type { PortalModule } from '../../../web/m/module.ts';
import { Lazy } from '../../../web/m/Lazy.tsx';

const pages = () => import('./StationPages.tsx');
const NearbyPage = lazy(() => pages().then((m) => ({ default: m.NearbyPage })));
const VisitPage = lazy(() => pages().then((m) => ({ default: m.VisitPage })));
// The map (Leaflet and the outlines) is a chunk of its own: the nearest list does not wait for it.
const StationMapPage = lazy(() => import('./StationMapPage.tsx').then((m) => ({ default: m.StationMapPage })));

export const stationsPortal: PortalModule = {
  name: 'stations',
  routes: [
    {
      path: 'stations',
      element: (
        <Lazy>
          <NearbyPage />
        </Lazy>
      ),
    },
    {
      path: 'stations/map',
      element: (
        <Lazy>
          <StationMapPage />
        </Lazy>
      ),
    },
    {
      path: 'stations/visit',
      registered: true,
      element: (
        <Lazy>
          <VisitPage />
        </Lazy>
      ),
    },
  ],
  services: [{ key: 'stations', title: '附近驿站', description: '歇脚、热饭、饮水、充电', icon: <LocationOutline />, path: '/stations' }],
};
