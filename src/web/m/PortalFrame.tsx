import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { TabBar, Badge } from 'antd-mobile';
import { AppOutline, MessageOutline, UserOutline } from 'antd-mobile-icons';
import { useQuery } from '@tanstack/react-query';
import { http } from './http.ts';
import { useT } from './i18n.ts';
import { PORTAL_MODULES } from './modules.ts';

const unreadHooks = PORTAL_MODULES.flatMap((m) => (m.useUnread ? [m.useUnread] : []));

function useUnread(): number {
  let total = 0;
  // The list of modules is fixed at build time, so the hooks run in the same order on every render.
  for (const hook of unreadHooks) total += hook() ?? 0;
  return total;
}

/** The demo banner: a demo installation says so on every page (its sign-in page shows the demo phones). */
export function useSystemInfo() {
  return useQuery({
    queryKey: ['system', 'info'],
    queryFn: () => http.get<{ demo: boolean }>('/api/system/info', undefined, { noAuthRedirect: true }),
    staleTime: Infinity,
  }).data;
}

export function DemoBanner() {
  const t = useT();
  const info = useSystemInfo();
  if (!info?.demo) return null;
  return (
    <div className="nj-demo" role="note">
      {t('演示环境：数据均为虚构')}
    </div>
  );
}

/** The frame of every signed-in page: the demo banner, the page, and the tab bar (首页 · 消息 · 我的). */
export function PortalFrame() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const unread = useUnread();
  const active = pathname.startsWith('/messages') ? '/messages' : pathname.startsWith('/mine') ? '/mine' : '/';
  return (
    <div style={{ minHeight: '100vh' }}>
      <DemoBanner />
      <main>
        <Outlet />
      </main>
      <nav
        aria-label={t('职工端')}
        style={{
          position: 'fixed',
          left: 0,
          right: 0,
          bottom: 0,
          background: '#fff',
          borderTop: '1px solid #eee',
          paddingBottom: 'env(safe-area-inset-bottom)',
        }}
      >
        <TabBar activeKey={active} onChange={(key) => navigate(key)}>
          <TabBar.Item key="/" icon={<AppOutline />} title={t('首页')} />
          <TabBar.Item
            key="/messages"
            icon={
              <Badge content={unread > 0 ? (unread > 99 ? '99+' : String(unread)) : null}>
                <MessageOutline />
              </Badge>
            }
            title={t('消息')}
          />
          <TabBar.Item key="/mine" icon={<UserOutline />} title={t('我的')} />
        </TabBar>
      </nav>
    </div>
  );
}
