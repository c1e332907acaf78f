/**
 * The portal's language: the shared provider (`../i18n/provider.tsx`) with the portal's own
 * dictionaries — a module's portal words (`src/modules/<m>/portal/en.ts`), the portal shell's,
 * then the common words. The staff dictionaries stay out of the portal's download.
 */
import { EN as COMMON } from '../i18n/en.ts';
import type { Dictionary } from '../i18n/locales.ts';
import { namespaceI18n, type I18n } from '../i18n/provider.tsx';
import { EN as SHELL } from './en.ts';

export function portalI18n(own: Dictionary): { useI18n: () => I18n; useT: () => I18n['t'] } {
  const map = new Map<string, string>(Object.entries(COMMON));
  for (const [zh, en] of Object.entries(SHELL)) map.set(zh, en);
  for (const [zh, en] of Object.entries(own)) map.set(zh, en);
  return namespaceI18n((zh) => map.get(zh));
}

/** The portal shell's hooks. */
export const { useI18n, useT } = portalI18n({});
