import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import zhTWModule from 'antd/es/locale/zh_TW.js';
import enUSModule from 'antd/es/locale/en_US.js';
import type { ComponentProps } from 'react';
import { RouterProvider } from 'react-router-dom';
import { ApiError, registerNavigation } from './http.ts';
import { I18nProvider, useI18n, type Locale } from './i18n/index.tsx';
import { router } from './router.tsx';
import { useReducedMotion } from './components/useReducedMotion.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (not signed in, no right, not found, bad filter): do not hammer.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

registerNavigation(
  (to, opts) => void router.navigate(to, opts),
  () => setTimeout(() => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system' }), 0),
);

type AntdLocale = NonNullable<ComponentProps<typeof ConfigProvider>['locale']>;
/** antd's locale files are ES modules typed as CommonJS: take `default` when the types say so. */
const localeOf = (m: unknown): AntdLocale => ((m as { default?: AntdLocale }).default ?? m) as AntdLocale;
const ANTD_LOCALE: Record<Locale, AntdLocale> = { 'zh-CN': localeOf(zhCNModule), 'zh-TW': localeOf(zhTWModule), en: localeOf(enUSModule) };

function Themed() {
  const { locale } = useI18n();
  const still = useReducedMotion();
  return (
    <ConfigProvider
      locale={ANTD_LOCALE[locale]}
      button={{ autoInsertSpace: false }}
      theme={{
        token: { colorPrimary: '#1668dc', borderRadius: 6, colorLink: '#1668dc', motion: !still },
        components: { Layout: { siderBg: '#001529', headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' } },
      }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
