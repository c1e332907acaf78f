/**
 * The staff app's language: the shared provider (`provider.tsx`) with the staff dictionaries.
 *
 *   const t = useT();  t('组织架构')  t('共 {n} 条', { n: 12 })
 *   const { tx } = useI18n();  tx(org.name)   // data and server messages: converted for 繁體
 */
import type { ReactNode } from 'react';
import { Spin } from 'antd';
import type { Dictionary } from './locales.ts';
import { lookupFor } from './dictionaries.ts';
import { SHELL } from './shell.en.ts';
import { I18nProvider as SharedProvider, namespaceI18n, type I18n } from './provider.tsx';

export { LOCALES, LOCALE_LABELS, type Locale } from './locales.ts';
export type { I18n } from './provider.tsx';

export function I18nProvider({ children }: { children: ReactNode }) {
  return (
    <SharedProvider
      booting={
        <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin size="large" />
        </div>
      }
    >
      {children}
    </SharedProvider>
  );
}

/**
 * The hooks of one namespace: `export const { useI18n, useT } = moduleI18n(EN)` in a module's
 * `web/i18n.ts`. Its pages find their own words first, then the common ones.
 */
export function moduleI18n(dictionary: Dictionary): { useI18n: () => I18n; useT: () => I18n['t'] } {
  return namespaceI18n(lookupFor(dictionary));
}

/** The app shell's hooks (`src/web`): the shell's own words, then the common ones. */
export const { useI18n, useT } = moduleI18n(SHELL);
