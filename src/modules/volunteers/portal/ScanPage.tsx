/**
 * What the venue's QR poster opens (`/m/volunteers/scan?code=…`): the scan is sent once the page is
 * open and its answer said big and clear — 签到成功, 签退成功 with this stretch's time and today's on
 * the project, or a late check-out waiting for approval; a refusal in the server's words.
 */
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Result, SpinLoading } from 'antd-mobile';
import { useScan } from './volunteers.api.ts';
import { useI18n } from './i18n.ts';
import { chinaClock, Hours, messageOf, panel } from './parts.tsx';

function Back() {
  const { t } = useI18n();
  return (
    <Link
      to="/volunteers"
      className="nj-tap"
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#c8102e' }}
      data-testid="scan-back"
    >
      {t('返回志愿服务')}
    </Link>
  );
}

export function ScanPage() {
  const { t, tx, dateTime } = useI18n();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const scan = useScan();
  // Once per page: React's StrictMode runs effects twice, and a second scan would be a check-out.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !code) return;
    sent.current = true;
    scan.mutate(code);
  }, [code, scan]);

  const title = <h1 className="nj-title">{t('扫码签到签退')}</h1>;
  if (!code || scan.isError)
    return (
      <div className="nj-page">
        {title}
        <Result
          status="error"
          title={t('未能签到签退')}
          description={<span data-testid="scan-error">{tx(code ? messageOf(scan.error) : '二维码无效，请扫描服务现场的签到二维码')}</span>}
        />
        <Back />
      </div>
    );
  if (!scan.data)
    return (
      <div className="nj-page">
        {title}
        <div style={{ padding: 48, textAlign: 'center' }}>
          <SpinLoading style={{ margin: '0 auto' }} aria-label={t('加载中')} />
        </div>
      </div>
    );
  const { action, project, shift, record, todayMinutes } = scan.data;
  const heading = action === 'in' ? t('签到成功') : action === 'out' ? t('签退成功') : t('已签退，待审核');
  return (
    <div className="nj-page">
      {title}
      <Result
        status={action === 'late' ? 'waiting' : 'success'}
        title={
          <span data-testid="scan-result" style={{ fontSize: '1.5em', fontWeight: 700 }}>
            {heading}
          </span>
        }
        description={<span data-testid="scan-project">{tx(project.name)}</span>}
      />
      <section style={{ ...panel, fontSize: '1.1em' }} data-testid="scan-detail">
        <p style={{ margin: 0, color: '#555' }}>
          {t('班次')}：{dateTime(shift.startsAt)} – {chinaClock(shift.endsAt)}
        </p>
        {action === 'in' ? (
          <>
            <p style={{ margin: '8px 0 0' }}>
              {t('签到时间')}：<strong>{chinaClock(record.startedAt)}</strong>
            </p>
            <p style={{ margin: '8px 0 0' }}>{t('服务结束离开时，请再扫一次现场的二维码签退。')}</p>
          </>
        ) : (
          <>
            <p style={{ margin: '8px 0 0' }}>
              {t('本次服务')}：
              <strong style={{ fontSize: '1.3em', color: '#8c0a1f' }} data-testid="scan-minutes">
                <Hours minutes={record.minutes ?? 0} />
              </strong>
            </p>
            <p style={{ margin: '4px 0 0', color: '#555' }}>
              {chinaClock(record.startedAt)} – {record.endedAt ? chinaClock(record.endedAt) : ''}
            </p>
            <p style={{ margin: '8px 0 0' }} data-testid="scan-today">
              {t('今天在本项目共服务')}：<Hours minutes={todayMinutes} />
            </p>
            {action === 'late' ? (
              <p style={{ margin: '8px 0 0', color: '#874d00' }} data-testid="scan-late">
                {t('超过班次结束 2 小时才签退，按班次结束时间计，经工会审核后计入服务时长。')}
              </p>
            ) : null}
          </>
        )}
      </section>
      <Back />
    </div>
  );
}
