import { defineModule } from '../../server/module.ts';
import { registerMessageRoutes } from './messages.routes.ts';
import { sendDueTextMessages } from './outbox.service.ts';
import { countUnreadMessages } from './messages.service.ts';

/** 消息: the worker's inbox in the portal and the text messages that go with it (sent from an outbox). */
export const messagesModule = defineModule({
  name: 'messages',
  label: '消息',
  routes: registerMessageRoutes,
  // The 消息 tab's badge.
  portalHome: async (db, worker) => ({ unread: await countUnreadMessages(db, worker) }),
  schedules: [
    {
      // Text messages wait at most about a minute; a run that finds none costs one indexed query.
      name: 'messages.send-text-messages',
      everyMinutes: 1,
      run: async ({ db, log, cipher, sms }) => {
        if (!cipher || !sms) throw new Error('the text-message sender needs the field cipher and an SMS provider');
        const r = await sendDueTextMessages({ db, log, cipher, sms });
        if (r.sent + r.failed + r.retried + r.skipped) log.info(r, '短信发送');
      },
    },
  ],
  personReferences: [{ table: 'worker_messages', column: 'person_id', idColumn: 'id' }],
});
