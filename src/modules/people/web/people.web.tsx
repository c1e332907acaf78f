import { lazy } from 'react';
import { IdcardOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../web/module.ts';
import { page, section } from '../../../web/routing.tsx';

const PeopleListPage = lazy(() => import('./PeopleListPage.tsx').then((m) => ({ default: m.PeopleListPage })));
const PersonDetailPage = lazy(() => import('./PersonDetailPage.tsx').then((m) => ({ default: m.PersonDetailPage })));
const ImportWizardPage = lazy(() => import('./ImportWizardPage.tsx').then((m) => ({ default: m.ImportWizardPage })));
const DuplicatesPage = lazy(() => import('./DuplicatesPage.tsx').then((m) => ({ default: m.DuplicatesPage })));
const OccupationsPage = lazy(() => import('./OccupationsPage.tsx').then((m) => ({ default: m.OccupationsPage })));

export const peopleWeb: WebModule = {
  name: 'people',
  routes: [
    section('people', '职工档案', <PeopleListPage />, 'person:read', [
      page('import', '导入职工', <ImportWizardPage />, 'person:import'),
      page('duplicates', '疑似重复', <DuplicatesPage />, 'person:merge'),
      page('occupations', '职业代码表', <OccupationsPage />, 'person:read'),
      page(':id', '职工详情', <PersonDetailPage />, 'person:read'),
    ]),
  ],
  nav: [{ path: '/people', label: '职工档案', icon: <IdcardOutlined />, permission: 'person:read' }],
};
