/** What every 志愿服务 page on the phone shares: panels, loading and failure, errors in words, service time and China-time inputs. */
import type { CSSProperties, ReactNode } from 'react';
import { ErrorBlock, SpinLoading } from 'antd-mobile';
import { ApiError } from '../../../web/m/http.ts';
import { useI18n } from './i18n.ts';

export const panel: CSSProperties = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 };
export const note: CSSProperties = { margin: '4px 0 0', color: '#555', fontSize: 'var(--nj-small)' };
export const heading: CSSProperties = { fontSize: '1.15em', margin: '20px 4px 8px' };
/** A native field, as large as the page's other tap targets. */
export const field: CSSProperties = {
  width: '100%',
  boxSizing: 'border-box',
  font: 'inherit',
  padding: '8px 10px',
  border: '1px solid #767676',
  borderRadius: 8,
  background: '#fff',
  color: '#1a1a1a',
};

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
    </div>
  );
}

export function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : '操作失败，请稍后重试';
}

/** A server error with the messages of its fields (they name the field: 签退时间须晚于签到时间). */
export function messagesOf(err: unknown): string {
  if (err instanceof ApiError && err.fields.length) return [...new Set(err.fields.map((f) => f.message))].join('；');
  return messageOf(err);
}

export function Failed({ title, error }: { title: string; error: unknown }) {
  const { t, tx } = useI18n();
  return (
    <div className="nj-page">
      <h1 className="nj-title">{t(title)}</h1>
      <ErrorBlock status="default" title={t('加载失败')} description={tx(messageOf(error))} />
    </div>
  );
}

/** An error said beside what caused it, in words (no pop-up). */
export function Problem({ message, testId = 'volunteer-error' }: { message: string | null; testId?: string }) {
  const { tx } = useI18n();
  if (!message) return null;
  return (
    <p role="alert" data-testid={testId} style={{ color: '#a8071a', margin: '8px 0' }}>
      {tx(message)}
    </p>
  );
}

/** Service time said as people say it: 1 小时 35 分钟, 2 小时, 40 分钟. */
export function Hours({ minutes }: { minutes: number }) {
  const { t } = useI18n();
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return <>{t('{m} 分钟', { m })}</>;
  return <>{m ? t('{h} 小时 {m} 分钟', { h, m }) : t('{h} 小时', { h })}</>;
}

/** A status in words in a box: the colour only repeats what the words say. */
export function Badge({ children, tone = '#555', testId }: { children: ReactNode; tone?: string; testId?: string }) {
  return (
    <strong data-testid={testId} style={{ border: `1px solid ${tone}`, color: tone, borderRadius: 6, padding: '0 8px', whiteSpace: 'nowrap', flex: 'none' }}>
      {children}
    </strong>
  );
}

export function Actions({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>{children}</div>;
}

const CHINA_MS = 8 * 3600_000;

/** A moment as a `datetime-local` field shows it, in China's time whatever the phone's zone: 2026-01-10T14:05. */
export function chinaInput(v: Date | string | number): string {
  return new Date(new Date(v).getTime() + CHINA_MS).toISOString().slice(0, 16);
}

/**
 * A `datetime-local` field's value read as China's time, as the API takes it (an ISO instant).
 * Not filled in: left out of the request, so the server says which field to fill in.
 */
export function fromChinaInput(v: string): string {
  const d = new Date(`${v}:00+08:00`);
  return (v && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined) as string;
}

/** 14:05 in China's time. */
export function chinaClock(v: string): string {
  return chinaInput(v).slice(11);
}
