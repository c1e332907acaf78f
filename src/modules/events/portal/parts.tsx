/** What every 活动 page on the phone shares: its panels, the loading and failure states, and an error said in words. */
import type { CSSProperties } from 'react';
import { ErrorBlock, SpinLoading } from 'antd-mobile';
import { ApiError } from '../../../web/m/http.ts';
import { useI18n } from './i18n.ts';

export const panel: CSSProperties = { background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12 };
export const note: CSSProperties = { margin: '4px 0 0', color: '#555', fontSize: 'var(--nj-small)' };

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

export function Failed({ error }: { error: unknown }) {
  const { t, tx } = useI18n();
  return (
    <div className="nj-page">
      <ErrorBlock status="default" title={t('加载失败')} description={tx(messageOf(error))} />
    </div>
  );
}

/** An error said beside what caused it, in words (no pop-up). */
export function Problem({ message, testId = 'event-error' }: { message: string | null; testId?: string }) {
  const { tx } = useI18n();
  if (!message) return null;
  return (
    <p role="alert" data-testid={testId} style={{ color: '#a8071a', margin: '8px 0' }}>
      {tx(message)}
    </p>
  );
}
