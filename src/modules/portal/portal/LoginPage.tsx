import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Form, Input, List, NoticeBar } from 'antd-mobile';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../web/m/http.ts';
import { Preferences } from '../../../web/m/Preferences.tsx';
import { useT } from './i18n.ts';
import { inWechat, safeBack, sendCode, useSignInInfo, verifyCode } from './signin.api.ts';

/** Field messages of a failed call, by field; the message alone under `_` when it names none. */
function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return { _: String((e as Error)?.message ?? e) };
  const out: Record<string, string> = {};
  for (const f of e.fields) out[f.field] = f.message;
  if (!e.fields.length) out._ = e.message;
  return out;
}

/** 手机号登录: the phone, a code by text message (with a countdown before another), the code; then back where the worker was going. */
export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const back = safeBack(params.get('redirect'));
  const wechatState = params.get('wechat');
  const info = useSignInInfo();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const [demoCode, setDemoCode] = useState<string | null>(null);
  const [countdown, setCountdown] = useState(0);
  const [busy, setBusy] = useState(false);

  // Inside WeChat with an official account: try the silent sign-in once before asking for the phone.
  useEffect(() => {
    if (info?.wechat && inWechat() && !wechatState) {
      window.location.assign(`/api/m/auth/sign-in/wechat?redirect=${encodeURIComponent(back)}`);
    }
  }, [info?.wechat, wechatState, back]);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const askCode = async () => {
    setErrors({});
    setBusy(true);
    try {
      const res = await sendCode(phone);
      setSent(true);
      setDemoCode(res.demoCode);
      setCountdown(res.resendAfterSeconds);
    } catch (e) {
      setErrors(fieldErrors(e));
      if (e instanceof ApiError && e.retryAfterSeconds && e.retryAfterSeconds <= 120) setCountdown(e.retryAfterSeconds);
    } finally {
      setBusy(false);
    }
  };

  const signIn = async () => {
    setErrors({});
    setBusy(true);
    try {
      await verifyCode(phone, code);
      await queryClient.invalidateQueries({ queryKey: ['m'] });
      // Inside WeChat: bind this WeChat user so later visits need no code (snapshot pages are never bound).
      if (info?.wechat && inWechat() && wechatState !== 'snapshot') {
        window.location.assign(`/api/m/auth/sign-in/wechat?bind=1&redirect=${encodeURIComponent(back)}`);
        return;
      }
      void navigate(back, { replace: true });
    } catch (e) {
      setErrors(fieldErrors(e));
    } finally {
      setBusy(false);
    }
  };

  const codeLength = info?.codeLength ?? 6;
  return (
    <div style={{ minHeight: '100vh' }}>
      {info?.demo && (
        <div className="nj-demo" role="note">
          {t('演示环境：数据均为虚构')}
        </div>
      )}
      <div className="nj-page">
        <h1 className="nj-title" style={{ margin: '12px 4px' }}>
          {t('手机号登录')}
        </h1>
        {wechatState === 'snapshot' && <NoticeBar wrap content={t('朋友圈快照页无法登录，请点击右下角“前往小程序/打开网页”后再登录')} color="alert" />}
        {wechatState === 'failed' && <NoticeBar wrap content={t('微信免密登录未成功，请用手机号登录')} color="info" />}
        {wechatState === 'unbound' && <NoticeBar wrap content={t('首次在微信中使用，请先用手机号登录，之后可免验证码登录')} color="info" />}
        <Form layout="vertical" style={{ borderRadius: 10, overflow: 'hidden', marginTop: 8 }}>
          <Form.Item label={t('手机号')}>
            <Input
              aria-label={t('手机号')}
              type="tel"
              inputMode="numeric"
              autoComplete="tel-national"
              maxLength={13}
              placeholder={t('请输入 11 位手机号')}
              value={phone}
              onChange={setPhone}
              clearable
            />
          </Form.Item>
          <Form.Item
            label={t('验证码')}
            extra={
              <Button size="small" color="primary" fill="outline" disabled={countdown > 0 || busy} onClick={() => void askCode()} style={{ minHeight: 40 }}>
                {countdown > 0 ? t('{s} 秒后重发', { s: countdown }) : t('获取验证码')}
              </Button>
            }
          >
            <Input
              aria-label={t('验证码')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={codeLength}
              placeholder={t('请输入 {n} 位验证码', { n: codeLength })}
              value={code}
              onChange={setCode}
            />
          </Form.Item>
        </Form>
        {Object.entries(errors).map(([field, message]) => (
          <p key={field} role="alert" style={{ color: '#a8071a', margin: '8px 4px' }}>
            {message}
          </p>
        ))}
        {sent && Object.keys(errors).length === 0 && (
          <p role="status" style={{ color: '#1a1a1a', margin: '8px 4px' }}>
            {t('验证码已发送，5 分钟内有效')}
          </p>
        )}
        {demoCode && (
          <div className="nj-demo" role="status" data-testid="demo-code" style={{ borderRadius: 8, margin: '8px 0' }}>
            <strong>{t('演示')}</strong> {t('验证码为 {code}（真实环境将以短信发送）', { code: demoCode })}
          </div>
        )}
        <Button block color="primary" size="large" loading={busy} disabled={!phone || !code} onClick={() => void signIn()} style={{ marginTop: 12 }}>
          {t('登录')}
        </Button>
        <p style={{ color: '#555', fontSize: 'var(--nj-small)', margin: '12px 4px' }}>
          {t('登录即表示您同意工会按《个人信息保护法》处理您的手机号，用于身份核验与服务通知。')}
        </p>
        {info?.demo && info.demoWorkers.length > 0 && (
          <List header={t('演示职工（点选即可填入手机号）')} style={{ borderRadius: 10, overflow: 'hidden', marginTop: 8 }}>
            {info.demoWorkers.map((w) => (
              <List.Item key={w.phone} description={w.org} extra={w.phone} onClick={() => setPhone(w.phone)}>
                {w.name}
              </List.Item>
            ))}
            <List.Item>{t('其他号码也可登录，但不关联职工档案')}</List.Item>
          </List>
        )}
        <section style={{ background: '#fff', borderRadius: 10, padding: '8px 12px', marginTop: 12 }}>
          <Preferences />
        </section>
      </div>
    </div>
  );
}
