/**
 * One 工会驿站 for staff and its 站长: 概况 (place, hours, stars, next inspection, managers), 照片,
 * 物资 (balances and the ledger, stock in and out), 服务活动 and 巡查评星.
 */
import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Image, List, Popconfirm, Row, Select, Space, Statistic, Tabs, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { Page } from '../../../web/components/Page.tsx';
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { ApiError } from '../../../web/http.ts';
import { usePermissions } from '../../auth/web/auth.api.ts';
import { AMENITY_LABELS, OPEN_STATE_LABELS, STATION_STATUS_LABELS, STATION_TYPE_LABELS, type StationView } from '../stations.contract.ts';
import { MAX_PHOTO_BYTES } from '../stations.ops.contract.ts';
import {
  useAssignManager,
  useCoverPhoto,
  useDeletePhoto,
  useInspections,
  useManagerCandidates,
  useManagers,
  usePhotos,
  useStation,
  useUnassignManager,
  useUploadPhoto,
} from './stations.ops.api.ts';
import { StationGoodsTab } from './StationGoods.tsx';
import { StationInspectionsTab } from './StationInspections.tsx';
import { StationServicesTab } from './StationServices.tsx';
import { Stars } from './Stars.tsx';
import { useI18n } from './i18n.ts';

export function StationDetailPage() {
  const { t } = useI18n();
  const id = useRouteId();
  const station = useStation(id);
  return (
    <DetailLoader id={id} query={station} notFound={{ title: t('驿站不存在或无权访问'), back: { to: '/stations', label: t('返回驿站列表') } }}>
      {(s) => <StationDetail station={s} />}
    </DetailLoader>
  );
}

function StationDetail({ station }: { station: StationView }) {
  const { t, tx } = useI18n();
  const [tab, setTab] = useState('overview');
  return (
    <Page
      title={<span data-testid="station-title">{tx(station.name)}</span>}
      subTitle={`${t(STATION_TYPE_LABELS[station.type])} · ${tx(station.org.name)}`}
      extra={<Link to="/stations">{t('返回驿站列表')}</Link>}
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'overview', label: t('概况'), children: <Overview station={station} /> },
          { key: 'photos', label: t('照片'), children: <Photos station={station} /> },
          { key: 'goods', label: t('物资'), children: <StationGoodsTab station={station} /> },
          { key: 'services', label: t('服务活动'), children: <StationServicesTab station={station} /> },
          { key: 'inspections', label: t('巡查评星'), children: <StationInspectionsTab station={station} /> },
        ]}
      />
    </Page>
  );
}

