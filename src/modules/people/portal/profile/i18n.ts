/** The language hooks of the 我的资料 portal pages: their own words, then the portal shell's and the common ones. */
import { portalI18n } from '../../../../web/m/i18n.ts';
import { EN } from './en.ts';

export const { useI18n, useT } = portalI18n(EN);
