/** One event: its sessions, places down the tree and sign-ups. */
import { DetailLoader, useRouteId } from '../../../web/components/DetailLoader.tsx';
import { Page } from '../../../web/components/Page.tsx';
import { useEvent } from './events.api.ts';
import { useI18n } from './i18n.ts';

export function EventPage() {
  const { t, tx } = useI18n();
  const id = useRouteId();
  const event = useEvent(id);
  return (
    <DetailLoader id={id} query={event} notFound={{ title: t('没有找到该活动'), back: { to: '/events', label: t('返回活动列表') } }}>
      {(e) => <Page title={tx(e.title)}>{tx(e.description ?? '')}</Page>}
    </DetailLoader>
  );
}
