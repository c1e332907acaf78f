export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_LABELS: Record<Locale, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'English' };
export const LOCALE_STORAGE_KEY = 'niangjia.locale';

export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (v && (LOCALES as readonly string[]).includes(v)) return v as Locale;
  } catch {
    /* private mode */
  }
  return 'zh-CN';
}

/** An English dictionary: Simplified Chinese text (the key) → English. */
export type Dictionary = Record<string, string>;
