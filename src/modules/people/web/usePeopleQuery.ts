/**
 * The 职工档案 list's filters, sort and page live in the address (?q=zs&membership=member&page=2),
 * so the back button from a person returns to the same list and a filtered list can be shared.
 * The contract's ListPeopleQuery reads them; a value it refuses is dropped, not fatal.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ListPeopleQuery } from '../people.contract.ts';
import type { PeopleFilters } from './people.api.ts';

export type PeopleQuery = ListPeopleQuery;

const DEFAULTS = { sort: 'name', order: 'asc', page: 1, pageSize: 20 } as const;

function parse(params: URLSearchParams): PeopleQuery {
  const raw: Record<string, string> = Object.fromEntries(params);
  for (let i = 0; i < 20; i++) {
    const r = ListPeopleQuery.safeParse(raw);
    if (r.success) return r.data;
    const bad = new Set(r.error.issues.map((x) => String(x.path[0])));
    if (bad.size === 0) break;
    for (const k of bad) delete raw[k];
  }
  return ListPeopleQuery.parse({});
}

export function usePeopleQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parse(params), [params]);

  const write = useCallback(
    (next: Partial<PeopleQuery>) => {
      const out = new URLSearchParams();
      for (const [k, v] of Object.entries(next)) {
        if (v === undefined || v === null || v === '') continue;
        if ((DEFAULTS as Record<string, unknown>)[k] === v) continue;
        out.set(k, String(v));
      }
      setParams(out, { replace: true });
    },
    [setParams],
  );

  /** Changes filters and goes back to page 1. */
  const setFilters = useCallback((patch: PeopleFilters) => write({ ...query, ...patch, page: 1 }), [query, write]);
  const setPaging = useCallback((page: number, pageSize: number) => write({ ...query, page, pageSize }), [query, write]);
  const setSort = useCallback((sort: PeopleQuery['sort'], order: PeopleQuery['order']) => write({ ...query, sort, order, page: 1 }), [query, write]);
  const reset = useCallback(() => write({ pageSize: query.pageSize }), [query.pageSize, write]);

  const { page: _p, pageSize: _s, ...filters } = query;
  const active = Object.entries(filters).filter(([k, v]) => v !== undefined && k !== 'sort' && k !== 'order').length;
  return { query, filters: filters as PeopleFilters, active, setFilters, setPaging, setSort, reset };
}
