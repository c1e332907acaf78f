import { useNavigate } from 'react-router-dom';
import { Button, Grid } from 'antd-mobile';
import type { PortalModule, PortalService } from './module.ts';
import { useT } from './i18n.ts';
import { useWorker } from './session.ts';
import { Preferences } from './Preferences.tsx';
import { useElder } from './elder.tsx';

/** What concerns me, under a tile: its own component, so the module's hook runs only for a signed-in worker. */
function Note({ use }: { use: () => string | undefined }) {
  const note = use();
  return note ? <span style={{ color: '#a8071a', fontSize: 'var(--nj-small)' }}>{note}</span> : null;
}

function ServiceTile({ service, signedIn }: { service: PortalService; signedIn: boolean }) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <button
      type="button"
      className="nj-tap"
      onClick={() => navigate(service.path)}
      style={{
        width: '100%',
        height: '100%',
        border: 'none',
        borderRadius: 10,
        background: '#fff',
        padding: '14px 10px',
        textAlign: 'left',
        display: 'flex',
        gap: 10,
        alignItems: 'flex-start',
        color: '#1a1a1a',
        fontSize: 'inherit',
      }}
    >
      <span aria-hidden style={{ fontSize: 28, color: '#c8102e', lineHeight: 1 }}>
        {service.icon}
      </span>
      <span style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <strong>{t(service.title)}</strong>
        {service.description && <span style={{ color: '#555', fontSize: 'var(--nj-small)' }}>{t(service.description)}</span>}
        {signedIn && service.useNote && <Note use={service.useNote} />}
      </span>
    </button>
  );
}

/** 首页: who I am, the union's services with what concerns me, 长辈版 and the language. */
export function HomePage({ modules }: { modules: readonly PortalModule[] }) {
  const t = useT();
  const navigate = useNavigate();
  const me = useWorker();
  // 长辈版: one service per row, so large text is not broken every few characters.
  const { elder } = useElder();
  const services = modules.flatMap((m) => m.services ?? []);
  return (
    <div className="nj-page">
      <header style={{ background: 'linear-gradient(135deg, #c8102e, #e8483f)', color: '#fff', borderRadius: 12, padding: '18px 16px', marginBottom: 12 }}>
        <h1 className="nj-title">{t('娘家人')}</h1>
        <p style={{ margin: '4px 0 0' }}>{me?.worker.person ? `${me.worker.person.name} · ${me.worker.person.org.name}` : t('工会为职工办实事')}</p>
      </header>
      <section style={{ background: '#fff', borderRadius: 10, padding: '8px 12px', marginBottom: 12 }}>
        <Preferences />
      </section>
      {me === null && (
        <Button block color="primary" size="large" onClick={() => navigate('/login')} style={{ marginBottom: 12 }}>
          {t('手机号登录')}
        </Button>
      )}
      <h2 style={{ fontSize: '1.1em', margin: '8px 4px' }}>{t('我的服务')}</h2>
      <Grid columns={elder ? 1 : 2} gap={10}>
        {services.map((s) => (
          <Grid.Item key={s.key}>
            <ServiceTile service={s} signedIn={!!me} />
          </Grid.Item>
        ))}
      </Grid>
    </div>
  );
}
