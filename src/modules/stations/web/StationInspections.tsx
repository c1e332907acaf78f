/** 巡查评星: the station's inspections with their checklist scores and stars, and the dialog union staff record one with. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Space, Table, Typography, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useFormErrors } from '../../../web/components/forms.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useMe, usePermissions } from '../../auth/web/auth.api.ts';
import type { StationView } from '../stations.contract.ts';
import {
  INSPECTION_ITEMS,
  INSPECTION_ITEM_LABELS,
  ITEM_MAX,
  InspectionInput,
  starsOf,
  type InspectionItem,
  type InspectionView,
} from '../stations.ops.contract.ts';
import { useInspections, useRecordInspection } from './stations.ops.api.ts';
import { Stars } from './Stars.tsx';
import { useI18n } from './i18n.ts';

export function StationInspectionsTab({ station }: { station: StationView }) {
  const { t, tx, date } = useI18n();
  const canInspect = usePermissions().has('stations:manage') && station.status !== 'closed';
  const inspections = useInspections(station.id);
  const [open, setOpen] = useState(false);
  const rating = inspections.data?.rating;
  return (
    <Card
      variant="borderless"
      title={
        <Space size={16}>
          <span>{t('巡查考核')}</span>
          <Stars stars={rating?.stars ?? null} />
        </Space>
      }
      extra={
        canInspect ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="inspection-new">
            {t('登记巡查')}
          </Button>
        ) : null
      }
    >
      {inspections.error ? <LoadError error={inspections.error} onRetry={() => inspections.refetch()} /> : null}
      {rating ? (
        <Alert
          type={rating.overdue ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={t('巡查周期 {n} 天，下次巡查 {day}', { n: rating.intervalDays, day: date(rating.nextDueOn) }) + (rating.overdue ? t('（已逾期）') : '')}
        />
      ) : null}
      <Table<InspectionView>
        rowKey="id"
        size="middle"
        loading={inspections.isFetching}
        dataSource={inspections.data?.items ?? []}
        data-testid="inspections-table"
        locale={{ emptyText: t('还没有巡查记录') }}
        pagination={false}
        expandable={{
          rowExpandable: (i) => Boolean(i.notes) || Object.keys(i.remarks).length > 0,
          expandedRowRender: (i) => (
            <Space direction="vertical" size={2}>
              {INSPECTION_ITEMS.filter((k) => i.remarks[k]).map((k) => (
                <Typography.Text key={k}>
                  {t(INSPECTION_ITEM_LABELS[k])}：{tx(i.remarks[k])}
                </Typography.Text>
              ))}
              {i.notes ? (
                <Typography.Text>
                  {t('巡查意见')}：{tx(i.notes)}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        }}
        columns={[
          { title: t('巡查日期'), dataIndex: 'inspectedOn', width: 130, render: (v: string) => date(v) },
          { title: t('巡查人'), dataIndex: 'inspector', render: (v: string) => tx(v) },
          ...INSPECTION_ITEMS.map((k) => ({
            title: t(INSPECTION_ITEM_LABELS[k]),
            key: k,
            align: 'right' as const,
            render: (_: unknown, i: InspectionView) => i.scores[k],
          })),
          { title: t('总分'), dataIndex: 'total', align: 'right', width: 80 },
          { title: t('星级'), dataIndex: 'stars', width: 170, render: (v: number) => <Stars stars={v} /> },
        ]}
      />
      <InspectionModal station={station} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

interface Values {
  inspectedOn?: Dayjs;
  inspector?: string;
  scores?: Partial<Record<InspectionItem, number | null>>;
  remarks?: Partial<Record<InspectionItem, string>>;
  notes?: string;
}

function InspectionModal({ station, open, onClose }: { station: StationView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe().data;
  const [form] = Form.useForm<Values>();
  const { check, showServerError } = useFormErrors();
  const record = useRecordInspection(station.id);
  const scores = Form.useWatch('scores', form) ?? {};
  const total = INSPECTION_ITEMS.reduce((n, k) => n + (scores[k] ?? 0), 0);
  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    const body = check(
      InspectionInput,
      {
        inspectedOn: v.inspectedOn?.format('YYYY-MM-DD') ?? '',
        inspector: v.inspector ?? '',
        scores: Object.fromEntries(INSPECTION_ITEMS.map((k) => [k, v.scores?.[k] ?? undefined])),
        remarks: v.remarks ?? {},
        notes: v.notes || null,
      },
      form,
    );
    if (!body) return;
    try {
      await record.mutateAsync(body);
      onClose();
    } catch (err) {
      showServerError(err, form);
    }
  };
  return (
    <Modal
      open={open}
      width={720}
      title={t('登记巡查')}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={record.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'inspection-save' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ inspectedOn: dayjs(), inspector: me?.account.displayName ?? '' }}
        data-testid="inspection-form"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="inspectedOn" label={t('巡查日期')} rules={[{ required: true, message: t('请选择巡查日期') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="inspector" label={t('巡查人')} rules={[{ required: true, message: t('请填写巡查人') }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary">
          {t('五项各 {n} 分，总分 90 分及以上五星、80 分四星、70 分三星、60 分二星，其余一星', { n: ITEM_MAX })}
        </Typography.Text>
        {INSPECTION_ITEMS.map((k) => (
          <Row gutter={16} key={k} style={{ marginTop: 8 }}>
            <Col span={8}>
              <Form.Item
                name={['scores', k]}
                label={t(INSPECTION_ITEM_LABELS[k])}
                rules={[{ required: true, message: t('请打分') }]}
                style={{ marginBottom: 0 }}
              >
                <InputNumber
                  min={0}
                  max={ITEM_MAX}
                  precision={0}
                  style={{ width: '100%' }}
                  addonAfter={`/ ${ITEM_MAX}`}
                  aria-label={t(INSPECTION_ITEM_LABELS[k])}
                />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name={['remarks', k]} label={t('说明')} style={{ marginBottom: 0 }}>
                <Input maxLength={200} aria-label={`${t(INSPECTION_ITEM_LABELS[k])}${t('说明')}`} />
              </Form.Item>
            </Col>
          </Row>
        ))}
        <Form.Item name="notes" label={t('巡查意见')} style={{ marginTop: 12 }}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Space data-testid="inspection-total">
          <Typography.Text strong>{t('总分 {n}', { n: total })}</Typography.Text>
          <Stars stars={starsOf(total)} />
        </Space>
      </Form>
    </Modal>
  );
}
