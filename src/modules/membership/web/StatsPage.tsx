/** 入会统计: applications by channel, occupation and day, the median time to approval, each union below rolled up. */
import { useState } from 'react';
import { Card, Col, DatePicker, Flex, Row, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { CHANNEL_LABELS } from '../membership.contract.ts';
import { useDriveStats, type StatsView } from './membership.api.ts';
import { useI18n } from './i18n.ts';

type Row = { applications: number; approved: number };

export function StatsPage() {
  const { t, tx } = useI18n();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [range, setRange] = useState<[string, string] | undefined>();
  const stats = useDriveStats({ orgId, from: range?.[0], to: range?.[1] });
  const s = stats.data;
  const hours = (h: number | null) => (h === null ? '—' : t('{h} 小时', { h }));
  const counts = [
    { title: t('申请'), dataIndex: 'applications', align: 'right' as const },
    { title: t('通过'), dataIndex: 'approved', align: 'right' as const },
  ];
  return (
    <Page title={t('入会统计')} subTitle={s ? `${tx(s.orgName)} · ${s.from} — ${s.to}` : undefined}>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <OrgTreeSelect allowClear style={{ width: 260 }} placeholder={t('工会（含下级）')} value={orgId} onChange={setOrgId} />
        <DatePicker.RangePicker
          value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
          onChange={(r) => setRange(r?.[0] && r[1] ? [r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')] : undefined)}
        />
      </Flex>
      {stats.error ? <LoadError error={stats.error} onRetry={() => stats.refetch()} /> : null}
      {s ? (
        <>
          <Row gutter={[12, 12]}>
            {[
              [t('入会申请'), s.applications],
              [t('已通过'), s.approved],
              [t('未通过'), s.refused],
              [t('待审批'), s.open],
            ].map(([label, value]) => (
              <Col key={label} xs={12} md={4}>
                <Card variant="borderless">
                  <Statistic title={label} value={value} />
                </Card>
              </Col>
            ))}
            <Col xs={24} md={8}>
              <Card variant="borderless">
                <Statistic title={t('审批用时（中位数）')} value={hours(s.medianHoursToApproval)} data-testid="median-hours" />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={8}>
              <Card variant="borderless" title={t('按渠道')}>
                <Table<StatsView['byChannel'][number]>
                  rowKey="channel"
                  size="small"
                  pagination={false}
                  dataSource={s.byChannel}
                  columns={[{ title: t('渠道'), dataIndex: 'channel', render: (c: keyof typeof CHANNEL_LABELS) => t(CHANNEL_LABELS[c]) }, ...counts]}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card variant="borderless" title={t('按职业')}>
                <Table<StatsView['byOccupation'][number]>
                  rowKey={(r) => r.occupation ?? ''}
                  size="small"
                  pagination={false}
                  dataSource={s.byOccupation}
                  columns={[{ title: t('职业'), dataIndex: 'label', render: (v: string) => tx(v) }, ...counts]}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card variant="borderless" title={t('按日期')}>
                <Table<StatsView['byDay'][number]>
                  rowKey="day"
                  size="small"
                  pagination={{ pageSize: 10 }}
                  dataSource={s.byDay}
                  columns={[{ title: t('日期'), dataIndex: 'day' }, ...counts]}
                />
              </Card>
            </Col>
          </Row>
          <Card variant="borderless" title={t('下级工会汇总')} style={{ marginTop: 12 }}>
            <Table<StatsView['byOrg'][number] & Row>
              rowKey="orgId"
              size="small"
              pagination={false}
              dataSource={s.byOrg}
              locale={{ emptyText: t('没有下级工会') }}
              columns={[
                { title: t('工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
                ...counts,
                { title: t('审批用时（中位数）'), dataIndex: 'medianHoursToApproval', align: 'right', render: hours },
              ]}
            />
          </Card>
        </>
      ) : null}
    </Page>
  );
}
