/** 场次: when and where the event takes place; a session on a public holiday or a make-up working day is marked. */
import { useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag } from 'antd';
import type { ButtonProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useFormErrors } from '../../../web/components/forms.ts';
import { DATUMS, DATUM_LABELS, HOLIDAY_WARNING_LABELS, SessionInput, type Datum, type SessionView } from '../events.contract.ts';
import { useDeleteSession, useSaveSession, type EventView, type SessionBody } from './events.api.ts';
import { useI18n } from './i18n.ts';

interface SessionForm {
  time?: [Dayjs | null, Dayjs | null] | null;
  place?: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  datum?: Datum | null;
}

const iso = (d: Dayjs | null | undefined) => (d ? d.second(0).millisecond(0).format('YYYY-MM-DDTHH:mm:ssZ') : undefined);

function bodyOf(v: SessionForm): SessionBody {
  return {
    startsAt: iso(v.time?.[0]) as string,
    endsAt: iso(v.time?.[1]) as string,
    place: v.place ?? '',
    address: v.address?.trim() ? v.address : null,
    lng: v.lng ?? null,
    lat: v.lat ?? null,
    datum: v.datum ?? null,
  };
}

const rename = (f: string) => (f === 'startsAt' || f === 'endsAt' ? 'time' : f);

function SessionModal({ event, session, onClose }: { event: EventView; session: SessionView | 'new'; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SessionForm>();
  const { check, showServerError } = useFormErrors();
  const save = useSaveSession(event.id);
  const s = session === 'new' ? null : session;
  const submit = async () => {
    const v = form.getFieldsValue(true) as SessionForm;
    if (!check(SessionInput, bodyOf(v), form, { rename })) return;
    try {
      await save.mutateAsync({ sessionId: s?.id, body: bodyOf(v) });
      onClose();
    } catch (err) {
      showServerError(err, form, { rename });
    }
  };
  return (
    <Modal
      open
      width={720}
      title={s ? t('修改场次') : t('添加场次')}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'session-save' } as ButtonProps}
    >
      <Form<SessionForm>
        form={form}
        layout="vertical"
        initialValues={
          s
            ? { time: [dayjs(s.startsAt), dayjs(s.endsAt)], place: s.place, address: s.address ?? '', lng: s.lng, lat: s.lat, datum: s.datum }
            : { time: null, place: '', address: '', lng: null, lat: null, datum: null }
        }
      >
        <Form.Item name="time" label={t('时间')} rules={[{ required: true, message: t('请选择场次的开始和结束时间') }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY年M月D日 HH:mm"
            style={{ width: '100%' }}
            placeholder={[t('开始时间'), t('结束时间')]}
          />
        </Form.Item>
        <Form.Item name="place" label={t('地点')} rules={[{ required: true, message: t('请填写地点') }]}>
          <Input maxLength={100} placeholder={t('如：区职工服务中心三楼报告厅')} data-testid="session-place" />
        </Form.Item>
        <Form.Item name="address" label={t('详细地址')}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="lng" label={t('经度')}>
              <InputNumber min={73} max={136} step={0.000001} style={{ width: '100%' }} aria-label={t('经度')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="lat" label={t('纬度')}>
              <InputNumber min={3} max={54} step={0.000001} style={{ width: '100%' }} aria-label={t('纬度')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="datum" label={t('坐标系')} tooltip={t('从哪种地图取的点：高德、腾讯、微信为 GCJ-02，百度为 BD-09，GPS 和天地图为 WGS-84')}>
              <Select allowClear options={DATUMS.map((d) => ({ value: d, label: t(DATUM_LABELS[d]) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function SessionsPanel({ event }: { event: EventView }) {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<SessionView | 'new' | null>(null);
  const remove = useDeleteSession(event.id);
  const warningsOf = (id: number) => event.warnings.filter((w) => w.sessionId === id);
  return (
    <>
      {event.can.sessions ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }} data-testid="session-add">
          {t('添加场次')}
        </Button>
      ) : null}
      <Table<SessionView>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={event.sessionList}
        data-testid="sessions-table"
        locale={{ emptyText: t('还没有场次：开放报名前须至少安排一个场次') }}
        columns={[
          {
            title: t('时间'),
            render: (_: unknown, s) => (
              <Space wrap>
                <span>
                  {dateTime(s.startsAt)} – {dateTime(s.endsAt)}
                </span>
                {warningsOf(s.id).map((w) => (
                  <Tag key={w.day} color={w.kind === 'holiday' ? 'red' : 'orange'} title={tx(w.message)}>
                    {t(HOLIDAY_WARNING_LABELS[w.kind])}
                    {w.name ? `·${tx(w.name)}` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('地点'), render: (_: unknown, s) => [tx(s.place), s.address ? tx(s.address) : null].filter(Boolean).join(' · ') },
          {
            title: t('坐标'),
            render: (_: unknown, s) =>
              s.lng !== null && s.lat !== null && s.datum ? `${s.lng.toFixed(6)}, ${s.lat.toFixed(6)}（${t(DATUM_LABELS[s.datum])}）` : '—',
          },
          ...(event.can.sessions
            ? [
                {
                  title: t('操作'),
                  width: 160,
                  render: (_: unknown, s: SessionView) => (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
                        {t('修改')}
                      </Button>
                      <Popconfirm
                        title={t('删除这个场次？')}
                        okText={t('删除')}
                        cancelText={t('取消')}
                        onConfirm={() => remove.mutate(s.id, { onError: (err) => void message.error(tx(err.message)) })}
                      >
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('删除')} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <SessionModal event={event} session={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
