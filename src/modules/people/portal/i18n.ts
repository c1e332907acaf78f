/** The language hooks of 职工档案's portal pages: their own English words (en.ts), then the portal's. */
import { portalI18n } from '../../../web/m/i18n.ts';
import { EN } from './en.ts';

export const { useI18n, useT } = portalI18n(EN);
