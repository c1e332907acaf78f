/**
 * 名额分配: the event's places handed down the tree (the organiser's row is the capacity). Each
 * row shows what it passed on, what its own people took and what is free; the account changes the
 * rows the server marks editable, and hands places to a union below that has none yet.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Flex, InputNumber, Space, Table } from 'antd';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useSaveQuota, type EventView, type QuotaNode } from './events.api.ts';
import { useI18n } from './i18n.ts';

type Row = QuotaNode & { children?: Row[] };

function treeOf(nodes: QuotaNode[]): Row[] {
  const byOrg = new Map<number, Row>(nodes.map((n) => [n.orgId, { ...n }]));
  const roots: Row[] = [];
  for (const n of byOrg.values()) {
    const parent = n.parentOrgId === null ? undefined : byOrg.get(n.parentOrgId);
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

function PlacesEditor({ event, row }: { event: EventView; row: QuotaNode }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const save = useSaveQuota(event.id);
  const [value, setValue] = useState<number | null>(row.places);
  return (
    <Space.Compact>
      <InputNumber
        min={0}
        max={1_000_000}
        precision={0}
        value={value}
        onChange={setValue}
        style={{ width: 110 }}
        aria-label={t('{org}的名额', { org: tx(row.orgName) })}
      />
      <Button
        disabled={value === null || value === row.places}
        loading={save.isPending}
        onClick={() =>
          save.mutate(
            { orgId: row.orgId, places: value ?? 0 },
            { onSuccess: () => void message.success(t('名额已保存')), onError: (err) => void message.error(tx(err.message)) },
          )
        }
      >
        {t('保存')}
      </Button>
    </Space.Compact>
  );
}

export function QuotasPanel({ event }: { event: EventView }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const rows = useMemo(() => treeOf(event.quotas), [event.quotas]);
  const save = useSaveQuota(event.id);
  const [orgId, setOrgId] = useState<number | undefined>();
  const [places, setPlaces] = useState<number | null>(null);
  if (event.capacity === null) return <Alert type="info" showIcon message={t('本活动不限名额，无需向下分配。')} />;
  return (
    <>
      {event.can.quotas ? (
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <OrgTreeSelect value={orgId} onChange={setOrgId} placeholder={t('选择下级单位')} style={{ width: 280 }} />
          <InputNumber
            min={0}
            max={1_000_000}
            precision={0}
            value={places}
            onChange={setPlaces}
            placeholder={t('名额')}
            suffix={t('人')}
            aria-label={t('名额')}
          />
          <Button
            type="primary"
            disabled={!orgId || places === null}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { orgId: orgId!, places: places ?? 0 },
                {
                  onSuccess: () => {
                    setOrgId(undefined);
                    setPlaces(null);
                    void message.success(t('名额已下达'));
                  },
                  onError: (err) => void message.error(tx(err.message)),
                },
              )
            }
          >
            {t('下达名额')}
          </Button>
        </Flex>
      ) : null}
      <Table<Row>
        rowKey="orgId"
        size="middle"
        pagination={false}
        dataSource={rows}
        expandable={{ defaultExpandAllRows: true }}
        data-testid="quotas-table"
        locale={{ emptyText: t('暂无名额分配') }}
        columns={[
          { title: t('单位'), dataIndex: 'orgName', render: (v: string) => tx(v) },
          {
            title: t('名额'),
            dataIndex: 'places',
            width: 200,
            render: (v: number, r) => (r.editable && event.can.quotas ? <PlacesEditor event={event} row={r} /> : v),
          },
          { title: t('下达下级'), dataIndex: 'childPlaces', width: 110 },
          { title: t('本级已报'), dataIndex: 'taken', width: 110 },
          { title: t('剩余'), dataIndex: 'free', width: 90 },
        ]}
      />
    </>
  );
}
