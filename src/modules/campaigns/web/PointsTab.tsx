/**
 * 发放点: where the gifts are handed out — name, org, address, hours, opening and closing dates, the
 * accounts on duty and the stock per tier. Each point links to its phone page and to its printed
 * 签领表; after setup it can be edited (修改) and its stock moved to another point (调拨).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Col, DatePicker, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { EditOutlined, FilePdfOutlined, MobileOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { PointInput } from '../campaigns.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions, useAccounts, useMe } from '../../auth/web/auth.api.ts';
import { downloadSignoff, useCreatePoint, usePoints, useUpdatePoint, type CampaignView, type PointView } from './campaigns.api.ts';
import { StockMoveModal } from './StockMoveModal.tsx';

interface FormValues {
  name?: string;
  orgId?: number;
  address?: string;
  hours?: string;
  opensOn?: Dayjs | null;
  closesOn?: Dayjs | null;
  dutyAccountIds?: number[];
  stock?: Record<string, number | null>;
}

function DutyAccounts({ orgId, value, onChange }: { orgId?: number; value?: number[]; onChange?: (v: number[]) => void }) {
  const { t, tx } = useI18n();
  const { has } = usePermissions();
  const [q, setQ] = useState('');
  const accounts = useAccounts({ orgId, q: q || undefined, status: 'active', page: 1, pageSize: 100 });
  if (!has('account:read')) {
    return <Typography.Text type="secondary">{t('您没有查看账号的权限，值守人员请由管理员设置；本单位及下级有发放权限的人员均可在此发放。')}</Typography.Text>;
  }
  return (
    <Select<number[]>
      mode="multiple"
      value={value}
      onChange={onChange}
      allowClear
      placeholder={t('选择值守的志愿者或干部账号')}
      loading={accounts.isFetching}
      showSearch={{ filterOption: false, onSearch: setQ }}
      options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${tx(a.displayName)}（${a.username} · ${tx(a.orgName)}）` }))}
      data-testid="duty-accounts"
    />
  );
}

export function PointsTab({ campaign: c }: { campaign: CampaignView }) {
  const { t, tx, date } = useI18n();
  const { message } = App.useApp();
  const { has } = usePermissions();
  const me = useMe();
  const points = usePoints(c.id);
  const create = useCreatePoint();
  const rule = useZodRule();
  const { showServerError } = useFormErrors();
  const [form] = Form.useForm<FormValues>();
  const [open, setOpen] = useState(false);
  // The point being edited (null: setting up a new one) and the one stock moves from.
  const [editing, setEditing] = useState<PointView | null>(null);
  const [moving, setMoving] = useState<PointView | null>(null);
  const update = useUpdatePoint();
  const orgId = Form.useWatch('orgId', form);
  const canCreate = has('campaign:write') && c.status !== 'ended' && c.status !== 'archived';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const day = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);
    try {
      if (editing) {
        await update.mutateAsync({
          pointId: editing.id,
          name: v.name ?? '',
          address: v.address || null,
          hours: v.hours || null,
          opensOn: day(v.opensOn),
          closesOn: day(v.closesOn),
          dutyAccountIds: v.dutyAccountIds ?? [],
        });
        message.success(t('发放点已修改'));
        setOpen(false);
        return;
      }
      await create.mutateAsync({
        id: c.id,
        name: v.name ?? '',
        orgId: v.orgId!,
        address: v.address || null,
        hours: v.hours || null,
        opensOn: day(v.opensOn),
        closesOn: day(v.closesOn),
        dutyAccountIds: v.dutyAccountIds ?? [],
        stock: Object.entries(v.stock ?? {})
          .filter(([, q]) => q != null)
          .map(([packageId, quantity]) => ({ packageId: Number(packageId), quantity: quantity! })),
      });
      message.success(t('发放点已设立'));
      setOpen(false);
    } catch (err) {
      showServerError(err, form);
    }
  };

  const openEdit = (p: PointView) => {
    form.resetFields();
    form.setFieldsValue({
      name: p.name,
      orgId: p.orgId,
      address: p.address ?? undefined,
      hours: p.hours ?? undefined,
      opensOn: p.opensOn ? dayjs(p.opensOn) : null,
      closesOn: p.closesOn ? dayjs(p.closesOn) : null,
      dutyAccountIds: p.duty.map((d) => d.accountId),
    });
    setEditing(p);
    setOpen(true);
  };

  const signoff = async (p: PointView) => {
    try {
      await downloadSignoff(p.id, p.name);
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('下载失败'));
    }
  };

  const columns: TableProps<PointView>['columns'] = [
    { title: t('发放点'), dataIndex: 'name', key: 'name', width: 180, render: (v: string) => <Typography.Text strong>{tx(v)}</Typography.Text> },
    { title: t('所属单位'), dataIndex: 'orgName', key: 'org', width: 160, ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    {
      title: t('地点与开放日期'),
      key: 'address',
      width: 200,
      render: (_: unknown, p) => (
        <Flex vertical>
          <Typography.Text ellipsis={{ tooltip: true }}>{p.address ? tx(p.address) : '—'}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.opensOn && p.closesOn
              ? t('{from}至{to}', { from: date(p.opensOn), to: date(p.closesOn) })
              : p.opensOn
                ? t('{d}起', { d: date(p.opensOn) })
                : p.closesOn
                  ? t('至{d}', { d: date(p.closesOn) })
                  : ''}
            {p.hours ? ` · ${tx(p.hours)}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('值守人员'),
      dataIndex: 'duty',
      key: 'duty',
      width: 130,
      render: (d: PointView['duty']) => (d.length ? d.map((x) => tx(x.name)).join('、') : t('本单位有发放权限的人员')),
    },
    {
      title: t('库存（已发 / 备货）'),
      dataIndex: 'stock',
      key: 'stock',
      width: 170,
      render: (s: PointView['stock']) =>
        s.length ? (
          <Space orientation="vertical" size={0}>
            {s.map((x) => (
              <span key={x.packageId} style={{ whiteSpace: 'nowrap' }}>
                {tx(x.packageName)}：{x.issued} / {x.quantity}
                {x.issued >= x.quantity && (
                  <Tag color="red" style={{ marginInlineStart: 4 }}>
                    {t('已发完')}
                  </Tag>
                )}
              </span>
            ))}
          </Space>
        ) : (
          t('不限')
        ),
    },
    { title: t('今日 / 累计'), key: 'issued', width: 96, align: 'right', render: (_: unknown, p) => `${p.issuedToday} / ${p.issued}` },
    {
      title: t('操作'),
      key: 'op',
      width: canCreate ? 300 : 180,
      fixed: 'end',
      render: (_: unknown, p) => (
        <Space size={4}>
          <Link to={`/distribute/${p.id}`}>
            <Button size="small" type="link" icon={<MobileOutlined />}>
              {t('发放页')}
            </Button>
          </Link>
          <Button size="small" type="link" icon={<FilePdfOutlined />} onClick={() => void signoff(p)} disabled={c.status === 'draft'}>
            {t('签领表')}
          </Button>
          {canCreate && (
            <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openEdit(p)} data-testid={`point-edit-${p.id}`}>
              {t('修改')}
            </Button>
          )}
          {canCreate && p.stock.length > 0 && (
            <Button size="small" type="link" icon={<SwapOutlined />} onClick={() => setMoving(p)} data-testid={`point-move-${p.id}`}>
              {t('调拨')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="points">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('志愿者在发放点用手机扫领取卡上的二维码，或输入证件号核对后发放；也可打印签领表，发放后补录。')}</Typography.Text>
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              // A union taking part in a campaign organised above it starts from its own union: the organiser is not in its tree.
              form.setFieldsValue({ orgId: c.can.transition ? c.orgId : me.data?.org.id, opensOn: dayjs(c.startsOn) });
              setEditing(null);
              setOpen(true);
            }}
            data-testid="point-add"
          >
            {t('设立发放点')}
          </Button>
        )}
      </Flex>
      {points.error ? <LoadError error={points.error} onRetry={() => points.refetch()} /> : null}
      <Table<PointView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={points.data ?? []}
        loading={points.isFetching}
        pagination={false}
        scroll={{ x: canCreate ? 1230 : 1110 }}
        locale={{ emptyText: t('尚未设立发放点') }}
        data-testid="point-table"
      />
      <Modal
        open={open}
        title={editing ? t('修改发放点') : t('设立发放点')}
        okText={t('保存')}
        cancelText={t('取消')}
        onOk={submit}
        confirmLoading={create.isPending || update.isPending}
        onCancel={() => setOpen(false)}
        width={640}
        forceRender
      >
        <Form form={form} layout="vertical" name="point" style={{ marginTop: 16 }}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t('发放点名称')} required rules={[rule(PointInput.shape.name)]}>
                <Input maxLength={60} placeholder={t('如：新城区环卫中心发放点')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="orgId"
                label={t('所属单位')}
                rules={[{ required: true, message: t('请选择所属单位') }]}
                tooltip={t('发放点为该单位及其下级的慰问对象发放')}
              >
                <OrgTreeSelect style={{ width: '100%' }} disabled={!!editing} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="address" label={t('地点')}>
                <Input maxLength={120} placeholder={t('如：工人文化宫一楼大厅')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="hours" label={t('开放时间')}>
                <Input maxLength={60} placeholder={t('如：每天 9:00–17:00')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="opensOn" label={t('开放日期')} tooltip={t('开放日期前、截止日期后不能在此发放')}>
                <DatePicker style={{ width: '100%' }} format="YYYY年M月D日" minDate={dayjs(c.startsOn)} maxDate={dayjs(c.endsOn)} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="closesOn" label={t('截止日期')}>
                <DatePicker style={{ width: '100%' }} format="YYYY年M月D日" minDate={dayjs(c.startsOn)} maxDate={dayjs(c.endsOn)} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="dutyAccountIds" label={t('值守人员')}>
            <DutyAccounts orgId={orgId} />
          </Form.Item>
          <Form.Item label={t('备货数量（按档次，不填为不限）')} style={{ marginBottom: 0 }} hidden={!!editing}>
            <Row gutter={16}>
              {c.packages.map((p) => (
                <Col span={12} key={p.id}>
                  <Form.Item name={['stock', String(p.id)]} label={tx(p.name)}>
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} suffix={t('份')} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Form.Item>
        </Form>
      </Modal>
      <StockMoveModal from={moving} points={points.data ?? []} onClose={() => setMoving(null)} />
    </div>
  );
}
