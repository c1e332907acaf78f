/** 物资: the station's donated goods with their balances (库存不足 marked), 入库 and 出库 dialogs, and the ledger. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useFormErrors } from '../../../web/components/forms.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions } from '../../auth/web/auth.api.ts';
import type { StationView } from '../stations.contract.ts';
import { GoodsInput, StockInInput, StockOutInput, type GoodsView, type StockMoveView } from '../stations.ops.contract.ts';
import { useAddGoods, useGoods, useLedger, useStockMove } from './stations.ops.api.ts';
import { useI18n } from './i18n.ts';

type Move = { goods: GoodsView; direction: 'in' | 'out' };

export function StationGoodsTab({ station }: { station: StationView }) {
  const { t, tx, date } = useI18n();
  const canOperate = usePermissions().has('stations:operate') && station.status !== 'closed';
  const goods = useGoods(station.id);
  const [page, setPage] = useState(1);
  const ledger = useLedger(station.id, { page, pageSize: 10 });
  const [adding, setAdding] = useState(false);
  const [move, setMove] = useState<Move | null>(null);
  return (
    <>
      <Card
        variant="borderless"
        title={t('爱心物资')}
        style={{ marginBottom: 16 }}
        extra={
          canOperate ? (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="goods-new">
              {t('新增物资')}
            </Button>
          ) : null
        }
      >
        {goods.error ? <LoadError error={goods.error} onRetry={() => goods.refetch()} /> : null}
        <Table<GoodsView>
          rowKey="id"
          size="middle"
          pagination={false}
          loading={goods.isFetching}
          dataSource={goods.data?.items ?? []}
          data-testid="goods-table"
          locale={{ emptyText: t('还没有物资：先新增物资品种，再登记入库') }}
          columns={[
            { title: t('物资名称'), dataIndex: 'name', render: (v: string) => tx(v) },
            {
              title: t('结存'),
              dataIndex: 'balance',
              align: 'right',
              render: (v: number, g) => (
                <Space>
                  <span data-testid={`goods-balance-${g.id}`}>{`${v} ${tx(g.unit)}`}</span>
                  {g.low ? <Tag color="orange">{t('库存不足')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('库存提醒下限'), dataIndex: 'lowStock', align: 'right', render: (v: number, g) => (v ? `${v} ${tx(g.unit)}` : '—') },
            {
              title: t('操作'),
              width: 180,
              render: (_: unknown, g) =>
                canOperate ? (
                  <Space>
                    <Button size="small" onClick={() => setMove({ goods: g, direction: 'in' })} data-testid={`goods-in-${g.id}`}>
                      {t('入库')}
                    </Button>
                    <Button size="small" onClick={() => setMove({ goods: g, direction: 'out' })} data-testid={`goods-out-${g.id}`}>
                      {t('出库')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('物资台账')}>
        {ledger.error ? <LoadError error={ledger.error} onRetry={() => ledger.refetch()} /> : null}
        <Table<StockMoveView>
          rowKey="id"
          size="small"
          loading={ledger.isFetching}
          dataSource={ledger.data?.items ?? []}
          data-testid="ledger-table"
          locale={{ emptyText: t('暂无出入库记录') }}
          pagination={{ current: page, pageSize: 10, total: ledger.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('共 {n} 条', { n }) }}
          columns={[
            { title: t('日期'), dataIndex: 'movedOn', width: 130, render: (v: string) => date(v) },
            { title: t('物资名称'), dataIndex: ['goods', 'name'], render: (v: string) => tx(v) },
            {
              title: t('入库 / 出库'),
              dataIndex: 'direction',
              width: 110,
              render: (d: 'in' | 'out') => <Tag color={d === 'in' ? 'green' : 'blue'}>{d === 'in' ? t('入库') : t('出库')}</Tag>,
            },
            {
              title: t('数量'),
              dataIndex: 'quantity',
              align: 'right',
              render: (v: number, m) => `${m.direction === 'in' ? '+' : '−'}${v} ${tx(m.goods.unit)}`,
            },
            { title: t('结存'), dataIndex: 'balanceAfter', align: 'right' },
            { title: t('捐赠方 / 用途'), render: (_: unknown, m) => tx(m.donor ?? m.purpose) },
            { title: t('经办人'), dataIndex: 'byName', render: (v: string) => tx(v) },
          ]}
        />
      </Card>
      <GoodsModal station={station} open={adding} onClose={() => setAdding(false)} />
      <MoveModal station={station} move={move} onClose={() => setMove(null)} />
    </>
  );
}

function GoodsModal({ station, open, onClose }: { station: StationView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name?: string; unit?: string; lowStock?: number | null }>();
  const { check, showServerError } = useFormErrors();
  const add = useAddGoods(station.id);
  const submit = async () => {
    const v = form.getFieldsValue();
    const body = check(GoodsInput, { name: v.name ?? '', unit: v.unit ?? '', lowStock: v.lowStock ?? 0 }, form);
    if (!body) return;
    try {
      await add.mutateAsync(body);
      form.resetFields();
      onClose();
    } catch (err) {
      showServerError(err, form);
    }
  };
  return (
    <Modal
      open={open}
      title={t('新增物资')}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={add.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'goods-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t('物资名称')} rules={[{ required: true, message: t('请填写物资名称') }]}>
          <Input maxLength={40} placeholder={t('如：矿泉水、藿香正气水、面包')} />
        </Form.Item>
        <Form.Item name="unit" label={t('计量单位')} rules={[{ required: true, message: t('请填写计量单位') }]}>
          <Input maxLength={10} placeholder={t('如：箱、盒、袋')} />
        </Form.Item>
        <Form.Item name="lowStock" label={t('库存提醒下限')} extra={t('结存不高于此数时提示补充；不填为不提醒')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MoveValues {
  quantity?: number | null;
  party?: string;
  movedOn?: Dayjs;
  handledBy?: string;
}

function MoveModal({ station, move, onClose }: { station: StationView; move: Move | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const [form] = Form.useForm<MoveValues>();
  const { check, showServerError } = useFormErrors();
  const save = useStockMove(station.id);
  if (!move) return null;
  const isIn = move.direction === 'in';
  const rename = (f: string) => (f === 'donor' || f === 'purpose' ? 'party' : f);
  const submit = async () => {
    const v = form.getFieldsValue();
    const common = { quantity: v.quantity ?? undefined, movedOn: v.movedOn?.format('YYYY-MM-DD') ?? '', handledBy: v.handledBy || null };
    const body = isIn
      ? check(StockInInput, { ...common, donor: v.party ?? '' }, form, { rename })
      : check(StockOutInput, { ...common, purpose: v.party ?? '' }, form, { rename });
    if (!body) return;
    try {
      await save.mutateAsync({ goodsId: move.goods.id, direction: move.direction, body });
      onClose();
    } catch (err) {
      showServerError(err, form, { rename });
    }
  };
  return (
    <Modal
      open
      title={`${isIn ? t('入库') : t('出库')}：${tx(move.goods.name)}`}
      okText={t('保存')}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'move-save' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{t('现结存 {n}', { n: `${move.goods.balance} ${tx(move.goods.unit)}` })}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ movedOn: dayjs() }} data-testid="move-form">
        <Form.Item name="quantity" label={isIn ? t('入库数量') : t('出库数量')} rules={[{ required: true, message: t('请填写数量') }]}>
          <InputNumber min={1} precision={0} style={{ width: '100%' }} addonAfter={tx(move.goods.unit)} aria-label={isIn ? t('入库数量') : t('出库数量')} />
        </Form.Item>
        <Form.Item name="party" label={isIn ? t('捐赠方') : t('用途')} rules={[{ required: true, message: isIn ? t('请填写捐赠方') : t('请填写用途') }]}>
          <Input maxLength={isIn ? 60 : 100} placeholder={isIn ? t('如：爱心企业、个人') : t('如：夏送清凉发放、骑手取用')} />
        </Form.Item>
        <Form.Item name="movedOn" label={isIn ? t('入库日期') : t('出库日期')} rules={[{ required: true, message: t('请选择日期') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="handledBy" label={t('经办人')} extra={t('不填为当前账号')}>
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
