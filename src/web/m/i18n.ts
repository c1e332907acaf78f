/**
 * The portal's language: the shared provider (`../i18n/provider.tsx`) with the portal's own
 * dictionaries (see `dictionaries.ts`). A module's portal pages take their hooks from
 * `src/modules/<m>/portal/i18n.ts`: `export const { useI18n, useT } = portalI18n(EN)`.
 */
import type { Dictionary } from '../i18n/locales.ts';
import { namespaceI18n, type I18n } from '../i18n/provider.tsx';
import { portalLookupFor } from './dictionaries.ts';

export function portalI18n(own: Dictionary): { useI18n: () => I18n; useT: () => I18n['t'] } {
  return namespaceI18n(portalLookupFor(own));
}

/** The portal shell's hooks: its own words, then the words the modules' portal pages agree on. */
export const { useI18n, useT } = portalI18n({});
