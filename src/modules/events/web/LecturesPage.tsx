/**
 * 宣讲点单: the menu the caller's unions may order from, the board of orders with each step's
 * button (the server says which apply), the schedule dialog that shows the performer's clashes
 * before saving and the refusal when saving, the close dialog with attendance, rating and photos,
 * and the year's figures.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { ApiError } from '../../../web/http.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { DATUMS, DATUM_LABELS } from '../events.contract.ts';
import { MEMBER_UNION_TYPES } from '../../orgs/orgs.contract.ts';
import { MAX_PHOTO_BYTES, MENU_KIND_LABELS, ORDER_STATUSES, ORDER_STATUS_LABELS, PERFORMER_KIND_LABELS, type OrderStatus } from '../lectures.contract.ts';
import {
  checkSchedule,
  photoUrl,
  useCloseOrder,
  useLectureStats,
  useMenu,
  useOrders,
  usePlaceOrder,
  useSchedule,
  useStep,
  useUploadPhoto,
  useWithReason,
  type CheckData,
  type MenuItem,
  type Order,
} from './lectures.api.ts';
import { useI18n } from './i18n.ts';

const STATUS_COLORS: Record<OrderStatus, string> = {
  ordered: 'blue',
  scheduled: 'gold',
  confirmed: 'cyan',
  delivered: 'green',
  closed: 'default',
  declined: 'red',
  cancelled: 'default',
};

function errorText(err: unknown, tx: (s: string) => string) {
  return err instanceof ApiError ? tx(err.fields[0]?.message ?? err.message) : tx(err instanceof Error ? err.message : String(err));
}

export function LecturesPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('orders');
  return (
    <Page title={t('宣讲点单')} subTitle={t('总工会宣讲菜单、基层工会点单、排期（主讲人时间与路程冲突检查）、结办和统计')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'orders', label: t('点单'), children: <OrdersTab /> },
          { key: 'menu', label: t('宣讲菜单'), children: <MenuTab onOrdered={() => setTab('orders')} /> },
          { key: 'stats', label: t('统计'), children: <StatsTab /> },
        ]}
      />
    </Page>
  );
}

// ---- menu and ordering ----

function MenuTab({ onOrdered }: { onOrdered: () => void }) {
  const { t, tx } = useI18n();
  const menu = useMenu();
  const canManage = usePermissions().has('events:manage');
  const [ordering, setOrdering] = useState<MenuItem | null>(null);
  return (
    <>
      {menu.error ? <LoadError error={menu.error} onRetry={() => void menu.refetch()} /> : null}
      <Table<MenuItem>
        rowKey="id"
        size="small"
        loading={menu.isLoading}
        dataSource={menu.data ?? []}
        pagination={false}
        locale={{ emptyText: t('暂无宣讲菜单') }}
        columns={[
          { title: t('主题'), dataIndex: 'topic', render: (v: string) => tx(v) },
          { title: t('类型'), dataIndex: 'kind', render: (k: MenuItem['kind']) => <Tag>{t(MENU_KIND_LABELS[k])}</Tag> },
          { title: t('主讲人或团队'), render: (_, i) => `${tx(i.performer.name)}（${t(PERFORMER_KIND_LABELS[i.performer.kind])}）` },
          { title: t('时长（分钟）'), dataIndex: 'durationMinutes' },
          { title: t('适合人数'), dataIndex: 'maxAudience' },
          { title: t('场地要求'), dataIndex: 'hostRequirements', render: (v: string | null) => tx(v ?? '') },
          { title: t('所属总工会'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          { title: t('点单'), dataIndex: 'orders' },
          {
            title: t('操作'),
            render: (_, i) =>
              canManage ? (
                <Button size="small" type="link" onClick={() => setOrdering(i)}>
                  {t('点单')}
                </Button>
              ) : null,
          },
        ]}
      />
      {ordering ? (
        <OrderModal
          item={ordering}
          onClose={(done) => {
            setOrdering(null);
            if (done) onOrdered();
          }}
        />
      ) : null}
    </>
  );
}

interface OrderForm {
  orgId?: number;
  wishedDates?: Dayjs[];
  place?: string;
  address?: string;
  expectedAudience?: number;
  lng?: number;
  lat?: number;
  datum?: (typeof DATUMS)[number];
  contactName?: string;
  contactPhone?: string;
  note?: string;
}

function OrderModal({ item, onClose }: { item: MenuItem; onClose: (done: boolean) => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrderForm>();
  const place = usePlaceOrder();
  const { me } = usePermissions();
  // A grassroots union orders for itself; a federation picks the union it orders for.
  const ownOrg = me && (MEMBER_UNION_TYPES as readonly string[]).includes(me.org.type) ? me.org.id : undefined;
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    try {
      await place.mutateAsync({
        itemId: item.id,
        orgId: v.orgId!,
        wishedDates: (v.wishedDates ?? []).map((d) => d.format('YYYY-MM-DD')),
        place: v.place ?? '',
        address: v.address || null,
        lng: v.lng ?? null,
        lat: v.lat ?? null,
        datum: v.datum ?? null,
        expectedAudience: v.expectedAudience!,
        contactName: v.contactName || null,
        contactPhone: v.contactPhone || null,
        note: v.note || null,
      });
      void message.success(t('已点单'));
      onClose(true);
    } catch (err) {
      setError(errorText(err, tx));
    }
  };
  return (
    <Modal
      open
      title={`${t('点单')}：${tx(item.topic)}`}
      okText={t('提交点单')}
      cancelText={t('取消')}
      onOk={submit}
      onCancel={() => onClose(false)}
      confirmLoading={place.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="lecture-order" initialValues={{ orgId: ownOrg }}>
        <Form.Item label={t('点单工会')} name="orgId" rules={[{ required: true, message: t('请选择点单工会') }]}>
          <OrgTreeSelect id="lecture-order-org" placeholder={t('选择基层工会')} />
        </Form.Item>
        <Form.Item
          label={t('期望日期')}
          name="wishedDates"
          rules={[{ required: true, message: t('请至少填写一个期望日期') }]}
          extra={t('可选多个日期，最多 5 个')}
        >
          <DatePicker multiple id="lecture-order-dates" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item label={t('活动地点')} name="place" rules={[{ required: true, message: t('请填写活动地点') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('预计人数')}
          name="expectedAudience"
          rules={[{ required: true, message: t('请填写预计人数') }]}
          extra={t('适合人数 {n} 人以内', { n: item.maxAudience })}
        >
          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('详细地址')} name="address">
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item label={t('经度')} name="lng" style={{ flex: 1 }}>
            <InputNumber min={73} max={136} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('纬度')} name="lat" style={{ flex: 1 }}>
            <InputNumber min={3} max={54} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('坐标系')} name="datum" style={{ flex: 1 }}>
            <Select allowClear options={DATUMS.map((d) => ({ value: d, label: t(DATUM_LABELS[d]) }))} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item label={t('联系人')} name="contactName" style={{ flex: 1 }}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item label={t('联系电话')} name="contactPhone" style={{ flex: 1 }}>
            <Input maxLength={20} />
          </Form.Item>
        </Space.Compact>
        {error ? <Alert type="error" showIcon message={error} /> : null}
      </Form>
    </Modal>
  );
}

// ---- the board ----

function OrdersTab() {
  const { t, tx, date, dateTime } = useI18n();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<OrderStatus | undefined>();
  const [page, setPage] = useState(1);
  const orders = useOrders({ status, page, pageSize: 20 });
  const step = useStep();
  const withReason = useWithReason();
  const [scheduling, setScheduling] = useState<Order | null>(null);
  const [closing, setClosing] = useState<Order | null>(null);
  const fail = (e: unknown) => void message.error(errorText(e, tx));
  const askReason = (o: Order, kind: 'decline' | 'cancel') => {
    let reason = '';
    modal.confirm({
      title: kind === 'decline' ? t('不受理该点单') : t('取消该点单'),
      content: <Input aria-label={t('原因')} placeholder={t('原因')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => withReason.mutateAsync({ id: o.id, step: kind, reason }).then(() => void message.success(t('已保存')), fail),
    });
  };
  return (
    <>
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('全部状态')}
          style={{ width: 160 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(ORDER_STATUS_LABELS[s]) }))}
        />
      </Flex>
      {orders.error ? <LoadError error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      <Table<Order>
        rowKey="id"
        size="small"
        loading={orders.isLoading}
        dataSource={orders.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: orders.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: t('暂无点单') }}
        expandable={{ expandedRowRender: (o) => <OrderDetail order={o} /> }}
        columns={[
          { title: t('主题'), render: (_, o) => tx(o.item.topic) },
          { title: t('点单工会'), render: (_, o) => tx(o.host.name) },
          { title: t('主讲人或团队'), render: (_, o) => tx(o.performer.name) },
          { title: t('期望日期'), render: (_, o) => o.wishedDates.map((d) => date(d)).join('、') },
          { title: t('安排时间'), render: (_, o) => (o.startsAt ? `${dateTime(o.startsAt)} – ${dayjs(o.endsAt).format('HH:mm')}` : '—') },
          { title: t('地点'), render: (_, o) => tx(o.place) },
          { title: t('状态'), dataIndex: 'status', render: (s: OrderStatus) => <Tag color={STATUS_COLORS[s]}>{t(ORDER_STATUS_LABELS[s])}</Tag> },
          {
            title: t('操作'),
            render: (_, o) => (
              <Space size={0} wrap>
                {o.can.schedule ? (
                  <Button size="small" type="link" onClick={() => setScheduling(o)}>
                    {o.status === 'scheduled' ? t('改期') : t('排期')}
                  </Button>
                ) : null}
                {o.can.confirm ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => step.mutateAsync({ id: o.id, step: 'confirm' }).then(() => void message.success(t('已确认')), fail)}
                  >
                    {t('确认')}
                  </Button>
                ) : null}
                {o.can.deliver ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => step.mutateAsync({ id: o.id, step: 'deliver' }).then(() => void message.success(t('已登记开展')), fail)}
                  >
                    {t('登记开展')}
                  </Button>
                ) : null}
                {o.can.close || o.can.upload ? (
                  <Button size="small" type="link" onClick={() => setClosing(o)}>
                    {o.can.close ? t('结办') : t('照片')}
                  </Button>
                ) : null}
                {o.can.decline ? (
                  <Button size="small" type="link" danger onClick={() => askReason(o, 'decline')}>
                    {t('不受理')}
                  </Button>
                ) : null}
                {o.can.cancel ? (
                  <Button size="small" type="link" danger onClick={() => askReason(o, 'cancel')}>
                    {t('取消')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {scheduling ? <ScheduleModal order={scheduling} onClose={() => setScheduling(null)} /> : null}
      {closing ? <CloseModal order={closing} onClose={() => setClosing(null)} /> : null}
    </>
  );
}

function OrderDetail({ order: o }: { order: Order }) {
  const { t, tx } = useI18n();
  return (
    <Descriptions size="small" column={3}>
      <Descriptions.Item label={t('菜单所属')}>{tx(o.organiser.name)}</Descriptions.Item>
      <Descriptions.Item label={t('预计人数')}>{o.expectedAudience}</Descriptions.Item>
      <Descriptions.Item label={t('联系人')}>{tx([o.contactName, o.contactPhone].filter(Boolean).join(' '))}</Descriptions.Item>
      {o.reason ? <Descriptions.Item label={t('原因')}>{tx(o.reason)}</Descriptions.Item> : null}
      {o.attendance !== null ? <Descriptions.Item label={t('到场人数')}>{o.attendance}</Descriptions.Item> : null}
      {o.onlineViewers !== null ? <Descriptions.Item label={t('线上观看人次')}>{o.onlineViewers}</Descriptions.Item> : null}
      {o.rating !== null ? (
        <Descriptions.Item label={t('承办单位评分')}>
          <Rate disabled value={o.rating} />
        </Descriptions.Item>
      ) : null}
      {o.photos.length ? (
        <Descriptions.Item label={t('活动照片')}>
          <Space wrap>
            {o.photos.map((p) => (
              <a key={p.id} href={photoUrl(o.id, p.id)} target="_blank" rel="noreferrer">
                {tx(p.filename)}
              </a>
            ))}
          </Space>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

function ScheduleModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const schedule = useSchedule();
  const first = order.startsAt ? dayjs(order.startsAt) : dayjs(order.wishedDates[0]).hour(9).minute(0);
  const [startsAt, setStartsAt] = useState<Dayjs | null>(first);
  const [endsAt, setEndsAt] = useState<Dayjs | null>(order.endsAt ? dayjs(order.endsAt) : first.add(order.item.durationMinutes, 'minute'));
  const [check, setCheck] = useState<CheckData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    if (!startsAt || !endsAt || !endsAt.isAfter(startsAt)) return setCheck(null);
    let live = true;
    checkSchedule(order.id, startsAt.format(), endsAt.format()).then(
      (c) => live && setCheck(c),
      () => live && setCheck(null),
    );
    return () => {
      live = false;
    };
  }, [order.id, startsAt, endsAt]);
  const submit = async () => {
    if (!startsAt || !endsAt) return setError(t('请填写开始时间和结束时间'));
    if (!endsAt.isAfter(startsAt)) return setError(t('结束时间须晚于开始时间'));
    try {
      await schedule.mutateAsync({ id: order.id, startsAt: startsAt.format(), endsAt: endsAt.format() });
      void message.success(t('已排期'));
      onClose();
    } catch (err) {
      setError(errorText(err, tx));
    }
  };
  return (
    <Modal
      open
      title={`${t('排期')}：${tx(order.item.topic)}`}
      okText={t('保存排期')}
      cancelText={t('取消')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={schedule.isPending}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('点单工会')}>{tx(order.host.name)}</Descriptions.Item>
        <Descriptions.Item label={t('主讲人或团队')}>{tx(order.performer.name)}</Descriptions.Item>
        <Descriptions.Item label={t('期望日期')}>{order.wishedDates.map((d) => date(d)).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('地点')}>{tx(order.place)}</Descriptions.Item>
      </Descriptions>
      <Flex gap={8} wrap>
        <label>
          {t('开始时间')}
          <DatePicker
            id="lecture-starts"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={startsAt}
            onChange={setStartsAt}
            style={{ display: 'block', width: 220 }}
          />
        </label>
        <label>
          {t('结束时间')}
          <DatePicker
            id="lecture-ends"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={endsAt}
            onChange={setEndsAt}
            style={{ display: 'block', width: 220 }}
          />
        </label>
      </Flex>
      <div style={{ marginTop: 12 }} data-testid="schedule-check">
        {check?.ok ? <Alert type="success" showIcon message={t('该时间主讲人或团队没有冲突')} /> : null}
        {check && !check.ok
          ? check.clashes.map((c) => <Alert key={c.orderId} type="warning" showIcon message={tx(c.message)} style={{ marginBottom: 8 }} />)
          : null}
        {error ? <Alert type="error" showIcon role="alert" message={error} data-testid="schedule-error" /> : null}
      </div>
    </Modal>
  );
}

function CloseModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const close = useCloseOrder();
  const upload = useUploadPhoto();
  const [form] = Form.useForm<{ attendance?: number; onlineViewers?: number; rating?: number; feedback?: string }>();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!order.can.close) return onClose();
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await close.mutateAsync({
        id: order.id,
        body: { attendance: v.attendance!, onlineViewers: v.onlineViewers ?? null, rating: v.rating!, feedback: v.feedback || null },
      });
      void message.success(t('已结办'));
      onClose();
    } catch (err) {
      setError(errorText(err, tx));
    }
  };
  return (
    <Modal
      open
      title={`${order.can.close ? t('结办') : t('照片')}：${tx(order.item.topic)}`}
      okText={order.can.close ? t('结办') : t('关闭')}
      cancelText={t('取消')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={close.isPending}
      destroyOnHidden
    >
      {order.can.close ? (
        <Form form={form} layout="vertical" name="lecture-close">
          <Form.Item label={t('到场人数')} name="attendance" rules={[{ required: true, message: t('请填写到场人数') }]}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('线上观看人次')} name="onlineViewers" extra={t('有直播时填写')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('承办单位评分')} name="rating" rules={[{ required: true, message: t('请评分') }]}>
            <Rate />
          </Form.Item>
          <Form.Item label={t('评价意见')} name="feedback">
            <Input.TextArea maxLength={300} rows={2} />
          </Form.Item>
        </Form>
      ) : null}
      <Card size="small" title={t('活动照片')} extra={t('JPG、PNG、WebP，每张不超过 5 MB，最多 9 张')}>
        <Space wrap>
          {order.photos.map((p) => (
            <a key={p.id} href={photoUrl(order.id, p.id)} target="_blank" rel="noreferrer">
              {tx(p.filename)}
            </a>
          ))}
          <Upload
            accept="image/jpeg,image/png,image/webp"
            showUploadList={false}
            beforeUpload={(file) => {
              setError(null);
              if (file.size > MAX_PHOTO_BYTES) setError(t('单张照片不能超过 5 MB'));
              else
                upload.mutateAsync({ id: order.id, file }).then(
                  () => void message.success(t('已上传照片')),
                  (err: unknown) => setError(errorText(err, tx)),
                );
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending}>
              {t('上传照片')}
            </Button>
          </Upload>
        </Space>
      </Card>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
    </Modal>
  );
}

// ---- figures ----

function StatsTab() {
  const { t, tx } = useI18n();
  const year = dayjs().year();
  const stats = useLectureStats({ year });
  const s = stats.data;
  if (stats.error) return <LoadError error={stats.error} onRetry={() => void stats.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Flex gap={32} wrap>
        <Statistic title={t('{y} 年点单', { y: year })} value={s?.orders ?? 0} suffix={t('单')} />
        <Statistic title={t('已开展')} value={s?.delivered ?? 0} suffix={t('场')} />
        <Statistic title={t('到场人数')} value={s?.attendance ?? 0} suffix={t('人')} />
        <Statistic
          title={t('基层工会覆盖率')}
          value={s ? Math.round(s.coverage.ratio * 1000) / 10 : 0}
          suffix={`% （${s?.coverage.ordered ?? 0} / ${s?.coverage.total ?? 0}）`}
        />
      </Flex>
      <Flex gap={16} wrap align="start">
        <Card size="small" title={t('按主题')} style={{ flex: 1, minWidth: 280 }}>
          <Table
            rowKey={(r) => `${r.kind}-${r.topic}`}
            size="small"
            pagination={false}
            dataSource={s?.byTopic ?? []}
            columns={[
              { title: t('主题'), dataIndex: 'topic', render: (v: string) => tx(v) },
              { title: t('类型'), dataIndex: 'kind', render: (k: MenuItem['kind']) => t(MENU_KIND_LABELS[k]) },
              { title: t('点单'), dataIndex: 'orders' },
            ]}
          />
        </Card>
        <Card size="small" title={t('按地区')} style={{ flex: 1, minWidth: 240 }}>
          <Table
            rowKey={(r) => String(r.orgId)}
            size="small"
            pagination={false}
            dataSource={s?.byRegion ?? []}
            columns={[
              { title: t('旗县区'), dataIndex: 'name', render: (v: string) => tx(v) },
              { title: t('点单'), dataIndex: 'orders' },
            ]}
          />
        </Card>
        <Card size="small" title={t('按月份')} style={{ flex: 1, minWidth: 300 }}>
          <Table
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={(s?.byMonth ?? []).filter((m) => m.orders > 0 || m.delivered > 0)}
            columns={[
              { title: t('月份'), dataIndex: 'month' },
              { title: t('点单'), dataIndex: 'orders' },
              { title: t('开展'), dataIndex: 'delivered' },
              { title: t('到场人数'), dataIndex: 'attendance' },
            ]}
          />
        </Card>
      </Flex>
    </Flex>
  );
}
