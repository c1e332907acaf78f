/**
 * A list page's filters, sort and page live in the address (?q=zs&status=active&page=2), so the
 * back button returns to the same list and a filtered list can be shared as a link. The route's
 * own query contract reads them: a value it refuses is dropped, not fatal, and values equal to
 * the contract's defaults are left out of the address.
 *
 *   const list = useUrlQuery(ListCasesQuery);
 *   useCases(list.query); list.setFilters({ status }); <Table {...list.paging(total, t)} />
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { TablePaginationConfig } from 'antd';
import type { z } from 'zod';
import { formatCount } from '../i18n/format.ts';

/** A list route's query contract: paging plus optional filters (and a sort with defaults). */
type ListQuery = z.ZodType<{ page: number; pageSize: number }>;
type Translate = (zh: string, vars?: Record<string, string | number>) => string;
type Filters<Q> = Omit<Q, 'page' | 'pageSize'>;

/** The query in `params`, dropping what the contract refuses until the rest passes. */
export function parseUrlQuery<S extends ListQuery>(schema: S, params: URLSearchParams): z.output<S> {
  const raw: Record<string, string> = Object.fromEntries(params);
  for (let i = 0; i < 20; i++) {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    const bad = new Set(r.error.issues.map((x) => String(x.path[0])));
    if (bad.size === 0) break;
    for (const k of bad) delete raw[k];
  }
  return schema.parse({});
}

/** The address for `query`: blank values and the contract's defaults left out. */
export function urlQueryParams(query: Record<string, unknown>, defaults: Record<string, unknown>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || defaults[k] === v) continue;
    out.set(k, String(v as string | number | boolean));
  }
  return out;
}

export function useUrlQuery<S extends ListQuery>(schema: S) {
  type Q = z.output<S>;
  const [params, setParams] = useSearchParams();
  const defaults = useMemo(() => schema.parse({}) as Record<string, unknown>, [schema]);
  const query: Q = useMemo(() => parseUrlQuery(schema, params), [schema, params]);

  const write = useCallback((next: Record<string, unknown>) => setParams(urlQueryParams(next, defaults), { replace: true }), [setParams, defaults]);

  /** Changes some filters and goes back to page 1. */
  const setFilters = useCallback((patch: Partial<Filters<Q>>) => write({ ...query, ...patch, page: 1 }), [query, write]);
  const setPaging = useCallback((page: number, pageSize: number) => write({ ...query, page, pageSize }), [query, write]);
  /** Clears every filter and the sort; keeps the page size. */
  const reset = useCallback(() => write({ pageSize: query.pageSize }), [query.pageSize, write]);

  const { page: _page, pageSize: _pageSize, ...filters } = query;
  /** How many filters are set (a sort is not a filter). */
  const active = Object.entries(filters).filter(
    ([k, v]) => v !== undefined && v !== null && v !== '' && v !== defaults[k] && k !== 'sort' && k !== 'order',
  ).length;

  /** antd Table props: the page and page size from the address, “共 N 条”, and writing a new page back. */
  const paging = (total: number, t: Translate, extra: TablePaginationConfig = {}) => ({
    pagination: {
      current: query.page,
      pageSize: query.pageSize,
      total,
      showSizeChanger: true,
      showTotal: (n: number) => t('共 {n} 条', { n: formatCount(n) }),
      ...extra,
    } satisfies TablePaginationConfig,
    onChange: (p: TablePaginationConfig) => setPaging(p.current ?? 1, p.pageSize ?? query.pageSize),
  });

  return { query, filters: filters as Filters<Q>, active, setFilters, setPaging, reset, write, paging };
}
