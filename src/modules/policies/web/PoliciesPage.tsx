/** 政策参数: pick an org (default: one's own) and a day; see and set what applies there. */
import { useState } from 'react';
import dayjs from 'dayjs';
import { Card, DatePicker, Flex, Typography } from 'antd';
import { chinaToday } from '../../../shared/dates.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useMe } from '../../auth/web/auth.api.ts';
import { PolicyPanel } from './PolicyPanel.tsx';

export function PoliciesPage() {
  const { t } = useI18n();
  const { data: me } = useMe();
  const [orgId, setOrgId] = useState<number | undefined>(me?.org.id);
  const [date, setDate] = useState<string>(chinaToday());

  return (
    <Page title={t('政策参数')} subTitle={t('各级工会按本地标准设定，下级未设置时沿用上级的值；自生效日期起适用')}>
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Flex gap={24} wrap align="center">
          <Flex gap={8} align="center">
            <Typography.Text>{t('组织')}</Typography.Text>
            <OrgTreeSelect value={orgId} onChange={(v) => setOrgId(v ?? me?.org.id)} style={{ width: 340 }} />
          </Flex>
          <Flex gap={8} align="center">
            <Typography.Text>{t('查看日期')}</Typography.Text>
            <DatePicker value={dayjs(date)} allowClear={false} format="YYYY-MM-DD" onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
          </Flex>
        </Flex>
      </Card>
      <PolicyPanel orgId={orgId} date={date === chinaToday() ? undefined : date} />
    </Page>
  );
}
