/**
 * The frame around every signed-in page: the menu (only what the account may open), the header
 * (org, demo marker, language, account menu) and the breadcrumb.
 */
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useMatches, useNavigate } from 'react-router-dom';
import { App, Avatar, Badge, Breadcrumb, Button, Dropdown, Flex, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import {
  BankOutlined,
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
  DisconnectOutlined,
} from '@ant-design/icons';
import { ROLE_LABELS } from '../modules/auth/auth.contract.ts';
import { ORG_TYPE_LABELS, type OrgType } from '../modules/orgs/orgs.contract.ts';
import { useLogout, useMe, useSystemInfo } from '../modules/auth/web/auth.api.ts';
import { useI18n } from './i18n/index.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { LogoMark } from './components/Logo.tsx';
import { Loading } from './components/QueryState.tsx';
import { NAV } from './nav.tsx';
import type { RouteHandle } from './routing.tsx';
import type { NavEntry } from './module.ts';

const { Header, Sider, Content, Footer } = Layout;

/** A menu entry's link, with the count its module answers (e.g. what waits in the inbox). */
function NavLabel({ entry, label }: { entry: NavEntry; label: string }) {
  const count = entry.useBadge?.() ?? 0;
  return (
    <Link to={entry.path}>
      {label}
      {count > 0 && (
        <Badge count={count} size="small" overflowCount={99} style={{ marginInlineStart: 8, boxShadow: 'none' }} data-testid={`nav-badge-${entry.path}`} />
      )}
    </Link>
  );
}

export function AppLayout() {
  const { t, tx } = useI18n();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const matches = useMatches();
  const { data: me } = useMe();
  const { data: info } = useSystemInfo();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  if (!me) return <Loading />;

  const forced = me.account.mustChangePassword;
  const perms = new Set(me.permissions);
  const nav = NAV.filter((n) => (!n.permission || perms.has(n.permission)) && !(n.unless && perms.has(n.unless)));
  const section = '/' + (location.pathname.split('/')[1] ?? '');
  const selected = nav.find((n) => n.path === section)?.path ?? (location.pathname === '/' ? '/' : '');

  const signOut = (everywhere: boolean) =>
    logout.mutate(everywhere, {
      onSuccess: (revoked) => {
        if (everywhere) message.success(t('已退出所有设备（{n} 个会话）', { n: revoked }));
        void navigate('/login', { replace: true });
      },
      onError: () => void navigate('/login', { replace: true }),
    });

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('修改密码'), onClick: () => void navigate('/me/password') },
    {
      key: 'revoke',
      icon: <DisconnectOutlined />,
      label: t('退出所有设备'),
      onClick: () => {
        modal.confirm({
          title: t('退出所有设备'),
          content: t('将使本账号在所有浏览器和设备上的登录失效，包括当前这台。确定继续吗？'),
          okText: t('全部退出'),
          cancelText: t('取消'),
          okButtonProps: { danger: true },
          onOk: () => signOut(true),
        });
      },
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('退出登录'), onClick: () => signOut(false) },
  ];

  // A crumb of a section with sub-pages (职工档案 › 职工详情) links back to the section.
  const crumbs = matches
    .map((m) => ({ crumb: (m.handle as RouteHandle | undefined)?.crumb, path: m.pathname }))
    .filter((c): c is { crumb: string; path: string } => Boolean(c.crumb));
  const breadcrumb = [
    { title: location.pathname === '/' ? t('首页') : <Link to="/">{t('首页')}</Link> },
    ...crumbs.map((c, i) => ({ title: i < crumbs.length - 1 ? <Link to={c.path}>{t(c.crumb)}</Link> : t(c.crumb) })),
  ];

  const orgType = ORG_TYPE_LABELS[me.org.type as OrgType] as string | undefined;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!forced && (
        <Sider
          width={216}
          collapsible
          collapsed={collapsed}
          trigger={null}
          breakpoint="lg"
          onBreakpoint={setCollapsed}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: collapsed ? '0 24px' : '0 20px', textDecoration: 'none' }}>
            <LogoMark size={30} />
            {!collapsed && (
              <div style={{ lineHeight: 1.2, whiteSpace: 'nowrap' }}>
                <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>{t('娘家人')}</div>
                <div style={{ color: 'rgba(255,255,255,.55)', fontSize: 11 }}>{t('工会职工服务平台')}</div>
              </div>
            )}
          </Link>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            items={nav.map((n) => ({ key: n.path, icon: n.icon, label: <NavLabel entry={n} label={t(n.label)} /> }))}
          />
        </Sider>
      )}
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}>
          {forced ? (
            <Flex align="center" gap={10}>
              <LogoMark size={28} />
              <Typography.Text strong style={{ fontSize: 17 }}>
                {t('娘家人')}
              </Typography.Text>
            </Flex>
          ) : (
            <Button
              type="text"
              aria-label={t('折叠菜单')}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
            />
          )}
          <Flex align="center" gap={8} style={{ minWidth: 0 }}>
            <BankOutlined style={{ color: '#1668dc' }} />
            <Typography.Text strong ellipsis data-testid="current-org">
              {tx(me.org.name)}
            </Typography.Text>
            {orgType && <Tag bordered={false}>{t(orgType)}</Tag>}
          </Flex>
          <div style={{ flex: 1 }} />
          {info?.demo && (
            <Tooltip title={t('当前为演示环境，数据均为演示数据，请勿录入真实个人信息')}>
              <Tag color="volcano" style={{ marginInlineEnd: 0, fontWeight: 500 }}>
                {t('演示数据')}
              </Tag>
            </Tooltip>
          )}
          <LanguageSwitch />
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" style={{ height: 40 }}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1668dc' }} />
              <span style={{ marginInlineStart: 4 }}>{tx(me.account.displayName)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {me.account.roles.map((r) => t(ROLE_LABELS[r])).join('、')}
              </Typography.Text>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Header>
        {!forced && (
          <div style={{ padding: '12px 24px 0' }}>
            <Breadcrumb items={breadcrumb} />
          </div>
        )}
        <Content style={{ padding: '16px 24px 24px' }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,.45)', padding: '12px 24px 20px', background: 'transparent' }}>
          {t('娘家人 · 工会职工服务平台')} {info ? `v${info.version}` : ''}
        </Footer>
      </Layout>
    </Layout>
  );
}
