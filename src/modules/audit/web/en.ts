import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {};
