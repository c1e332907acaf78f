/**
 * What a detail page shows until its record is there: a spinner while it loads; 404 with a way
 * back when the id is not a record the account may see (an out-of-scope record is simply not
 * found); the load error with 重试 otherwise.
 *
 *   const id = useRouteId();
 *   const person = usePerson(id);
 *   return <DetailLoader id={id} query={person} notFound={{ title, subTitle, back: { to: '/people', label } }}>
 *     {(p) => <PersonDetail person={p} />}
 *   </DetailLoader>;
 */
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Result } from 'antd';
import { ApiError } from '../http.ts';
import { LoadError, Loading } from './QueryState.tsx';

/** The record id in the route (`/people/:id`), or null when it is not a positive integer. */
export function useRouteId(param = 'id'): number | null {
  const id = Number(useParams()[param]);
  return Number.isInteger(id) && id > 0 ? id : null;
}

export interface NotFoundText {
  /** Already translated: the page's module knows its words. */
  title: string;
  subTitle?: string;
  back: { to: string; label: string };
}

export function NotFound({ title, subTitle, back }: NotFoundText) {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={title}
      subTitle={subTitle}
      extra={
        <Button type="primary" onClick={() => navigate(back.to)}>
          {back.label}
        </Button>
      }
    />
  );
}

interface Props<T> {
  /** The id from the route; null (not a valid id) shows 404 without asking the server. */
  id: number | null;
  query: { data: T | undefined; error: unknown; refetch: () => unknown };
  notFound: NotFoundText;
  children: (data: T) => ReactNode;
}

export function DetailLoader<T>({ id, query, notFound, children }: Props<T>) {
  if (id === null || (query.error instanceof ApiError && query.error.status === 404)) return <NotFound {...notFound} />;
  if (query.error) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Loading />;
  return children(query.data);
}
