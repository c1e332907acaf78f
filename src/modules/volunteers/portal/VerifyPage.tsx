/**
 * 证明核验 for anyone, signed in or not (`/m/volunteers/verify?code=…`, the address printed on a
 * 志愿服务记录证明): the 12-character code is checked against the union's records, and the answer
 * shows whether the certificate stands, whose it is (the name partly hidden), the issuing union,
 * the period and the hours.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Result } from 'antd-mobile';
import { ApiError } from '../../../web/m/http.ts';
import { useVerify } from './volunteers.api.ts';
import { useI18n } from './i18n.ts';
import { field, Hours, Loading, messageOf, note, panel, Problem } from './parts.tsx';

/** What people type: letters and digits, any case, with spaces or dashes between groups. */
const normal = (v: string) => v.toUpperCase().replace(/[\s-]/g, '');

export function VerifyPage() {
  const { t, tx, date, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = normal(params.get('code') ?? '');
  const [typed, setTyped] = useState(asked);
  const q = useVerify(asked || null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(normal(typed) ? { code: normal(typed) } : {}, { replace: true });
  };
  const a = q.data;
  return (
    <div className="nj-page" style={{ maxWidth: 560, margin: '0 auto' }}>
      <h1 className="nj-title">{t('志愿服务记录证明核验')}</h1>
      <p style={{ ...note, marginBottom: 12 }}>{t('输入证明上的 12 位验证码，核对证明是否由工会出具、是否有效。')}</p>
      <form style={panel} onSubmit={submit} data-testid="verify-form">
        <label style={{ display: 'block' }}>
          {t('验证码')}
          <input
            className="nj-tap"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            maxLength={20}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('12 位字母和数字')}
            style={{ ...field, marginTop: 4, letterSpacing: 2, fontFamily: 'monospace, inherit' }}
            data-testid="verify-code"
          />
        </label>
        <Button block type="submit" color="primary" style={{ marginTop: 12 }} data-testid="verify-submit">
          {t('核验')}
        </Button>
      </form>
      {q.isFetching ? <Loading /> : null}
      {q.error && !q.isFetching ? (
        q.error instanceof ApiError && q.error.status === 404 ? (
          <Result status="warning" title={<span data-testid="verify-missing">{t('没有找到这份证明，请核对编号')}</span>} />
        ) : (
          <Problem message={q.error instanceof ApiError && q.error.fields.length ? q.error.fields[0]!.message : messageOf(q.error)} testId="verify-error" />
        )
      ) : null}
      {a && !q.isFetching ? (
        <section data-testid="verify-answer">
          <Result
            status={a.valid ? 'success' : 'error'}
            title={<span data-testid="verify-state">{a.valid ? t('有效') : t('已作废')}</span>}
            description={a.valid ? t('这份证明由工会出具，内容与记录一致。') : a.revokedAt ? t('已于 {date} 作废', { date: dateTime(a.revokedAt) }) : null}
          />
          <dl style={{ ...panel, margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '8px 12px' }}>
            <dt style={{ color: '#555' }}>{t('验证码')}</dt>
            <dd style={{ margin: 0, fontFamily: 'monospace, inherit' }} translate="no">
              {a.code}
            </dd>
            <dt style={{ color: '#555' }}>{t('志愿者')}</dt>
            <dd style={{ margin: 0 }} data-testid="verify-name">
              {tx(a.name)}
            </dd>
            <dt style={{ color: '#555' }}>{t('出具单位')}</dt>
            <dd style={{ margin: 0 }} data-testid="verify-org">
              {tx(a.org)}
            </dd>
            <dt style={{ color: '#555' }}>{t('服务期间')}</dt>
            <dd style={{ margin: 0 }}>
              {date(a.from)} – {date(a.to)}
            </dd>
            <dt style={{ color: '#555' }}>{t('服务时长')}</dt>
            <dd style={{ margin: 0 }} data-testid="verify-hours">
              <Hours minutes={a.minutes} />
            </dd>
            <dt style={{ color: '#555' }}>{t('出具时间')}</dt>
            <dd style={{ margin: 0 }}>{date(a.issuedAt)}</dd>
          </dl>
        </section>
      ) : null}
    </div>
  );
}
