/**
 * 职业代码表: the occupations every union picks from (职工档案, 慰问对象条件, 批量导入), with how
 * many people of the user's scope hold each. A system administrator adds occupations and renames
 * or reorders them; the code never changes, since people and campaign rules refer to it.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { CreateOccupationInput, UpdateOccupationInput } from '../people.contract.ts';
import { useI18n } from './i18n.ts';
import { formatCount } from '../../../web/i18n/format.ts';
import { useFormErrors, useZodRule } from '../../../web/components/forms.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useCanManageOccupations, useCreateOccupation, useOccupationTable, useUpdateOccupation, type OccupationView } from './people.api.ts';

const mono = { fontFamily: 'monospace' } as const;

export function OccupationsPage() {
  const { t, tx } = useI18n();
  const list = useOccupationTable();
  const canManage = useCanManageOccupations();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<OccupationView | null>(null);

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = list.data ?? [];
    if (!needle) return all;
    return all.filter((o) => o.code.includes(needle) || o.label.toLowerCase().includes(needle) || tx(o.label).toLowerCase().includes(needle));
  }, [list.data, q, tx]);

  const columns: NonNullable<TableProps<OccupationView>['columns']> = [
    { title: t('排序号'), dataIndex: 'sort', key: 'sort', width: 90, align: 'right', sorter: (a, b) => a.sort - b.sort, defaultSortOrder: 'ascend' },
    {
      title: t('职业名称'),
      dataIndex: 'label',
      key: 'label',
      sorter: (a, b) => a.label.localeCompare(b.label, 'zh-CN'),
      render: (label: string) => <Typography.Text strong>{tx(label)}</Typography.Text>,
    },
    {
      title: t('职业代码'),
      dataIndex: 'code',
      key: 'code',
      width: 220,
      sorter: (a, b) => a.code.localeCompare(b.code),
      render: (code: string) => <span style={mono}>{code}</span>,
    },
    {
      title: t('类型'),
      dataIndex: 'builtin',
      key: 'builtin',
      width: 110,
      filters: [
        { text: t('内置'), value: true },
        { text: t('自定义'), value: false },
      ],
      onFilter: (value, o) => o.builtin === value,
      render: (builtin: boolean) => (builtin ? <Tag color="blue">{t('内置')}</Tag> : <Tag color="green">{t('自定义')}</Tag>),
    },
    {
      title: (
        <Tooltip title={t('本级及下级工会中持该职业的职工（不含已合并的档案）')}>
          <span>{t('职工人数')}</span>
        </Tooltip>
      ),
      dataIndex: 'peopleCount',
      key: 'peopleCount',
      width: 120,
      align: 'right',
      sorter: (a, b) => (a.peopleCount ?? 0) - (b.peopleCount ?? 0),
      render: (n: number | null, o) =>
        n === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : n > 0 ? (
          <Link to={`/people?occupation=${encodeURIComponent(o.code)}`}>{formatCount(n)}</Link>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    ...(canManage
      ? [
          {
            title: t('操作'),
            key: 'actions',
            width: 120,
            render: (_: unknown, o: OccupationView) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setRenaming(o)} data-testid={`occupation-rename-${o.code}`}>
                {t('修改名称')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const total = list.data?.length ?? 0;
  return (
    <Page
      title={t('职业代码表')}
      subTitle={t('全系统共用：职工档案、慰问对象条件和批量导入都从这里选择职业')}
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="occupation-add">
            {t('添加职业')}
          </Button>
        ) : null
      }
    >
      <Card variant="borderless">
        {!canManage && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('职业代码表由系统管理员维护，如需添加或修改职业请联系系统管理员。')} />
        )}
        <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('按名称或代码查找')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 280 }}
            data-testid="occupation-search"
          />
          <Flex align="center" gap={8}>
            <Typography.Text type="secondary" data-testid="occupation-total">
              {q.trim() ? t('找到 {n} 个，共 {total} 个职业', { n: rows.length, total }) : t('共 {total} 个职业', { total })}
            </Typography.Text>
            <Tooltip title={t('刷新')}>
              <Button icon={<ReloadOutlined />} aria-label={t('刷新')} onClick={() => list.refetch()} />
            </Tooltip>
          </Flex>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<OccupationView>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          data-testid="occupations-table"
          locale={{ emptyText: q.trim() ? t('没有符合条件的职业') : t('暂无职业') }}
          pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [20, 50, 100], hideOnSinglePage: true }}
        />
      </Card>
      <AddOccupationModal open={adding} onClose={() => setAdding(false)} />
      <RenameOccupationModal occupation={renaming} onClose={() => setRenaming(null)} />
    </Page>
  );
}

function AddOccupationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateOccupationInput>();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const create = useCreateOccupation();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const input = check(CreateOccupationInput, form.getFieldsValue(), form);
    if (!input) return;
    create.mutate(input, {
      onSuccess: (o) => {
        message.success(t('已添加职业：{label}', { label: tx(o.label) }));
        onClose();
      },
      onError: (err) => showServerError(err, form),
    });
  };

  return (
    <Modal
      open={open}
      title={t('添加职业')}
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={create.isPending}
      forceRender
      width={520}
    >
      <Form form={form} name="occupationCreate" layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item
          name="label"
          label={t('职业名称')}
          required
          rules={[rule(CreateOccupationInput.shape.label)]}
          extra={t('职工档案和慰问名单中显示的名称，不能与已有职业重名')}
        >
          <Input maxLength={20} showCount placeholder={t('如：网格员')} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('职业代码')}
          required
          rules={[rule(CreateOccupationInput.shape.code)]}
          extra={t('小写字母开头，可含小写字母、数字和下划线，如 grid_worker；保存后不能修改')}
        >
          <Input autoComplete="off" style={mono} placeholder="grid_worker" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RenameValues {
  label: string;
  sort: number | null;
}

function RenameOccupationModal({ occupation, onClose }: { occupation: OccupationView | null; onClose: () => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RenameValues>();
  const rule = useZodRule();
  const { check, showServerError } = useFormErrors();
  const update = useUpdateOccupation();
  const shape = UpdateOccupationInput.shape;

  useEffect(() => {
    if (!occupation) return;
    form.resetFields();
    form.setFieldsValue({ label: occupation.label, sort: occupation.sort });
  }, [occupation, form]);

  const submit = async () => {
    if (!occupation) return;
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const { label, sort } = form.getFieldsValue();
    const input = check(UpdateOccupationInput, { label, sort: sort ?? undefined }, form);
    if (!input) return;
    update.mutate(
      { code: occupation.code, data: input },
      {
        onSuccess: (o) => {
          message.success(t('已保存：{label}', { label: tx(o.label) }));
          onClose();
        },
        onError: (err) => showServerError(err, form),
      },
    );
  };

  const held = occupation?.peopleCount ?? 0;
  return (
    <Modal
      open={occupation !== null}
      title={
        <span>
          {t('修改名称')}{' '}
          <Typography.Text type="secondary" style={mono}>
            {occupation?.code}
          </Typography.Text>
        </span>
      }
      onCancel={onClose}
      onOk={submit}
      okText={t('保存')}
      cancelText={t('取消')}
      confirmLoading={update.isPending}
      forceRender
      width={520}
    >
      {held > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title={t('本级及下级已有 {n} 名职工登记为此职业；改名后他们的档案和名单显示新名称，职业代码不变。', { n: formatCount(held) })}
        />
      )}
      <Form form={form} name="occupationRename" layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="label" label={t('职业名称')} required rules={[rule(shape.label)]}>
          <Input maxLength={20} showCount />
        </Form.Item>
        <Form.Item name="sort" label={t('排序号')} rules={[rule(shape.sort, (v) => v ?? undefined)]} extra={t('越小越靠前；内置职业为 10–150，“其他”为 900')}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
