/**
 * 消息: what the union told me, newest first. An unread message says 未读 in words and is set in
 * bold (never colour alone); opening it shows the whole text inline (no pop-up), marks it read and
 * offers the page it is about.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, ErrorBlock, SpinLoading, Tag } from 'antd-mobile';
import { SMS_STATE_LABELS, type WorkerMessage } from '../messages.contract.ts';
import { useI18n } from './i18n.ts';
import { useMarkAllRead, useMarkRead, useMessages } from './messages.api.ts';

function MessageItem({ m, open, onToggle }: { m: WorkerMessage; open: boolean; onToggle: () => void }) {
  const { t, tx, dateTime } = useI18n();
  const navigate = useNavigate();
  const sms = SMS_STATE_LABELS[m.sms];
  return (
    <li data-testid="message" data-read={m.read ? 'yes' : 'no'} style={{ background: '#fff', borderRadius: 12, marginBottom: 10, listStyle: 'none' }}>
      <button
        type="button"
        onClick={onToggle}
        aria-expanded={open}
        style={{
          display: 'block',
          width: '100%',
          minHeight: 'var(--nj-tap, 48px)',
          textAlign: 'left',
          background: 'none',
          border: 0,
          padding: 14,
          font: 'inherit',
          color: 'inherit',
          cursor: 'pointer',
        }}
      >
        <span style={{ display: 'flex', gap: 8, alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <span data-testid="message-title" style={{ fontWeight: m.read ? 400 : 700, fontSize: '1.05em' }}>
            {tx(m.title)}
          </span>
          {!m.read && (
            <Tag color="danger" fill="outline" style={{ flex: 'none', fontSize: '0.8em' }} data-testid="message-unread">
              {t('未读')}
            </Tag>
          )}
        </span>
        <span style={{ display: 'block', marginTop: 4, color: '#555', fontSize: 'var(--nj-small)' }}>
          {dateTime(m.createdAt)}
          {sms && ` · ${t(sms)}`}
          {m.read && ` · ${t('已读')}`}
        </span>
        {!open && (
          <span style={{ display: 'block', marginTop: 6, color: '#333', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {tx(m.body)}
          </span>
        )}
      </button>
      {open && (
        <div style={{ padding: '0 14px 14px' }} data-testid="message-body">
          <p style={{ margin: 0, whiteSpace: 'pre-wrap', lineHeight: 1.6 }}>{tx(m.body)}</p>
          {m.link && (
            <Button color="primary" size="large" style={{ marginTop: 12 }} block onClick={() => void navigate(m.link!)}>
              {t('查看详情')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

export function MessagesPage() {
  const { t } = useI18n();
  const q = useMessages();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const [open, setOpen] = useState<number | null>(null);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = q.data?.pages[0]?.unread ?? 0;

  const toggle = (m: WorkerMessage) => {
    setOpen(open === m.id ? null : m.id);
    if (!m.read) markRead.mutate(m.id);
  };

  return (
    <div className="nj-page">
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 12, flexWrap: 'wrap' }}>
        <h1 className="nj-title" style={{ margin: 0 }}>
          {t('我的消息')}
        </h1>
        {unread > 0 && (
          <span data-testid="unread-count" style={{ fontWeight: 700 }}>
            {t('{n} 条未读', { n: String(unread) })}
          </span>
        )}
      </header>
      {q.isPending ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <SpinLoading style={{ margin: '0 auto' }} />
        </div>
      ) : q.isError ? (
        <ErrorBlock
          status="default"
          title={t('消息加载失败')}
          description={
            <Button size="small" onClick={() => void q.refetch()}>
              {t('重试')}
            </Button>
          }
        />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('暂无消息')} description={t('申请进度、领取提醒会在这里通知您')} />
      ) : (
        <>
          {unread > 0 && (
            <Button size="middle" fill="outline" style={{ marginBottom: 12 }} loading={markAll.isPending} onClick={() => markAll.mutate()}>
              {t('全部标为已读')}
            </Button>
          )}
          <ul style={{ padding: 0, margin: 0 }} aria-label={t('我的消息')}>
            {items.map((m) => (
              <MessageItem key={m.id} m={m} open={open === m.id} onToggle={() => toggle(m)} />
            ))}
          </ul>
          {q.hasNextPage ? (
            <Button block size="large" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
              {t('加载更多')}
            </Button>
          ) : (
            <p style={{ textAlign: 'center', color: '#555', margin: '12px 0' }}>{t('没有更多了')}</p>
          )}
        </>
      )}
    </div>
  );
}
