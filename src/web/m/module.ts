/**
 * What a module adds to the worker portal (职工端, `/m/`): its pages and its entries on the home
 * page and under 我的. The portal shell (`src/web/m`) reads the list in `m/modules.ts` and knows no
 * module by name. Portal pages use antd-mobile only, never antd (the portal's first load must stay
 * small on a phone).
 */
import type { ReactNode } from 'react';

export interface PortalRoute {
  /** Path under `/m/`, without the leading slash (`card`, `join/:id`). */
  path: string;
  element: ReactNode;
  /** Open to a worker who has not signed in (the sign-in page, the join poster's landing). */
  public?: boolean;
  /** Needs a phone bound to a registry person; a worker who is not yet gets the page that says how. */
  registered?: boolean;
}

/** A service on the home page: a tile with an icon, a title and an optional count that concerns me. */
export interface PortalService {
  key: string;
  title: string;
  /** One line under the title. */
  description?: string;
  icon: ReactNode;
  path: string;
  /** A hook answering a short note about me for the tile (`1 项进行中`), or undefined. */
  useNote?: () => string | undefined;
}

/** An entry of the 我的 page. */
export interface PortalMineEntry {
  key: string;
  title: string;
  path: string;
}

export interface PortalModule {
  name: string;
  routes?: PortalRoute[];
  services?: PortalService[];
  mine?: PortalMineEntry[];
  /** A hook answering the number of unread things for the 消息 tab (only the messages module has one). */
  useUnread?: () => number | undefined;
}
