/** 角色权限: what each role may do, and how many accounts of the subtree hold it. */
import { Link } from 'react-router-dom';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { Role } from '../auth.contract.ts';
import { useI18n } from './i18n.ts';
import { Page } from '../../../web/components/Page.tsx';
import { LoadError } from '../../../web/components/QueryState.tsx';
import { useRoles, type RoleViewRow } from './auth.api.ts';

const ROLE_HINTS: Record<Role, string> = {
  sysadmin: '全系统的最高管理权限，可授予任何角色',
  union_admin: '管理本级及下级的组织、账号和政策参数',
  cadre: '在本级及下级开展业务工作',
  auditor: '只读查看，并可查阅和校验审计日志',
  volunteer: '协助登记和服务的志愿者',
  station_manager: '负责工会驿站的日常管理',
};

export function RolesPage() {
  const { t } = useI18n();
  const roles = useRoles();

  return (
    <Page title={t('角色权限')} subTitle={t('角色与权限由系统统一规定；账号数为本级及下级组织中持有该角色的账号')}>
      {roles.error ? <LoadError error={roles.error} onRetry={() => roles.refetch()} /> : null}
      <Card variant="borderless" title={t('角色一览')}>
        <Table<RoleViewRow>
          rowKey="role"
          loading={roles.isLoading}
          dataSource={roles.data ?? []}
          pagination={false}
          columns={[
            {
              title: t('角色'),
              dataIndex: 'label',
              width: 260,
              render: (label: string, r) => (
                <div>
                  <Typography.Text strong>{t(label)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(ROLE_HINTS[r.role])}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: t('权限'),
              dataIndex: 'permissions',
              render: (ps: RoleViewRow['permissions']) => (
                <Space size={[4, 6]} wrap>
                  {ps.map((p) => (
                    <Tag key={p.permission} color={p.permission.endsWith(':write') ? 'blue' : undefined}>
                      {t(p.label)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('账号数'),
              dataIndex: 'accountCount',
              width: 120,
              align: 'right',
              sorter: (a, b) => a.accountCount - b.accountCount,
              render: (n: number, r) => (n > 0 ? <Link to={`/accounts?role=${r.role}`}>{n}</Link> : <Typography.Text type="secondary">0</Typography.Text>),
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('权限矩阵')} style={{ marginTop: 16 }}>
        <Table
          rowKey="permission"
          size="small"
          pagination={false}
          loading={roles.isLoading}
          scroll={{ x: 900 }}
          // A system administrator holds every permission: its list is the whole catalogue, in module order.
          dataSource={roles.data?.find((r) => r.role === 'sysadmin')?.permissions ?? []}
          columns={[
            { title: t('权限'), dataIndex: 'label', width: 320, render: (label: string) => t(label) },
            ...(roles.data ?? []).map((r) => ({
              title: t(r.label),
              key: r.role,
              align: 'center' as const,
              render: (_: unknown, row: { permission: string; label: string }) =>
                r.permissions.some((p) => p.permission === row.permission) ? (
                  <CheckOutlined style={{ color: '#52c41a' }} />
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            })),
          ]}
        />
      </Card>
    </Page>
  );
}
