import { HomeOutlined } from '@ant-design/icons';
import type { NavEntry } from './module.ts';
import { WEB_MODULES } from './modules.ts';

/** The menu: the home page, then each module's entries in module order. */
export const NAV: NavEntry[] = [{ path: '/', label: '首页', icon: <HomeOutlined /> }, ...WEB_MODULES.flatMap((m) => m.nav ?? [])];
