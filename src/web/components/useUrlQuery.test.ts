/** A list page's address ↔ its query: refused values are dropped, defaults stay out of links. */
import { describe, expect, it } from 'vitest';
import { ListPeopleQuery } from '../../modules/people/people.contract.ts';
import { ListCandidatesQuery } from '../../modules/hardship/hardship.contract.ts';
import { parseUrlQuery, urlQueryParams } from './useUrlQuery.ts';

describe('list query in the address', () => {
  it('reads filters, sort and page, and drops only what the contract refuses', () => {
    const q = parseUrlQuery(ListPeopleQuery, new URLSearchParams('q=zs&sex=robot&ageFrom=30&page=2&pageSize=999'));
    expect(q).toMatchObject({ q: 'zs', ageFrom: 30, page: 2, pageSize: 20, sort: 'name', order: 'asc' });
    expect(q.sex).toBeUndefined();
  });

  it('falls back to the defaults for an address it cannot read at all', () => {
    expect(parseUrlQuery(ListCandidatesQuery, new URLSearchParams('status=nonsense&page=-1'))).toEqual({ status: 'open', page: 1, pageSize: 20 });
  });

  it('leaves blank values and defaults out of the address, so links stay short', () => {
    const defaults = ListCandidatesQuery.parse({});
    expect(urlQueryParams({ status: 'open', rule: 'job_loss', page: 1, pageSize: 50, q: '' }, defaults).toString()).toBe('rule=job_loss&pageSize=50');
  });

  it('round-trips what it writes', () => {
    const defaults = ListPeopleQuery.parse({});
    const q = { ...defaults, membership: 'member' as const, sort: 'birthDate' as const, order: 'desc' as const, page: 3 };
    expect(parseUrlQuery(ListPeopleQuery, urlQueryParams(q, defaults))).toEqual(q);
  });
});
