/** 服务活动: the "五进" services held at the station, counted by kind, and the dialog that records one. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Statistic, Table, Tag, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useFormErrors } from '../../../web/components/forms.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { ApiError } from '../../../web/http.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import type { StationView } from '../stations.contract.ts';
import { SERVICE_KINDS, SERVICE_KIND_LABELS, ServiceInput, type ServiceKind, type ServiceView } from '../stations.ops.contract.ts';
import { useDeleteService, useRecordService, useServices } from './stations.ops.api.ts';
import { useI18n } from './i18n.ts';

export function StationServicesTab({ station }: { station: StationView }) {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const canOperate = usePermissions().has('stations:operate') && station.status !== 'closed';
  const services = useServices(station.id);
  const remove = useDeleteService(station.id);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Card variant="borderless" style={{ marginBottom: 16 }} data-testid="services-rollup">
        <Row gutter={16}>
          {(services.data?.byKind ?? []).map((k) => (
            <Col key={k.kind} xs={12} md={4}>
              <Statistic title={t(SERVICE_KIND_LABELS[k.kind])} value={k.events} suffix={t('场 · {n} 人次', { n: k.participants })} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card
        variant="borderless"
        title={t('服务活动')}
        extra={
          canOperate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="service-new">
              {t('登记服务活动')}
            </Button>
          ) : null
        }
      >
        {services.error ? <LoadError error={services.error} onRetry={() => services.refetch()} /> : null}
        <Table<ServiceView>
          rowKey="id"
          size="middle"
          loading={services.isFetching}
          dataSource={services.data?.items ?? []}
          locale={{ emptyText: t('还没有服务活动') }}
          columns={[
            { title: t('活动日期'), dataIndex: 'heldOn', width: 130, render: (v: string) => date(v) },
            { title: t('服务类别'), dataIndex: 'kind', width: 150, render: (k: ServiceKind) => <Tag>{t(SERVICE_KIND_LABELS[k])}</Tag> },
            { title: t('活动名称'), dataIndex: 'title', render: (v: string) => tx(v) },
            { title: t('服务方'), dataIndex: 'provider', render: (v: string) => tx(v) },
            { title: t('参与人次'), dataIndex: 'participants', align: 'right', width: 100 },
            { title: t('活动情况'), dataIndex: 'notes', render: (v: string | null) => tx(v) },
            {
              title: t('操作'),
              width: 90,
              render: (_: unknown, e) =>
                canOperate ? (
                  <Popconfirm
                    title={t('删除这条服务活动？')}
                    onConfirm={() =>
                      remove
                        .mutateAsync(e.id)
                        .catch((err: unknown) => void message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试')))
                    }
                  >
                    <Button size="small" type="link" danger>
                      {t('删除')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      <ServiceModal station={station} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

interface Values {
  heldOn?: Dayjs;
  kind?: ServiceKind;
  title?: string;
  provider?: string;
  participants?: number | null;
  notes?: string;
}

function ServiceModal({ station, open, onClose }: { station: StationView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { check, showServerError } = useFormErrors();
  const record = useRecordService(station.id);
  const submit = async () => {
    const v = form.getFieldsValue();
    const body = check(
      ServiceInput,
      {
        heldOn: v.heldOn?.format('YYYY-MM-DD') ?? '',
        kind: v.kind,
        title: v.title ?? '',
        provider: v.provider ?? '',
        participants: v.participants ?? undefined,
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
      title={t('登记服务活动')}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={record.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'service-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ heldOn: dayjs() }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="kind" label={t('服务类别')} rules={[{ required: true, message: t('请选择服务类别') }]}>
              <Select options={SERVICE_KINDS.map((k) => ({ value: k, label: t(SERVICE_KIND_LABELS[k]) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="heldOn" label={t('活动日期')} rules={[{ required: true, message: t('请选择日期') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('活动名称')} rules={[{ required: true, message: t('请填写活动名称') }]}>
          <Input maxLength={60} placeholder={t('如：新就业形态劳动者权益法律咨询')} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="provider" label={t('服务方')} rules={[{ required: true, message: t('请填写服务方') }]}>
              <Input maxLength={60} placeholder={t('如：律师事务所、医院、图书馆')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="participants" label={t('参与人次')} rules={[{ required: true, message: t('请填写参与人次') }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('活动情况')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
