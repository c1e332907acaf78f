/**
 * The app shell draws the menu and the breadcrumbs from the modules' web manifests, in its own
 * namespace: each label must reach it in English — from the common words, or from the module's
 * dictionary as a word no other module translates differently.
 */
import { describe, expect, it } from 'vitest';
import type { RouteObject } from 'react-router-dom';
import type { RouteHandle } from '../routing.tsx';
import { lookupFor } from './dictionaries.ts';
import { SHELL } from './shell.en.ts';

function crumbs(routes: RouteObject[] = []): string[] {
  return routes.flatMap((r) => {
    const crumb = (r.handle as RouteHandle | undefined)?.crumb;
    return [...(crumb ? [crumb] : []), ...crumbs(r.children)];
  });
}

describe('menu and breadcrumbs in English', () => {
  it('finds every menu entry and breadcrumb of the module manifests from the shell', async () => {
    // Loaded here, not at the top: the manifests pull in the pages' UI libraries.
    const { WEB_MODULES } = await import('../modules.ts');
    const shell = lookupFor(SHELL);
    const labels = WEB_MODULES.flatMap((m) => [...(m.nav ?? []).map((n) => n.label), ...crumbs(m.routes), ...crumbs(m.shellRoutes)]);
    expect(labels.length).toBeGreaterThan(20);
    expect(labels.filter((l) => shell(l) === undefined)).toEqual([]);
  });
});
