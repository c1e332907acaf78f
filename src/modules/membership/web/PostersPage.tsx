/** 入会二维码海报: pick a union of the subtree and print its poster; the QR sends applications straight to it. */
import { useState } from 'react';
import { Button, Card, Flex, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Page } from '../../../web/components/Page.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { MEMBER_UNION_TYPES } from '../../orgs/orgs.contract.ts';
import { useI18n } from './i18n.ts';

export function PostersPage() {
  const { t } = useI18n();
  const [orgId, setOrgId] = useState<number | undefined>();
  return (
    <Page title={t('入会二维码海报')} subTitle={t('张贴在单位、驿站和社区：职工扫码三步申请入会，申请直接送达该工会')}>
      <Card variant="borderless">
        <Flex gap={8} wrap align="center">
          <OrgTreeSelect
            style={{ width: 320 }}
            placeholder={t('选择基层、联合、园区或村级工会')}
            value={orgId}
            onChange={setOrgId}
            disabledNode={(n) => !(MEMBER_UNION_TYPES as readonly string[]).includes(n.type)}
          />
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!orgId}
            href={orgId ? `/api/membership/orgs/${orgId}/poster.pdf` : undefined}
            target="_blank"
            data-testid="poster-print"
          >
            {t('打印海报（PDF）')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('联合工会（新就业形态工会）的海报适合张贴在快递站点、外卖站点和户外劳动者服务站。')}
        </Typography.Paragraph>
      </Card>
    </Page>
  );
}
