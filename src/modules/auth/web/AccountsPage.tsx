/** 账号管理: accounts of the user's subtree — filter, sort, page, export; write actions from `can`. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ACCOUNT_STATUSES, ACCOUNT_STATUS_LABELS, ROLES, ROLE_LABELS, type AccountView, type ListAccountsQuery, type Role } from '../auth.contract.ts';
import { useI18n } from './i18n.ts';
import { ApiError } from '../../../web/http.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { OrgTreeSelect } from '../../../web/components/OrgTreeSelect.tsx';
import { exportAccounts, useAccounts, usePermissions, useRevokeSessions, type AccountFilters } from './auth.api.ts';
import { CreateAccountModal, EditAccountModal, ResetPasswordModal } from './AccountModals.tsx';

type Sort = ListAccountsQuery['sort'];

export function AccountsPage() {
  const { t, tx, dateTime } = useI18n();
  const { message } = App.useApp();
  const { has, me } = usePermissions();
  const [params] = useSearchParams();
  const initialRole = ROLES.find((r) => r === params.get('role'));
  const [filters, setFilters] = useState<AccountFilters>({ sort: 'username', order: 'asc', role: initialRole });
  const [keyword, setKeyword] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AccountView | null>(null);
  const [resetting, setResetting] = useState<AccountView | null>(null);
  const [exporting, setExporting] = useState(false);
  const list = useAccounts({ ...filters, ...paging });
  const revoke = useRevokeSessions();
  const canWrite = has('account:write');

  const setFilter = (patch: AccountFilters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const doExport = async () => {
    setExporting(true);
    try {
      const name = await exportAccounts(filters);
      message.success(t('已导出：{name}', { name }));
    } catch (err) {
      message.error(err instanceof ApiError ? tx(err.message) : t('导出失败'));
    } finally {
      setExporting(false);
    }
  };

  const sortOrder = (key: Sort) => (filters.sort === key ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);
  const now = Date.now();

  const columns: TableProps<AccountView>['columns'] = [
    {
      title: t('用户名'),
      dataIndex: 'username',
      key: 'username',
      sorter: true,
      width: 170,
      sortOrder: sortOrder('username'),
      render: (v: string, a) => (
        <Space size={4} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong>{v}</Typography.Text>
          {a.id === me?.account.id && <Tag color="blue">{t('本人')}</Tag>}
        </Space>
      ),
    },
    { title: t('姓名'), dataIndex: 'displayName', width: 120, render: (v: string) => tx(v) },
    { title: t('所属组织'), dataIndex: 'orgName', ellipsis: { showTitle: true }, render: (v: string) => tx(v) },
    {
      title: t('角色'),
      dataIndex: 'roles',
      width: 130,
      render: (roles: Role[]) =>
        roles.map((r) => (
          <Tag key={r} color={r === 'sysadmin' ? 'red' : r === 'union_admin' ? 'geekblue' : undefined}>
            {t(ROLE_LABELS[r])}
          </Tag>
        )),
    },
    {
      title: t('状态'),
      dataIndex: 'status',
      width: 150,
      render: (s: AccountView['status'], a) => (
        <Space size={4} wrap>
          <Tag color={s === 'active' ? 'green' : 'default'}>{t(ACCOUNT_STATUS_LABELS[s])}</Tag>
          {a.lockedUntil && new Date(a.lockedUntil).getTime() > now && (
            <Tooltip title={t('多次登录失败：{time} 前只能从常用地址登录', { time: dateTime(a.lockedUntil) })}>
              <Tag color="red">{t('登录受限')}</Tag>
            </Tooltip>
          )}
          {a.mustChangePassword && <Tag color="orange">{t('须改密')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('最近登录'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      sorter: true,
      width: 170,
      sortOrder: sortOrder('lastLoginAt'),
      render: (v: string | null) =>
        v ? <span style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</span> : <Typography.Text type="secondary">{t('从未登录')}</Typography.Text>,
    },
    {
      title: t('创建时间'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      width: 170,
      responsive: ['xxl'],
      sortOrder: sortOrder('createdAt'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</span>,
    },
    {
      title: t('操作'),
      key: 'actions',
      width: 220,
      fixed: 'end',
      render: (_: unknown, a) =>
        a.can.edit ? (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(a)}>
              {t('编辑')}
            </Button>
            <Button type="link" size="small" onClick={() => setResetting(a)}>
              {t('重置密码')}
            </Button>
            <Popconfirm
              title={t('强制下线')}
              description={t('使 {u} 在所有设备上的登录立即失效？', { u: a.username })}
              okText={t('强制下线')}
              cancelText={t('取消')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                revoke.mutateAsync(a.id).then(
                  (r) => message.success(t('已强制下线 {n} 个会话', { n: r.revoked })),
                  (err: unknown) => message.error(err instanceof ApiError ? tx(err.message) : t('操作失败，请稍后重试')),
                )
              }
            >
              <Button type="link" size="small" danger>
                {t('强制下线')}
              </Button>
            </Popconfirm>
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Page
      title={t('账号管理')}
      subTitle={t('本级及下级组织的账号')}
      extra={
        <>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
            {t('导出')}
          </Button>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('新增账号')}
            </Button>
          )}
        </>
      }
    >
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            placeholder={t('用户名或姓名')}
            allowClear
            value={keyword}
            onChange={(e) => {
              setKeyword(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            style={{ width: 220 }}
          />
          <OrgTreeSelect allowClear placeholder={t('所属组织')} value={filters.orgId} onChange={(v) => setFilter({ orgId: v })} style={{ width: 260 }} />
          <Select
            allowClear
            placeholder={t('角色')}
            value={filters.role}
            onChange={(v?: Role) => setFilter({ role: v })}
            options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) }))}
            style={{ width: 150 }}
          />
          <Select
            allowClear
            placeholder={t('状态')}
            value={filters.status}
            onChange={(v?: AccountView['status']) => setFilter({ status: v })}
            options={ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(ACCOUNT_STATUS_LABELS[s]) }))}
            style={{ width: 120 }}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setKeyword('');
              setFilters({ sort: 'username', order: 'asc' });
              setPaging({ page: 1, pageSize: paging.pageSize });
            }}
          >
            {t('重置')}
          </Button>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => list.refetch()} /> : null}
        <Table<AccountView>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1180 }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('共 {n} 个账号', { n }),
          }}
          onChange={(p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = (s?.order ? s.columnKey : undefined) as Sort | undefined;
            setFilters((f) => ({ ...f, sort: key ?? 'username', order: s?.order === 'descend' ? 'desc' : 'asc' }));
            setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 });
          }}
        />
      </Card>
      <CreateAccountModal open={creating} onClose={() => setCreating(false)} defaultOrgId={me?.org.id} />
      <EditAccountModal account={editing} onClose={() => setEditing(null)} />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />
    </Page>
  );
}
