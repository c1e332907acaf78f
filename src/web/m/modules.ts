/** The modules of the worker portal, in the order of their services on the home page. */
import type { PortalModule } from './module.ts';

export const PORTAL_MODULES: readonly PortalModule[] = [];
