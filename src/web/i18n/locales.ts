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

/** Words OpenCC's 简→繁 table gets wrong for this product: 娘家 stays 娘家 in Taiwan usage. */
const TW_FIXES: [RegExp, string][] = [[/孃家/g, '娘家']];

/** Applies the product's own fixes to OpenCC's 简→繁 output. */
export const twFix = (converted: string) => TW_FIXES.reduce((out, [re, to]) => out.replace(re, to), converted);
