import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, LOCALE_LABELS, useI18n, type Locale } from '../i18n/index.tsx';

/** 简体 / 繁體 / English, in the desk header and on the sign-in page. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
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
      <Button type="text" icon={<GlobalOutlined />} loading={switching} data-testid="lang-switch" style={dark ? { color: '#fff' } : undefined}>
        {LOCALE_LABELS[locale]}
      </Button>
    </Dropdown>
  );
}
