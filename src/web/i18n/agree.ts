/**
 * How namespaces share English words: a word two namespaces translate differently is contested and
 * stays with its own namespaces' pages; the others are agreed and lent to any page. Plain functions
 * with no dictionary of their own, so each app (staff app, worker portal) loads only its own words.
 */
import type { Dictionary } from './locales.ts';

export type Lookup = (zh: string) => string | undefined;

/** Keys that two namespaces translate differently: the ones only their own pages may use. */
export function contested(namespaces: Record<string, Dictionary>): Map<string, Record<string, string>> {
  const seen = new Map<string, Record<string, string>>();
  for (const [ns, dict] of Object.entries(namespaces)) {
    for (const [zh, en] of Object.entries(dict)) {
      const byNs = seen.get(zh) ?? {};
      byNs[ns] = en;
      seen.set(zh, byNs);
    }
  }
  return new Map([...seen].filter(([, byNs]) => new Set(Object.values(byNs)).size > 1));
}

/** The words the namespaces agree on (a contested word belongs only to its own namespaces' pages). */
export function agreed(namespaces: Record<string, Dictionary>): Map<string, string> {
  const out = new Map<string, string>();
  const differ = contested(namespaces);
  for (const dict of Object.values(namespaces)) for (const [zh, en] of Object.entries(dict)) if (!differ.has(zh)) out.set(zh, en);
  return out;
}
