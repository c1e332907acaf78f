import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, LOCALE_LABELS, useI18n, type Locale } from '../i18n/index.tsx';

/** The button's label on a phone header, where every pixel goes to the point's name. */
const SHORT: Record<Locale, string> = { 'zh-CN': '简', 'zh-TW': '繁', en: 'EN' };

/** 简体 / 繁體 / English, in the desk header, on the sign-in page and (short) on the phone scan page. */
export function LanguageSwitch({ dark = false, short = false }: { dark?: boolean; short?: boolean }) {
  const { locale, setLocale, switching } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: LOCALE_LABELS[l] })),
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        loading={switching}
        title={short ? LOCALE_LABELS[locale] : undefined}
        data-testid="lang-switch"
        style={dark ? { color: '#fff' } : undefined}
      >
        {short ? SHORT[locale] : LOCALE_LABELS[locale]}
      </Button>
    </Dropdown>
  );
}
