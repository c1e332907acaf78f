/**
 * What a module is to the web app: its pages (routes), its entries in the menu, and pages that
 * run outside the desk frame (sign-in, the phone scan page). `web/modules.ts` lists them; the
 * router and the menu read that list and know no module by name.
 */
import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { Permission, Role } from '../shared/permissions.ts';

export interface NavEntry {
  path: string;
  /** Chinese label (translated by the i18n layer). */
  label: string;
  icon: ReactNode;
  permission?: Permission;
  /** A hook answering a count to show beside the label (what waits in the inbox); 0 or undefined shows none. */
  useBadge?: () => number | undefined;
  /** Hidden from accounts that have this permission (they reach the page another way). */
  unless?: Permission;
}

/**
 * Where an account lands after signing in (at `/`) instead of the desk's home page: a row of the
 * landing table, keyed by role, for people whose work is a page of their own (a volunteer's scan
 * page on a phone).
 */
export interface Landing {
  role: Role;
  /** Not for accounts that also hold this permission (their work is at the desk). */
  unless?: Permission;
  /** Absolute path, outside or inside the frame. */
  path: string;
}

export interface WebModule {
  name: string;
  /** Routes inside the desk frame (menu, header, breadcrumb), relative to `/`. */
  routes?: RouteObject[];
  /** Routes outside the frame, with absolute paths (`/login`, `/distribute`). */
  shellRoutes?: RouteObject[];
  /** Cards the home page shows, in module order (each decides for itself whether the account sees it). */
  home?: ComponentType[];
  /** Menu entries, in the order they appear. */
  nav?: NavEntry[];
  /** Rows of the landing table (see `Landing`). */
  landing?: Landing[];
}
