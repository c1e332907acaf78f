/**
 * 现场签到 of one event, for staff: its check-in lists (entry, meal, souvenir; once, once a day or
 * unlimited) with what each counted and a link to open it on a phone, a new list, the counted lines
 * of a list, and the conflicts the phones' syncs left — a person checked in twice, a refused code.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useRouteId } from '../../../web/components/DetailLoader.tsx';
import { useFormErrors, validFields } from '../../../web/components/forms.ts';
import {
  CHECKIN_LIST_KINDS,
  CHECKIN_LIST_KIND_LABELS,
  CHECKIN_MODES,
  CHECKIN_MODE_LABELS,
  CHECKIN_RESULT_LABELS,
  CheckinListInput,
} from '../checkin.contract.ts';
import { useCheckinConflicts, useCheckinLines, useCheckinLists, useCreateCheckinList, type CheckinListBody } from './checkin.api.ts';
import { useI18n } from './i18n.ts';

export function CheckinPage() {
  const { t, tx, dateTime, date } = useI18n();
  const eventId = useRouteId() ?? 0;
  const lists = useCheckinLists(eventId);
  const conflicts = useCheckinConflicts(eventId);
  const create = useCreateCheckinList(eventId);
  const [form] = Form.useForm<CheckinListBody>();
  const { check, showServerError } = useFormErrors();
  const [selected, setSelected] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const listId = selected ?? lists.data?.[0]?.id ?? null;
  const lines = useCheckinLines(listId, page);

  async function add() {
    const values = await validFields(form);
    if (!values) return;
    const body = check(CheckinListInput, values, form);
    if (!body) return;
    create.mutate(body, { onSuccess: () => form.resetFields(), onError: (err) => showServerError(err, form) });
  }

  if (lists.error) return <LoadError error={lists.error} onRetry={() => lists.refetch()} />;
  return (
    <Page title={t('现场签到')} extra={<Link to={`/events/${eventId}`}>{t('返回活动')}</Link>}>
      <Flex vertical gap={16}>
        <Card title={t('签到清单')}>
          <Table
            rowKey="id"
            size="middle"
            loading={lists.isPending}
            pagination={false}
            dataSource={lists.data ?? []}
            data-testid="checkin-lists"
            onRow={(r) => ({ onClick: () => setSelected(r.id) })}
            columns={[
              { title: t('名称'), dataIndex: 'name', render: (v: string) => tx(v) },
              { title: t('签到类型'), dataIndex: 'kind', render: (v: keyof typeof CHECKIN_LIST_KIND_LABELS) => t(CHECKIN_LIST_KIND_LABELS[v]) },
              { title: t('签到规则'), dataIndex: 'mode', render: (v: keyof typeof CHECKIN_MODE_LABELS) => t(CHECKIN_MODE_LABELS[v]) },
              { title: t('签到人次'), dataIndex: 'checkins', align: 'right' },
              { title: t('签到人数'), dataIndex: 'people', align: 'right' },
              {
                title: t('冲突'),
                dataIndex: 'conflicts',
                align: 'right',
                render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : 0),
              },
              {
                title: t('手机签到'),
                key: 'phone',
                render: (_, r) => (
                  <Link to={`/checkin/event/${r.id}`} target="_blank">
                    <MobileOutlined /> {t('打开签到页')}
                  </Link>
                ),
              },
            ]}
          />
          <Form form={form} layout="inline" style={{ marginTop: 16, rowGap: 8 }} initialValues={{ kind: 'entry', mode: 'once' }}>
            <Form.Item name="name" label={t('签到清单名称')}>
              <Input style={{ width: 180 }} maxLength={30} />
            </Form.Item>
            <Form.Item name="kind" label={t('签到类型')}>
              <Select style={{ width: 120 }} options={CHECKIN_LIST_KINDS.map((k) => ({ value: k, label: t(CHECKIN_LIST_KIND_LABELS[k]) }))} />
            </Form.Item>
            <Form.Item name="mode" label={t('签到规则')}>
              <Select style={{ width: 140 }} options={CHECKIN_MODES.map((m) => ({ value: m, label: t(CHECKIN_MODE_LABELS[m]) }))} />
            </Form.Item>
            <Button type="primary" loading={create.isPending} onClick={() => void add()} data-testid="add-checkin-list">
              {t('新建签到清单')}
            </Button>
          </Form>
        </Card>
        <Card title={t('签到冲突')}>
          <Table
            rowKey="id"
            size="middle"
            loading={conflicts.isPending}
            dataSource={conflicts.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('没有冲突') }}
            rowClassName={() => 'checkin-conflict-row'}
            columns={[
              { title: t('签到清单'), dataIndex: 'listName', render: (v: string) => tx(v) },
              { title: t('姓名'), dataIndex: 'nameMasked', render: (v: string | null) => tx(v ?? '—') },
              {
                title: t('结果'),
                dataIndex: 'result',
                render: (v: 'duplicate' | 'refused') => <Tag color={v === 'duplicate' ? 'orange' : 'red'}>{t(CHECKIN_RESULT_LABELS[v])}</Tag>,
              },
              { title: t('原因'), dataIndex: 'reason', render: (v: string | null) => tx(v ?? '') },
              { title: t('扫码设备'), dataIndex: 'deviceId' },
              { title: t('扫码时间'), dataIndex: 'scannedAt', render: (v: string) => dateTime(v) },
              {
                title: t('已计入的签到'),
                key: 'counted',
                render: (_, r) =>
                  r.counted ? `${dateTime(r.counted.scannedAt)} · ${r.counted.deviceId}${r.counted.handler ? ` · ${tx(r.counted.handler)}` : ''}` : '—',
              },
            ]}
          />
        </Card>
        {listId !== null && (
          <Card title={t('签到记录：{name}', { name: tx(lists.data?.find((l) => l.id === listId)?.name ?? '') })}>
            <Table
              rowKey="id"
              size="middle"
              loading={lines.isPending}
              dataSource={lines.data?.items ?? []}
              rowClassName={() => 'checkin-line-row'}
              pagination={{ current: page, pageSize: 20, total: lines.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
              columns={[
                { title: t('姓名'), dataIndex: 'nameMasked', render: (v: string | null) => tx(v ?? '—') },
                { title: t('所属工会'), dataIndex: 'orgName', render: (v: string | null) => tx(v ?? '') },
                { title: t('签到日期'), dataIndex: 'day', render: (v: string) => date(v) },
                { title: t('扫码时间'), dataIndex: 'scannedAt', render: (v: string) => dateTime(v) },
                { title: t('扫码设备'), dataIndex: 'deviceId' },
                { title: t('经办人'), dataIndex: 'handler', render: (v: string | null) => tx(v ?? '—') },
              ]}
            />
            <Typography.Text type="secondary">{t('共 {n} 人次', { n: lines.data?.total ?? 0 })}</Typography.Text>
          </Card>
        )}
      </Flex>
    </Page>
  );
}
