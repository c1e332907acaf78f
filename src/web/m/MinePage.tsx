import { useNavigate } from 'react-router-dom';
import { Button, List } from 'antd-mobile';
import { useQueryClient } from '@tanstack/react-query';
import type { PortalModule } from './module.ts';
import { http } from './http.ts';
import { useT } from './i18n.ts';
import { useWorker } from './session.ts';
import { Preferences } from './Preferences.tsx';

/** 我的: who is signed in, each module's entries (电子会员卡, 我的资料 …), the preferences, signing out. */
export function MinePage({ modules }: { modules: readonly PortalModule[] }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useWorker();
  const entries = modules.flatMap((m) => m.mine ?? []);
  const signOut = async () => {
    await http.post('/api/m/auth/logout');
    queryClient.clear();
    void navigate('/', { replace: true });
  };
  return (
    <div className="nj-page">
      <header style={{ background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 }}>
        <h1 className="nj-title">{me?.worker.person?.name ?? t('我的')}</h1>
        <p style={{ margin: '4px 0 0', color: '#555' }}>
          {me?.worker.person?.org.name ? `${me.worker.person.org.name} · ` : ''}
          {t('已登录：{phone}', { phone: me?.worker.phoneMasked ?? '' })}
        </p>
      </header>
      <List style={{ marginBottom: 12, borderRadius: 10, overflow: 'hidden' }}>
        {entries.map((e) => (
          <List.Item key={e.key} onClick={() => navigate(e.path)}>
            {t(e.title)}
          </List.Item>
        ))}
      </List>
      <section style={{ background: '#fff', borderRadius: 10, padding: '8px 12px', marginBottom: 12 }}>
        <Preferences />
      </section>
      <Button block size="large" onClick={() => void signOut()}>
        {t('退出登录')}
      </Button>
    </div>
  );
}
