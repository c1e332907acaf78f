import { lazy } from 'react';
import { GiftOutlined, ScanOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { Guard, page, RequireAuth, section } from '../../../web/routing.tsx';

const CampaignListPage = lazy(() => import('./CampaignListPage.tsx').then((m) => ({ default: m.CampaignListPage })));
const CampaignWizardPage = lazy(() => import('./CampaignWizardPage.tsx').then((m) => ({ default: m.CampaignWizardPage })));
const CampaignDetailPage = lazy(() => import('./CampaignDetailPage.tsx').then((m) => ({ default: m.CampaignDetailPage })));
const DistributeLayout = lazy(() => import('./DistributePage.tsx').then((m) => ({ default: m.DistributeLayout })));
const PointChooserPage = lazy(() => import('./DistributePage.tsx').then((m) => ({ default: m.PointChooserPage })));
const PointPage = lazy(() => import('./DistributePage.tsx').then((m) => ({ default: m.PointPage })));

export const campaignsWeb: WebModule = {
  name: 'campaigns',
  routes: [
    section('campaigns', '慰问活动', <CampaignListPage />, 'campaign:read', [
      page('new', '新建活动', <CampaignWizardPage />, 'campaign:write'),
      page(':id/edit', '编辑活动', <CampaignWizardPage />, 'campaign:write'),
      page(':id', '活动详情', <CampaignDetailPage />, 'campaign:read'),
    ]),
  ],
  // The distribution point is used on phones: full width, without the desk frame.
  shellRoutes: [
    {
      path: '/distribute',
      element: (
        <RequireAuth>
          <Guard permission="campaign:distribute">
            <DistributeLayout />
          </Guard>
        </RequireAuth>
      ),
      children: [
        {
          index: true,
          element: (
            <Guard>
              <PointChooserPage />
            </Guard>
          ),
        },
        {
          path: ':pointId',
          element: (
            <Guard>
              <PointPage />
            </Guard>
          ),
        },
      ],
    },
  ],
  // A volunteer's work is the scan page: signing in on a phone lands there (today's point, or the list).
  landing: [{ role: 'volunteer', unless: 'campaign:read', path: '/distribute' }],
  nav: [
    { path: '/campaigns', label: '慰问活动', icon: <GiftOutlined />, permission: 'campaign:read' },
    // Volunteers (who only distribute) have no campaign pages; staff open a point from 慰问活动 › 发放点.
    { path: '/distribute', label: '扫码发放', icon: <ScanOutlined />, permission: 'campaign:distribute', unless: 'campaign:read' },
  ],
};
