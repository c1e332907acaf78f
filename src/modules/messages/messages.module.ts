import { defineModule } from '../../server/module.ts';

/** 消息: the worker's inbox in the portal and the text messages that go with it (sent from an outbox). */
export const messagesModule = defineModule({
  name: 'messages',
  label: '消息',
  personReferences: [{ table: 'worker_messages', column: 'person_id', idColumn: 'id' }],
});
