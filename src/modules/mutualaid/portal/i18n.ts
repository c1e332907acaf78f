/** The language hooks of the 互助保障 portal pages: this module's words, then the portal shell's and the common ones. */
import { portalI18n } from '../../../web/m/i18n.ts';
import { EN } from './en.ts';

export const { useI18n, useT } = portalI18n(EN);
