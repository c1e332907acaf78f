/**
 * 我的权益: for each running campaign whose list holds me, my pick-up code (the printed card's own,
 * so the volunteer's scan page takes it), where, when and what; then what I received over the years.
 * Status in words, never by colour alone.
 */
import { Button, ErrorBlock, List, SpinLoading, Tag } from 'antd-mobile';
import { money } from '../../../web/components/money.ts';
import type { MyPickup } from '../benefits.contract.ts';
import { useI18n } from './i18n.ts';
import { useMyBenefits } from './benefits.api.ts';

function Pickup({ p }: { p: MyPickup }) {
  const { t, tx, date } = useI18n();
  return (
    <section data-testid="pickup" style={{ background: '#fff', borderRadius: 14, padding: 16, marginBottom: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <h2 style={{ fontSize: '1.15em', margin: 0 }} data-testid="pickup-campaign">
          {tx(p.campaignName)}
        </h2>
        <Tag color={p.received ? 'default' : 'danger'} fill="outline" style={{ fontSize: 'var(--nj-small)', flex: 'none' }} data-testid="pickup-state">
          {p.received ? t('已领取') : t('待领取')}
        </Tag>
      </div>
      <p style={{ margin: '8px 0 0' }}>
        <strong>{t('领取内容')}：</strong>
        <span data-testid="pickup-content">{tx(p.content)}</span>
        {p.maxCount > 1 && ` · ${t('{got}/{max} 次', { got: String(p.receivedCount), max: String(p.maxCount) })}`}
      </p>
      {p.received ? (
        p.receivedOn && <p style={{ margin: '6px 0 0', color: '#555' }}>{t('已领取 {date}', { date: date(p.receivedOn) })}</p>
      ) : (
        <>
          {p.qr && (
            <div style={{ textAlign: 'center', margin: '12px 0 4px' }}>
              <img
                src={p.qr}
                alt={t('领取码')}
                data-testid="pickup-qr"
                style={{ width: 'min(64vw, 240px)', height: 'min(64vw, 240px)', display: 'block', margin: '0 auto', imageRendering: 'pixelated' }}
              />
              <p style={{ margin: '6px 0 0', fontSize: 'var(--nj-small)', color: '#555' }}>{t('领取时请出示此码（与纸质领取卡相同）')}</p>
            </div>
          )}
          <p style={{ margin: '8px 0 0' }}>
            <strong>{t('领取地点')}：</strong>
            <span data-testid="pickup-point">{p.point ? tx(p.point.name) : t('请留意本单位工会通知')}</span>
          </p>
          {p.point?.address && (
            <p style={{ margin: '4px 0 0' }}>
              <strong>{t('地址')}：</strong>
              {tx(p.point.address)}
            </p>
          )}
          {p.point?.hours && (
            <p style={{ margin: '4px 0 0' }}>
              <strong>{t('时间')}：</strong>
              {tx(p.point.hours)}
            </p>
          )}
          <p style={{ margin: '4px 0 0' }} data-testid="pickup-last-day">
            <strong>{t('截止日期：{date}', { date: date(p.lastDay) })}</strong>
          </p>
        </>
      )}
    </section>
  );
}

export function BenefitsPage() {
  const { t, tx, date } = useI18n();
  const q = useMyBenefits();
  if (q.isPending)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
      </div>
    );
  if (q.error)
    return (
      <div className="nj-page">
        <ErrorBlock status="default" title={t('加载失败')} description={tx(q.error.message)} />
        <Button block size="large" onClick={() => void q.refetch()}>
          {t('重试')}
        </Button>
      </div>
    );
  const { pickups, history, totals } = q.data;
  const waiting = [...pickups.filter((p) => !p.received), ...pickups.filter((p) => p.received)];
  return (
    <div className="nj-page">
      <h1 className="nj-title" style={{ margin: '4px 4px 12px' }}>
        {t('我的权益')}
      </h1>
      {waiting.length ? (
        waiting.map((p) => <Pickup key={p.campaignId} p={p} />)
      ) : (
        <section style={{ background: '#fff', borderRadius: 14, padding: 16, marginBottom: 12 }}>
          <ErrorBlock status="empty" title={t('当前没有待领取的慰问')} description="" />
        </section>
      )}
      <h2 style={{ fontSize: '1.15em', margin: '16px 4px 8px' }}>{t('历年领取与帮扶')}</h2>
      <p style={{ margin: '0 4px 8px', color: '#555' }} data-testid="benefit-totals">
        {t('慰问 {n} 次，合计 {amount}', { n: String(totals.handOuts), amount: money(totals.handOutFen) })}；
        {t('帮扶 {n} 次，合计 {amount}', { n: String(totals.assistances), amount: money(totals.assistanceFen) })}
      </p>
      {history.length ? (
        <List style={{ borderRadius: 10, overflow: 'hidden' }} data-testid="benefit-history">
          {history.map((h, i) => (
            <List.Item
              key={i}
              description={[h.detail, h.place].filter(Boolean).map(tx).join(' · ')}
              extra={
                <span style={{ textAlign: 'right', display: 'block' }}>
                  <strong style={{ textDecoration: h.state === '已冲正' ? 'line-through' : undefined }}>{money(h.amountFen)}</strong>
                  <br />
                  <span style={{ fontSize: 'var(--nj-small)' }}>{tx(h.state)}</span>
                </span>
              }
            >
              {date(h.date)} {h.source === 'campaign' ? t('慰问发放') : t('帮扶')}：{tx(h.what)}
            </List.Item>
          ))}
        </List>
      ) : (
        <p style={{ margin: '0 4px' }}>{t('暂无记录')}</p>
      )}
    </div>
  );
}
