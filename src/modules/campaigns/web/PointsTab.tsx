/**
 * 发放点: where the gifts are handed out — name, org, address, opening date, the accounts on duty
 * and the stock per tier. Each point links to its phone page and to its printed 签领表.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Col, DatePicker, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { FilePdfOutlined, MobileOutlined, PlusOutlined } from '@ant-design/icons';
import { PointInput } from '../campaigns.contract.ts';
import { ApiError } from '../../../web/http.ts';
import { useI18n } from './i18n.ts';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { usePermissions, useAccounts, useMe } from '../../auth/web/auth.api.ts';
import { downloadSignoff, useCreatePoint, usePoints, type CampaignView, type PointView } from './campaigns.api.ts';

interface FormValues {
  name?: string;
  orgId?: number;
  address?: string;
  opensOn?: Dayjs | null;
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
  const orgId = Form.useWatch('orgId', form);
  const canCreate = has('campaign:write') && c.status !== 'ended' && c.status !== 'archived';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await create.mutateAsync({
        id: c.id,
        name: v.name ?? '',
        orgId: v.orgId!,
        address: v.address || null,
        opensOn: v.opensOn ? v.opensOn.format('YYYY-MM-DD') : null,
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
            {p.opensOn ? t('{d}起', { d: date(p.opensOn) }) : ''}
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
      width: 180,
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
        scroll={{ x: 1110 }}
        locale={{ emptyText: t('尚未设立发放点') }}
        data-testid="point-table"
      />
      <Modal
        open={open}
        title={t('设立发放点')}
        okText={t('保存')}
        cancelText={t('取消')}
        onOk={submit}
        confirmLoading={create.isPending}
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
                <OrgTreeSelect style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="address" label={t('地点')}>
                <Input maxLength={120} placeholder={t('如：工人文化宫一楼大厅')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="opensOn" label={t('开放日期')}>
                <DatePicker style={{ width: '100%' }} format="YYYY年M月D日" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="dutyAccountIds" label={t('值守人员')}>
            <DutyAccounts orgId={orgId} />
          </Form.Item>
          <Form.Item label={t('备货数量（按档次，不填为不限）')} style={{ marginBottom: 0 }}>
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
    </div>
  );
}
