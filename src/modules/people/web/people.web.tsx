import { lazy } from 'react';
import { IdcardOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { Guard, page, RequireAuth, section } from '../../../web/routing.tsx';

const PeopleListPage = lazy(() => import('./PeopleListPage.tsx').then((m) => ({ default: m.PeopleListPage })));
const PersonDetailPage = lazy(() => import('./PersonDetailPage.tsx').then((m) => ({ default: m.PersonDetailPage })));
const ImportWizardPage = lazy(() => import('./ImportWizardPage.tsx').then((m) => ({ default: m.ImportWizardPage })));
const DuplicatesPage = lazy(() => import('./DuplicatesPage.tsx').then((m) => ({ default: m.DuplicatesPage })));
const OccupationsPage = lazy(() => import('./OccupationsPage.tsx').then((m) => ({ default: m.OccupationsPage })));
const CorrectionsPage = lazy(() => import('./CorrectionsPage.tsx').then((m) => ({ default: m.CorrectionsPage })));
const CardVerifyPage = lazy(() => import('./CardVerifyPage.tsx').then((m) => ({ default: m.CardVerifyPage })));

export const peopleWeb: WebModule = {
  name: 'people',
  routes: [
    section('people', '职工档案', <PeopleListPage />, 'person:read', [
      page('import', '导入职工', <ImportWizardPage />, 'person:import'),
      page('duplicates', '疑似重复', <DuplicatesPage />, 'person:merge'),
      page('occupations', '职业代码表', <OccupationsPage />, 'person:read'),
      page('corrections', '信息更正申请', <CorrectionsPage />, 'person:read'),
      page(':id', '职工详情', <PersonDetailPage />, 'person:read'),
    ]),
  ],
  // 会员卡核验 is used on phones: full width, without the desk frame.
  shellRoutes: [
    {
      path: '/card-verify',
      element: (
        <RequireAuth>
          <Guard permission="person:read">
            <CardVerifyPage />
          </Guard>
        </RequireAuth>
      ),
    },
  ],
  nav: [
    { path: '/people', label: '职工档案', icon: <IdcardOutlined />, permission: 'person:read' },
    { path: '/card-verify', label: '会员卡核验', icon: <QrcodeOutlined />, permission: 'person:read' },
  ],
};
