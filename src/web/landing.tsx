/**
 * The landing table: an account whose role has a page of its own (a volunteer's scan page) goes
 * there from `/` — after signing in, or when it opens the site — before the desk frame is drawn.
 * Each module declares its rows in its web manifest; the first row that matches wins.
 */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Me } from '../modules/auth/auth.contract.ts';
import { useMe } from '../modules/auth/web/auth.api.ts';
import type { Landing, WebModule } from './module.ts';

/** The page `me` lands on, or null for the desk's home page. */
export function landingFor(me: Pick<Me, 'account' | 'permissions'>, modules: readonly WebModule[]): Landing | null {
  const held = new Set(me.permissions);
  for (const row of modules.flatMap((m) => m.landing ?? [])) {
    if (me.account.roles.includes(row.role) && !(row.unless && held.has(row.unless))) return row;
  }
  return null;
}

/** At `/`, sends the signed-in account to its landing page (the page knows it came by landing). */
export function LandOnOwnPage({ modules, children }: { modules: readonly WebModule[]; children: ReactNode }) {
  const { pathname } = useLocation();
  const me = useMe();
  const row = pathname === '/' && me.data ? landingFor(me.data, modules) : null;
  if (row) return <Navigate to={row.path} replace state={{ landing: true }} />;
  return children;
}
