/**
 * 工会驿站: the stations of the account's subtree, filtered by type, status, amenity and host union;
 * register or change one (its point with the map it was taken from, its hours in OpenStreetMap
 * syntax), pause, reopen or close it with a reason, print its QR poster; this month's visits.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useUrlQuery } from '../../../web/components/useUrlQuery.ts';
import { useFormErrors } from '../../../web/components/forms.ts';
import { usePermissions, useMe } from '../../auth/web/auth.api.ts';
import { chinaToday } from '../../../shared/dates.ts';
import { DATUM_LABELS, POINT_SOURCES, POINT_SOURCE_LABELS, SOURCE_DATUM, type PointSource } from '../../../shared/geo.ts';
import {
  AMENITIES,
  AMENITY_LABELS,
  ListStationsQuery,
  OPEN_STATE_LABELS,
  STATION_STATUSES,
  STATION_STATUS_LABELS,
  STATION_TYPES,
  STATION_TYPE_LABELS,
  StationInput,
  type Amenity,
  type OpenState,
  type StationStatus,
  type StationType,
  type StationView,
} from '../stations.contract.ts';
import { useSaveStation, useStationStatus, useStations, useVisitStats } from './stations.api.ts';
import { useI18n } from './i18n.ts';
import { exportStations } from './stations.ops.api.ts';
import { ImportStationsModal } from './ImportStationsModal.tsx';
import { OverdueCard } from './OverdueCard.tsx';

// The map (Leaflet and the outlines) loads only when the map view is opened.
const StationsMapView = lazy(() => import('./StationsMapView.tsx').then((m) => ({ default: m.StationsMapView })));

const STATUS_COLORS: Record<StationStatus, string> = { open: 'green', paused: 'gold', closed: 'default' };
const NOW_COLORS: Record<OpenState, string> = { staffed: 'green', self: 'blue', closed: 'default' };

interface FormValues {
  type?: StationType;
  name?: string;
  orgId?: number;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  source?: PointSource;
  openingHours?: string;
  staffedHours?: string;
  amenities?: Amenity[];
  phone?: string;
  intro?: string;
}

function bodyOf(v: FormValues) {
  const source = v.source ?? 'amap';
  return {
    type: v.type,
    name: v.name ?? '',
    orgId: v.orgId,
    address: v.address ?? '',
    lng: v.lng ?? undefined,
    lat: v.lat ?? undefined,
    source,
    datum: SOURCE_DATUM[source],
    openingHours: v.openingHours ?? '',
    staffedHours: v.staffedHours?.trim() ? v.staffedHours : null,
    amenities: v.amenities ?? [],
    phone: v.phone?.trim() ? v.phone : null,
    intro: v.intro?.trim() ? v.intro : null,
  };
}

function valuesOf(s: StationView | null, orgId?: number): FormValues {
  if (!s) return { type: 'union', orgId, source: 'amap', openingHours: '24/7', amenities: ['seats', 'water', 'charging'] };
  return {
    type: s.type,
    name: s.name,
    orgId: s.org.id,
    address: s.address,
    lng: s.lng,
    lat: s.lat,
    source: s.source,
    openingHours: s.openingHours,
    staffedHours: s.staffedHours ?? '',
    amenities: s.amenities,
    phone: s.phone ?? '',
    intro: s.intro ?? '',
  };
}

function StationFormModal({ open, station, onClose }: { open: boolean; station: StationView | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const { check, showServerError } = useFormErrors();
  const save = useSaveStation(station?.id ?? null);
  const ownOrg = useMe().data?.org.id;
  const source = Form.useWatch('source', form) ?? 'amap';

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(valuesOf(station, ownOrg));
    }
  }, [open, station, form, ownOrg]);

  const submit = async () => {
    const v = form.getFieldsValue(true) as FormValues;
    const body = check(StationInput, bodyOf(v), form, { rename: (f) => (f === 'datum' ? 'source' : f) });
    if (!body) return;
    try {
      await save.mutateAsync(body);
      onClose();
    } catch (err) {
      showServerError(err, form, { rename: (f) => (f === 'datum' ? 'source' : f) });
    }
  };

  return (
    <Modal
      open={open}
      width={860}
      title={station ? t('修改驿站') : t('登记驿站')}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'station-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" data-testid="station-form">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="type" label={t('驿站类型')} rules={[{ required: true, message: t('请选择驿站类型') }]}>
              <Select options={STATION_TYPES.map((k) => ({ value: k, label: t(STATION_TYPE_LABELS[k]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="orgId" label={t('承建工会')} rules={[{ required: true, message: t('请选择承建工会') }]}>
              <OrgTreeSelect style={{ width: '100%' }} placeholder={t('选择承建工会')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="name" label={t('驿站名称')} rules={[{ required: true, message: t('请填写驿站名称') }]}>
              <Input maxLength={60} placeholder={t('如：中山路户外劳动者服务站')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="address" label={t('详细地址')} rules={[{ required: true, message: t('请填写详细地址') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="source"
              label={t('坐标来源')}
              tooltip={t('在哪个地图上取的点：高德、腾讯和微信为 GCJ-02，百度为 BD-09，GPS 和天地图为 WGS-84')}
              extra={t('坐标系：{d}', { d: t(DATUM_LABELS[SOURCE_DATUM[source]]) })}
            >
              <Select options={POINT_SOURCES.map((s) => ({ value: s, label: t(POINT_SOURCE_LABELS[s]) }))} data-testid="station-source" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="lng" label={t('经度')} rules={[{ required: true, message: t('请填写经度') }]}>
              <InputNumber style={{ width: '100%' }} precision={6} step={0.0001} placeholder="111.673830" aria-label={t('经度')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="lat" label={t('纬度')} rules={[{ required: true, message: t('请填写纬度') }]}>
              <InputNumber style={{ width: '100%' }} precision={6} step={0.0001} placeholder="40.814310" aria-label={t('纬度')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="openingHours"
              label={t('开放时间')}
              rules={[{ required: true, message: t('请填写开放时间') }]}
              extra={t('OpenStreetMap 格式，如 “Mo-Fr 08:00-20:00; Sa,Su 09:00-17:00”，全天开放填 “24/7”')}
            >
              <Input maxLength={255} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="staffedHours" label={t('值守时间')} extra={t('有人值守的时间；不填为开放时都有人。其余开放时间扫码自助进入')}>
              <Input maxLength={255} placeholder="Mo-Su 08:00-20:00" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="amenities" label={t('服务设施')}>
              <Checkbox.Group options={AMENITIES.map((a) => ({ value: a, label: t(AMENITY_LABELS[a]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="phone" label={t('联系电话')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="intro" label={t('驿站介绍')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function StatusModal({ target, onClose }: { target: { station: StationView; status: StationStatus } | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const change = useStationStatus();
  useEffect(() => {
    setReason('');
    setError(null);
  }, [target]);
  if (!target) return null;
  const { station, status } = target;
  const submit = async () => {
    try {
      await change.mutateAsync({ id: station.id, status, reason: reason.trim() ? reason : null });
      onClose();
    } catch (err) {
      setError(err instanceof Error ? tx(err.message) : t('操作失败，请稍后重试'));
    }
  };
  return (
    <Modal
      open
      title={t('将「{name}」改为{status}', { name: tx(station.name), status: t(STATION_STATUS_LABELS[status]) })}
      okText={t('确定')}
      onOk={() => void submit()}
      confirmLoading={change.isPending}
      onCancel={onClose}
      okButtonProps={{ danger: status === 'closed', 'data-testid': 'station-status-ok' } as ButtonProps}
    >
      {status === 'closed' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('撤销后不能恢复，也不能再打印到站二维码')} /> : null}
      {status !== 'open' ? (
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder={t('原因')} aria-label={t('原因')} />
      ) : null}
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} /> : null}
    </Modal>
  );
}

function VisitsCard() {
  const { t, tx } = useI18n();
  const today = chinaToday();
  const stats = useVisitStats({ from: `${today.slice(0, 8)}01`, to: today });
  const s = stats.data;
  return (
    <Card variant="borderless" title={t('本月到站')} style={{ marginBottom: 16 }} data-testid="station-visits">
      {stats.error ? <LoadError error={stats.error} onRetry={() => stats.refetch()} /> : null}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('到站人次')} value={s?.total ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('到站职工')} value={s?.visitors ?? 0} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('按职业')}</Typography.Text>
          <div>
            {(s?.byOccupation ?? []).slice(0, 6).map((o) => (
              <Tag key={o.occupation}>
                {tx(o.occupation)} {o.visits}
              </Tag>
            ))}
          </div>
        </Col>
      </Row>
    </Card>
  );
}

export function StationsPage() {
  const { t, tx } = useI18n();
  const list = useUrlQuery(ListStationsQuery);
  const q = list.query;
  const data = useStations(q);
  const canManage = usePermissions().has('stations:manage');
  const [editing, setEditing] = useState<StationView | 'new' | null>(null);
  const [statusTarget, setStatusTarget] = useState<{ station: StationView; status: StationStatus } | null>(null);
  const [view, setView] = useState<'list' | 'map'>('list');
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const runExport = () => {
    setExporting(true);
    void exportStations(q)
      .catch((e: unknown) => void message.error(e instanceof Error ? tx(e.message) : t('下载失败')))
      .finally(() => setExporting(false));
  };
  return (
    <Page
      title={t('工会驿站')}
      subTitle={t('户外劳动者歇脚、热饭、饮水、充电的驿站：开放时间、服务设施、到站二维码和到站统计')}
      extra={
        <>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport} data-testid="station-export">
            {t('导出')}
          </Button>
          {canManage ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="station-import">
              {t('导入')}
            </Button>
          ) : null}
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="station-new">
              {t('登记驿站')}
            </Button>
          ) : null}
        </>
      }
    >
      <VisitsCard />
      <OverdueCard />
      <Card variant="borderless">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<'list' | 'map'>
            value={view}
            onChange={(v) => setView(v)}
            options={[
              { value: 'list', label: t('列表') },
              { value: 'map', label: <span data-testid="stations-view-map">{t('地图')}</span> },
            ]}
          />
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('驿站名称或地址')}
            defaultValue={q.q}
            onSearch={(v) => list.setFilters({ q: v || undefined })}
          />
          <Select
            allowClear
            style={{ width: 170 }}
            placeholder={t('驿站类型')}
            value={q.type}
            onChange={(v) => list.setFilters({ type: v })}
            options={STATION_TYPES.map((k) => ({ value: k, label: t(STATION_TYPE_LABELS[k]) }))}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('运营状态')}
            value={q.status}
            onChange={(v) => list.setFilters({ status: v })}
            options={STATION_STATUSES.map((s) => ({ value: s, label: t(STATION_STATUS_LABELS[s]) }))}
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t('服务设施')}
            value={q.amenity}
            onChange={(v: Amenity[]) => list.setFilters({ amenity: v.length ? v : undefined })}
            options={AMENITIES.map((a) => ({ value: a, label: t(AMENITY_LABELS[a]) }))}
          />
          <OrgTreeSelect
            allowClear
            style={{ width: 240 }}
            placeholder={t('承建工会（含下级）')}
            value={q.orgId}
            onChange={(v) => list.setFilters({ orgId: v })}
          />
          {list.active ? <Button onClick={list.reset}>{t('清除筛选')}</Button> : null}
        </Flex>
        {data.error ? <LoadError error={data.error} onRetry={() => data.refetch()} /> : null}
        {view === 'map' ? (
          <Suspense fallback={<Skeleton active />}>
            <StationsMapView query={q} />
          </Suspense>
        ) : null}
        <Table<StationView>
          style={view === 'map' ? { display: 'none' } : undefined}
          rowKey="id"
          size="middle"
          loading={data.isFetching}
          dataSource={data.data?.items ?? []}
          data-testid="stations-table"
          locale={{ emptyText: t('暂无驿站') }}
          {...list.paging(data.data?.total ?? 0, t)}
          columns={[
            {
              title: t('驿站名称'),
              dataIndex: 'name',
              render: (v: string, s) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/stations/${s.id}`} data-testid={`station-open-${s.id}`}>
                    {tx(v)}
                  </Link>
                  <Typography.Text type="secondary">{tx(s.address)}</Typography.Text>
                </Space>
              ),
            },
            { title: t('驿站类型'), dataIndex: 'type', width: 150, render: (k: StationType) => t(STATION_TYPE_LABELS[k]) },
            { title: t('承建工会'), dataIndex: ['org', 'name'], render: (v: string) => tx(v) },
            {
              title: t('开放时间'),
              dataIndex: 'openingHours',
              render: (v: string, s) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text code translate="no">
                    {v}
                  </Typography.Text>
                  {s.staffedHours ? (
                    <Typography.Text type="secondary">
                      {t('值守')} <span translate="no">{s.staffedHours}</span>
                    </Typography.Text>
                  ) : null}
                  <Tag color={NOW_COLORS[s.now]}>{t(OPEN_STATE_LABELS[s.now])}</Tag>
                </Space>
              ),
            },
            {
              title: t('服务设施'),
              dataIndex: 'amenities',
              render: (a: Amenity[]) => a.map((x) => t(AMENITY_LABELS[x])).join('、'),
            },
            { title: t('近 30 天到站'), dataIndex: 'visits30d', width: 110, align: 'right' },
            {
              title: t('运营状态'),
              dataIndex: 'status',
              width: 110,
              render: (s: StationStatus, st) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLORS[s]}>{t(STATION_STATUS_LABELS[s])}</Tag>
                  {st.statusReason ? <Typography.Text type="secondary">{tx(st.statusReason)}</Typography.Text> : null}
                </Space>
              ),
            },
            {
              title: t('操作'),
              width: 220,
              render: (_: unknown, s) => (
                <Space wrap size={4}>
                  {s.status !== 'closed' ? (
                    <Button size="small" href={`/api/stations/${s.id}/poster.pdf`} target="_blank" data-testid={`station-poster-${s.id}`}>
                      {t('到站二维码')}
                    </Button>
                  ) : null}
                  {s.can.change ? (
                    <>
                      <Button size="small" onClick={() => setEditing(s)}>
                        {t('修改')}
                      </Button>
                      {s.status === 'open' ? (
                        <Button size="small" onClick={() => setStatusTarget({ station: s, status: 'paused' })}>
                          {t('暂停')}
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => setStatusTarget({ station: s, status: 'open' })}>
                          {t('恢复运营')}
                        </Button>
                      )}
                      <Button size="small" danger onClick={() => setStatusTarget({ station: s, status: 'closed' })}>
                        {t('撤销')}
                      </Button>
                    </>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <StationFormModal open={editing !== null} station={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      <StatusModal target={statusTarget} onClose={() => setStatusTarget(null)} />
      <ImportStationsModal open={importing} onClose={() => setImporting(false)} />
    </Page>
  );
}
