import { lazy, Suspense } from 'react';
import { SpinLoading } from 'antd-mobile';
import type { PortalModule } from '../../../web/m/module.ts';
import { useUnreadMessages } from './messages.api.ts';

const MessagesPage = lazy(() => import('./MessagesPage.tsx').then((m) => ({ default: m.MessagesPage })));

/** 消息 in the worker portal: the inbox behind the 消息 tab, whose badge counts what I have not read. */
export const messagesPortal: PortalModule = {
  name: 'messages',
  routes: [
    {
      path: 'messages',
      element: (
        <Suspense
          fallback={
            <div style={{ padding: 48, textAlign: 'center' }}>
              <SpinLoading style={{ margin: '0 auto' }} />
            </div>
          }
        >
          <MessagesPage />
        </Suspense>
      ),
    },
  ],
  useUnread: useUnreadMessages,
};
