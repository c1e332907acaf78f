import { Switch } from 'antd-mobile';
import { LOCALES, LOCALE_LABELS } from '../i18n/locales.ts';
import { useI18n } from './i18n.ts';
import { useElder } from './elder.tsx';

/** 长辈版 and the language, on the first screen: plain buttons, no pop-up, the choice said in words as well as shown. */
export function Preferences() {
  const { t, locale, setLocale } = useI18n();
  const { elder, setElder } = useElder();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
      <label className="nj-tap" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <Switch checked={elder} onChange={setElder} aria-label={t('长辈版')} />
        <span>{t('长辈版')}</span>
      </label>
      <div role="group" aria-label={t('语言')} style={{ display: 'flex', gap: 4 }}>
        {LOCALES.map((l) => (
          <button
            key={l}
            type="button"
            className="nj-tap"
            aria-pressed={locale === l}
            onClick={() => setLocale(l)}
            style={{
              minWidth: 44,
              padding: '0 10px',
              border: locale === l ? '2px solid #c8102e' : '1px solid #999',
              borderRadius: 6,
              background: locale === l ? '#fff0f0' : '#fff',
              color: '#1a1a1a',
              fontWeight: locale === l ? 600 : 400,
              fontSize: 'inherit',
            }}
          >
            {locale === l ? '✓ ' : ''}
            {LOCALE_LABELS[l]}
          </button>
        ))}
      </div>
    </div>
  );
}
