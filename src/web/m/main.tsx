import { StrictMode, useEffect, type ComponentProps, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { ConfigProvider, SpinLoading, reduceMotion, restoreMotion, unstableSetRender } from 'antd-mobile';
import zhCNModule from 'antd-mobile/es/locales/zh-CN.js';
import zhTWModule from 'antd-mobile/es/locales/zh-TW.js';
import enUSModule from 'antd-mobile/es/locales/en-US.js';
import { I18nProvider } from '../i18n/provider.tsx';
import type { Locale } from '../i18n/locales.ts';
import { ApiError, registerPortalNavigation } from './http.ts';
import { useI18n } from './i18n.ts';
import { ElderProvider } from './elder.tsx';
import { portalRouter } from './router.tsx';
import { homeKey } from './home.ts';
import { useReducedMotion } from '../components/useReducedMotion.ts';

const queryClient: QueryClient = new QueryClient({
  // Whatever the worker changed (an application, a sign-up, a message read), the home page's counts follow.
  mutationCache: new MutationCache({ onSuccess: () => queryClient.invalidateQueries({ queryKey: homeKey }) }),
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

/**
 * antd-mobile 5 draws its toasts outside the page's tree with ReactDOM.render, which React 19 no
 * longer has: without this, every Toast.show threw and the worker never saw 已提交. Its container
 * gets a root of its own (antd-mobile's documented way for React 19).
 */
function renderInOwnRoot(node: ReactElement, container: Element | DocumentFragment) {
  const holder = container as (Element | DocumentFragment) & { _reactRoot?: Root };
  holder._reactRoot ??= createRoot(holder);
  const root = holder._reactRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
}

registerPortalNavigation(
  (to) => void portalRouter.navigate(to, { replace: true }),
  () => setTimeout(() => queryClient.removeQueries(), 0),
);

type MobileLocale = NonNullable<ComponentProps<typeof ConfigProvider>['locale']>;
/** antd-mobile's locale files are ES modules typed as CommonJS: take `default` when the types say so. */
const localeOf = (m: unknown): MobileLocale => ((m as { default?: MobileLocale }).default ?? m) as MobileLocale;
const MOBILE_LOCALE: Record<Locale, MobileLocale> = { 'zh-CN': localeOf(zhCNModule), 'zh-TW': localeOf(zhTWModule), en: localeOf(enUSModule) };

function Localized() {
  const { locale } = useI18n();
  // A phone set to less motion (减弱动态效果, 移除动画): masks and toasts appear at once, as on the desk.
  const still = useReducedMotion();
  useEffect(() => (still ? reduceMotion() : restoreMotion()), [still]);
  // Once the app runs, not at this file's top level: the bundle may load antd-mobile's own module,
  // which sets its default, after this one.
  useEffect(() => void unstableSetRender(renderInOwnRoot), []);
  return (
    <ConfigProvider locale={MOBILE_LOCALE[locale]}>
      <RouterProvider router={portalRouter} />
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider
        booting={
          <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            <SpinLoading />
          </div>
        }
      >
        <ElderProvider>
          <Localized />
        </ElderProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
