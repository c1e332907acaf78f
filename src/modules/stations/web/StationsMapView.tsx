/**
 * The staff page's map view: the stations of the account's subtree with the list's filters,
 * clustered; the station clicked is shown beside the map with its hours and whether it is open now.
 */
import { useState } from 'react';
import { Alert, Card, Col, Descriptions, Empty, Row, Skeleton, Tag } from 'antd';
import {
  OPEN_STATE_LABELS,
  STATION_STATUS_LABELS,
  STATION_TYPE_LABELS,
  type ListStationsQuery,
  type MapStation,
  type OpenState,
} from '../stations.contract.ts';
import { loadStationMap, useMapSettings } from './stations.api.ts';
import { StationMap } from './StationMap.tsx';
import { useI18n } from './i18n.ts';

const NOW_COLORS: Record<OpenState, string> = { staffed: 'green', self: 'blue', closed: 'default' };

export function StationsMapView({ query }: { query: Partial<ListStationsQuery> }) {
  const { t, tx } = useI18n();
  const settings = useMapSettings();
  const [selected, setSelected] = useState<MapStation | null>(null);
  const filters = { type: query.type, status: query.status, amenity: query.amenity, orgId: query.orgId };
  if (settings.error) return <Alert type="error" showIcon message={t('地图加载失败，请稍后重试')} />;
  if (!settings.data) return <Skeleton active />;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={17}>
        <StationMap
          settings={settings.data}
          load={(bbox, zoom, datum) => loadStationMap(filters, bbox, zoom, datum)}
          filterKey={JSON.stringify(filters)}
          onSelect={setSelected}
          selectedId={selected?.id ?? null}
          fitFirst
          height={560}
          labels={{
            outline: t('底图未配置：省级行政区轮廓仅为示意'),
            cluster: (n) => t('{n} 个驿站，点击放大', { n }),
            failed: t('地图加载失败，请稍后重试'),
          }}
        />
      </Col>
      <Col xs={24} lg={7}>
        <Card size="small" title={t('驿站')} data-testid="map-selected">
          {selected ? (
            <Descriptions
              column={1}
              size="small"
              title={tx(selected.name)}
              items={[
                { key: 'type', label: t('驿站类型'), children: t(STATION_TYPE_LABELS[selected.type]) },
                { key: 'address', label: t('详细地址'), children: tx(selected.address) },
                {
                  key: 'hours',
                  label: t('开放时间'),
                  children: (
                    <>
                      <span translate="no">{selected.openingHours}</span>
                      {selected.staffedHours ? (
                        <div>
                          {t('值守')} <span translate="no">{selected.staffedHours}</span>
                        </div>
                      ) : null}
                    </>
                  ),
                },
                { key: 'now', label: t('现在'), children: <Tag color={NOW_COLORS[selected.now]}>{t(OPEN_STATE_LABELS[selected.now])}</Tag> },
                { key: 'status', label: t('运营状态'), children: t(STATION_STATUS_LABELS[selected.status]) },
              ]}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('点击地图上的驿站查看详情；点击数字放大')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
