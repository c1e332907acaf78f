/**
 * The language machinery both apps share (staff app and worker portal), with no UI library and no
 * dictionary of its own: each app passes its own dictionaries (see `index.tsx`, `m/i18n.ts`).
 *
 * Three ways to show the same Simplified Chinese UI: as written (zh-CN), converted to Traditional
 * characters with OpenCC (zh-TW, loaded only when chosen), or looked up in English dictionaries
 * (en; missing entries stay Chinese). The key of every string is the Simplified Chinese text
 * itself, so the code reads in Chinese.
 *
 * Each module has its own English dictionary (`web/en.ts`) and takes its hooks from its
 * `web/i18n.ts`, made here by `moduleI18n`; the app shell's files use the hooks below. A page
 * looks up its own namespace first, then the common words (see `dictionaries.ts`).
 *
 *   const t = useT();  t('组织架构')  t('共 {n} 条', { n: 12 })
 *   const { tx } = useI18n();  tx(org.name)   // data and server messages: converted for 繁體
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import 'dayjs/locale/zh-tw.js';
import 'dayjs/locale/en.js';
import { LOCALE_STORAGE_KEY, storedLocale, twFix, type Locale } from './locales.ts';
import { formatDate, formatDateTime, plural } from './format.ts';
import type { Lookup } from './agree.ts';
import { setNumberLocale } from '../components/money.ts';

export { LOCALES, LOCALE_LABELS, type Locale } from './locales.ts';

type Convert = (s: string) => string;
type Vars = Record<string, string | number>;

export interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  /** UI text: the Simplified Chinese source, `{name}` placeholders filled from `vars`. */
  t: (zh: string, vars?: Vars) => string;
  /** Data and server messages: converted for 繁體, looked up (else unchanged) for English. */
  tx: (s: string | null | undefined) => string;
  date: (v: string | null | undefined) => string;
  dateTime: (v: string | null | undefined) => string;
  switching: boolean;
}

let converterPromise: Promise<Convert> | undefined;
/** opencc-js is ~1 MB: fetched the first time someone picks 繁體, never before. */
function loadConverter(): Promise<Convert> {
  converterPromise ??= import('opencc-js/cn2t').then((m) => {
    const convert = m.Converter({ from: 'cn', to: 'tw' });
    return (s: string) => twFix(convert(s));
  });
  return converterPromise;
}

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };
const HTML_LANG: Record<Locale, string> = { 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW', en: 'en' };

function fill(s: string, vars?: Vars) {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** What the provider knows: the language, and the 繁體 converter with its cache. */
interface Base {
  locale: Locale;
  setLocale: (l: Locale) => void;
  switching: boolean;
  tw: Convert;
}

function makeBase(locale: Locale, convert: Convert | null, setLocale: (l: Locale) => void, switching: boolean): Base {
  const cache = new Map<string, string>();
  const tw = (s: string) => {
    if (!convert) return s;
    let r = cache.get(s);
    if (r === undefined) {
      if (cache.size > 20_000) cache.clear();
      r = convert(s);
      cache.set(s, r);
    }
    return r;
  };
  return { locale, setLocale, switching, tw };
}

/** The strings of one namespace in the current language. */
function bind({ locale, setLocale, switching, tw }: Base, lookup: Lookup): I18n {
  const tx = (s: string | null | undefined) => {
    if (!s) return s ?? '';
    if (locale === 'zh-TW') return tw(s);
    if (locale === 'en') return lookup(s) ?? s;
    return s;
  };
  const t = (zh: string, vars?: Vars) => {
    if (locale === 'en') return fill(plural(lookup(zh) ?? zh, vars), vars);
    if (locale === 'zh-TW') return tw(fill(zh, vars));
    return fill(zh, vars);
  };
  return {
    locale,
    setLocale,
    t,
    tx,
    date: (v) => formatDate(v, locale),
    dateTime: (v) => formatDateTime(v, locale),
    switching,
  };
}

const I18nContext = createContext<Base>(makeBase('zh-CN', null, () => {}, false));

/** The language of the app below it; `booting` shows while the 繁體 converter loads on a first visit in 繁體. */
export function I18nProvider({ children, booting }: { children: ReactNode; booting: ReactNode }) {
  const [wanted] = useState<Locale>(storedLocale);
  const [state, setState] = useState<{ locale: Locale; convert: Convert | null }>(() => ({
    locale: wanted === 'zh-TW' ? 'zh-CN' : wanted,
    convert: null,
  }));
  const [switching, setSwitching] = useState(wanted === 'zh-TW');
  const [booted, setBooted] = useState(wanted !== 'zh-TW');

  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page */
    }
    if (l !== 'zh-TW') {
      setState((s) => ({ locale: l, convert: s.convert }));
      return;
    }
    setSwitching(true);
    loadConverter()
      .then((convert) => setState({ locale: 'zh-TW', convert }))
      .catch(() => setState((s) => ({ locale: 'zh-CN', convert: s.convert })))
      .finally(() => {
        setSwitching(false);
        setBooted(true);
      });
  }, []);

  useEffect(() => {
    if (wanted === 'zh-TW') setLocale('zh-TW');
  }, [wanted, setLocale]);

  useEffect(() => {
    dayjs.locale(DAYJS_LOCALE[state.locale]);
    document.documentElement.lang = HTML_LANG[state.locale];
  }, [state.locale]);

  const value = useMemo(() => {
    // Amounts and counts follow the language (万 only in Chinese) before any page renders them.
    setNumberLocale(state.locale);
    return makeBase(state.locale, state.locale === 'zh-TW' ? state.convert : null, setLocale, switching);
  }, [state, setLocale, switching]);

  if (!booted) return booting;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The hooks of one namespace, given how it finds its English words. */
export function namespaceI18n(lookup: Lookup): { useI18n: () => I18n; useT: () => I18n['t'] } {
  function useNamespaceI18n(): I18n {
    const base = useContext(I18nContext);
    return useMemo(() => bind(base, lookup), [base]);
  }
  function useNamespaceT(): I18n['t'] {
    return useNamespaceI18n().t;
  }
  return { useI18n: useNamespaceI18n, useT: useNamespaceT };
}
