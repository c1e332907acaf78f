/** A station's stars (1–5) as read-only rating stars, or 未评星 when it was never inspected. */
import { Rate, Typography } from 'antd';
import { useI18n } from './i18n.ts';

/** The stars of the latest inspection, or 未评星. */
export function Stars({ stars }: { stars: number | null }) {
  const { t } = useI18n();
  return stars === null ? (
    <Typography.Text type="secondary">{t('未评星')}</Typography.Text>
  ) : (
    <span data-testid="station-stars" data-stars={stars} aria-label={t('{n} 星', { n: stars })}>
      <Rate disabled value={stars} />
    </span>
  );
}
