/** The language hooks of this module's pages: its own English words (en.ts) first, then the common ones. */
import { moduleI18n } from '../../../web/i18n/index.tsx';
import { EN } from './en.ts';

export const { useI18n, useT } = moduleI18n(EN);
