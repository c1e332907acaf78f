/**
 * 电子会员卡: who I am in the union (name, union, member number, joined date, state in words) and
 * the member code for a staff phone to scan. The code lives a minute and the page renews it every
 * 30 seconds, so a screenshot goes stale; the symbol is drawn by the server (no QR library here).
 */
import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import { useI18n } from './i18n.ts';
import { useMyCard } from './card.api.ts';

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, padding: '6px 0', borderBottom: '1px solid rgba(255,255,255,.25)' }}>
      <span>{label}</span>
      <strong data-testid={testId} style={{ textAlign: 'right', wordBreak: 'break-all' }}>
        {value}
      </strong>
    </div>
  );
}

export function CardPage() {
  const { t, tx, date } = useI18n();
  const navigate = useNavigate();
  const card = useMyCard();
  if (card.isPending)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
      </div>
    );
  if (card.error)
    return (
      <div className="nj-page">
        <ErrorBlock status="default" title={t('加载失败')} description={tx(card.error.message)} />
        <Button block size="large" onClick={() => void card.refetch()}>
          {t('重试')}
        </Button>
      </div>
    );
  const c = card.data;
  const expires = c.card ? new Date(c.card.expiresAt) : null;
  return (
    <div className="nj-page">
      <h1 className="nj-title" style={{ margin: '4px 4px 12px' }}>
        {t('电子会员卡')}
      </h1>
      <section
        data-testid="member-card"
        style={{ background: 'linear-gradient(135deg, #a8071a, #d9363e)', color: '#fff', borderRadius: 14, padding: '16px 16px 8px', marginBottom: 12 }}
      >
        <div data-testid="card-name" style={{ fontSize: '1.4em', fontWeight: 700 }}>
          {tx(c.name)}
        </div>
        <Row label={t('所属工会')} value={tx(c.orgName)} testId="card-org" />
        {c.membership && (
          <>
            <Row label={t('会员编号')} value={c.membership.memberNo} testId="card-member-no" />
            <Row label={t('入会日期')} value={date(c.membership.joinedOn)} />
            <Row label={t('会籍状态')} value={tx(c.membership.stateLabel)} testId="card-state" />
          </>
        )}
      </section>
      {c.card ? (
        <section style={{ background: '#fff', borderRadius: 14, padding: 16, textAlign: 'center' }}>
          <img
            src={c.card.qr}
            alt={t('会员码（请工作人员扫描）')}
            data-testid="card-qr"
            style={{ width: 'min(72vw, 280px)', height: 'min(72vw, 280px)', display: 'block', margin: '0 auto', imageRendering: 'pixelated' }}
          />
          <p style={{ margin: '10px 0 0' }}>{t('会员码每 {n} 秒自动更新，截图无效', { n: String(c.card.refreshSeconds) })}</p>
          {expires && (
            <p style={{ margin: '4px 0 0', color: '#555' }} data-testid="card-expires">
              {t('有效至 {time}', { time: expires.toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) })}
              {card.isFetching ? ` · ${t('正在更新会员码')}` : ''}
            </p>
          )}
          <p style={{ margin: '4px 0 0', color: '#555', fontSize: 'var(--nj-small)' }}>{t('出示给工会工作人员扫码核验')}</p>
        </section>
      ) : (
        <section style={{ background: '#fff', borderRadius: 14, padding: 16 }} data-testid="card-not-member">
          <ErrorBlock status="empty" title={t('您还不是工会会员')} description={t('入会后这里会显示您的电子会员卡。')} />
          <Button block color="primary" size="large" onClick={() => navigate('/join')} style={{ marginTop: 12 }}>
            {t('申请入会')}
          </Button>
        </section>
      )}
    </div>
  );
}