function Overview({ station: s }: { station: StationView }) {
  const { t, tx, date } = useI18n();
  const inspections = useInspections(s.id);
  const rating = inspections.data?.rating;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Card variant="borderless" style={{ marginBottom: 16 }}>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('当前星级')} valueRender={() => <Stars stars={rating?.stars ?? null} />} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('最近巡查')}
                valueStyle={{ fontSize: 20 }}
                valueRender={() => <span>{rating?.lastInspectedOn ? date(rating.lastInspectedOn) : t('未巡查')}</span>}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('下次巡查')}
                valueStyle={{ fontSize: 20 }}
                valueRender={() => (
                  <Space size={4}>
                    <span>{rating ? date(rating.nextDueOn) : '—'}</span>
                    {rating?.overdue ? <Tag color="red">{t('已逾期')}</Tag> : null}
                  </Space>
                )}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('近 30 天到站')} value={s.visits30d} suffix={t('人次')} />
            </Col>
          </Row>
          <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
            <Descriptions.Item label={t('运营状态')}>
              <Space>
                <Tag>{t(STATION_STATUS_LABELS[s.status])}</Tag>
                <span>{t(OPEN_STATE_LABELS[s.now])}</span>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('联系电话')}>{s.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('详细地址')} span={2}>
              {tx(s.address)}
            </Descriptions.Item>
            <Descriptions.Item label={t('开放时间')}>
              <Typography.Text code translate="no">
                {s.openingHours}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('值守时间')}>
              {s.staffedHours ? (
                <Typography.Text code translate="no">
                  {s.staffedHours}
                </Typography.Text>
              ) : (
                t('开放时均有人值守')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('服务设施')} span={2}>
              {s.amenities.map((a) => t(AMENITY_LABELS[a])).join('、') || '—'}
            </Descriptions.Item>
            {s.intro ? (
              <Descriptions.Item label={t('驿站介绍')} span={2}>
                {tx(s.intro)}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Managers station={s} />
      </Col>
    </Row>
  );
}

function Managers({ station: s }: { station: StationView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const canManage = usePermissions().has('stations:manage');
  const managers = useManagers(s.id);
  const candidates = useManagerCandidates(s.id, canManage);
  const assign = useAssignManager(s.id);
  const unassign = useUnassignManager(s.id);
  const [picked, setPicked] = useState<number | undefined>();
  const bound = new Set((managers.data?.items ?? []).map((m) => m.accountId));
  const fail = (e: unknown) => void message.error(e instanceof ApiError ? tx(e.fields[0]?.message ?? e.message) : t('操作失败，请稍后重试'));
  return (
    <Card variant="borderless" title={t('站长')} data-testid="station-managers">
      {managers.error ? <LoadError error={managers.error} onRetry={() => managers.refetch()} /> : null}
      <List
        size="small"
        dataSource={managers.data?.items ?? []}
        locale={{ emptyText: t('尚未指定站长') }}
        renderItem={(m) => (
          <List.Item
            actions={
              canManage
                ? [
                    <Popconfirm
                      key="remove"
                      title={t('取消「{name}」的站长？', { name: tx(m.displayName) })}
                      onConfirm={() => unassign.mutateAsync(m.accountId).catch(fail)}
                    >
                      <Button size="small" type="link" danger>
                        {t('取消')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta title={tx(m.displayName)} description={`${m.username} · ${tx(m.org)}`} />
          </List.Item>
        )}
      />
      {canManage && s.status !== 'closed' ? (
        <Flex gap={8} style={{ marginTop: 12 }}>
          <Select
            style={{ flex: 1 }}
            placeholder={t('选择站长账号')}
            value={picked}
            onChange={setPicked}
            loading={candidates.isFetching}
            notFoundContent={t('本级及下级没有可指定的“驿站站长”账号')}
            options={(candidates.data?.items ?? [])
              .filter((c) => !bound.has(c.accountId))
              .map((c) => ({ value: c.accountId, label: `${tx(c.displayName)}（${c.username}）` }))}
            data-testid="manager-pick"
          />
          <Button
            type="primary"
            disabled={!picked}
            loading={assign.isPending}
            onClick={() =>
              picked &&
              assign
                .mutateAsync(picked)
                .then(() => setPicked(undefined))
                .catch(fail)
            }
          >
            {t('指定')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}

function Photos({ station: s }: { station: StationView }) {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const canOperate = usePermissions().has('stations:operate') && s.status !== 'closed';
  const photos = usePhotos(s.id);
  const upload = useUploadPhoto(s.id);
  const remove = useDeletePhoto(s.id);
  const cover = useCoverPhoto(s.id);
  const fail = (e: unknown) => void message.error(e instanceof ApiError ? tx(e.fields[0]?.message ?? e.message) : t('操作失败，请稍后重试'));
  return (
    <Card
      variant="borderless"
      extra={
        canOperate ? (
          <Upload
            accept="image/jpeg,image/png,image/webp"
            showUploadList={false}
            beforeUpload={(file) => {
              if (file.size > MAX_PHOTO_BYTES) {
                message.error(t('照片不能超过 5 MB，请压缩后再上传'));
                return false;
              }
              upload.mutateAsync(file).catch(fail);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="photo-upload">
              {t('上传照片')}
            </Button>
          </Upload>
        ) : null
      }
      title={t('驿站照片')}
    >
      {photos.error ? <LoadError error={photos.error} onRetry={() => photos.refetch()} /> : null}
      {photos.data && !photos.data.items.length ? <Empty description={t('还没有照片：上传门头、室内和设施的照片')} /> : null}
      <Image.PreviewGroup>
        <Row gutter={[16, 16]}>
          {(photos.data?.items ?? []).map((p) => (
            <Col key={p.id} xs={12} md={8} lg={6}>
              <Card
                size="small"
                cover={<Image src={p.url} alt={p.caption ?? p.filename} height={160} style={{ objectFit: 'cover' }} />}
                actions={
                  canOperate
                    ? [
                        p.isCover ? (
                          <Tag key="cover" color="gold">
                            {t('封面')}
                          </Tag>
                        ) : (
                          <Button key="cover" size="small" type="link" onClick={() => cover.mutateAsync(p.id).catch(fail)}>
                            {t('设为封面')}
                          </Button>
                        ),
                        <Popconfirm key="delete" title={t('删除这张照片？')} onConfirm={() => remove.mutateAsync(p.id).catch(fail)}>
                          <Button size="small" type="link" danger>
                            {t('删除')}
                          </Button>
                        </Popconfirm>,
                      ]
                    : p.isCover
                      ? [<Tag key="cover">{t('封面')}</Tag>]
                      : []
                }
              >
                <Card.Meta title={tx(p.caption ?? p.filename)} description={dateTime(p.at)} />
              </Card>
            </Col>
          ))}
        </Row>
      </Image.PreviewGroup>
    </Card>
  );
}
