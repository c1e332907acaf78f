/**
 * Demo join applications: couriers, riders and drivers who applied from the portal or a poster over
 * the last weeks, to the joint unions of the demo tree; a few already decided through the staff
 * use cases (member numbers given, one refused with its reason), the rest waiting in the queue.
 */
import type { Db, DbOrTx } from '../../server/db.ts';
import type { DemoContext } from '../../server/module.ts';
import { systemActor } from '../../server/actor.ts';
import { addDays } from '../../shared/dates.ts';
import { withCheckCharacter } from '../../shared/idcard.ts';
import { protectId, protectPhone } from '../people/index.ts';
import { upsertWorkerAccount } from '../portal/index.ts';
import * as repo from './membership.repository.ts';
import { approveApplication, refuseApplication } from './decide.service.ts';

interface DemoApplication {
  name: string;
  id17: string;
  phone: string;
  union: string;
  employer: string;
  occupation: string;
  channel: 'poster' | 'portal';
  daysAgo: number;
  decide?: 'approve' | { refuse: string };
}

const APPLICATIONS: DemoApplication[] = [
  {
    name: '郭晓峰',
    id17: '15010219950312871',
    phone: '13704710001',
    union: '新城区快递物流行业联合工会',
    employer: '呼和浩特顺达快递服务部',
    occupation: 'courier',
    channel: 'poster',
    daysAgo: 1,
  },
  {
    name: '白雪',
    id17: '15010219980623872',
    phone: '13704710002',
    union: '新城区快递物流行业联合工会',
    employer: '美团外卖新城站',
    occupation: 'delivery_rider',
    channel: 'portal',
    daysAgo: 3,
  },
  {
    name: '孟凡强',
    id17: '15010219900108873',
    phone: '13704710003',
    union: '新城区快递物流行业联合工会',
    employer: '中通快递新城营业部',
    occupation: 'courier',
    channel: 'poster',
    daysAgo: 9,
    decide: 'approve',
  },
  {
    name: '乌日娜',
    id17: '15010519930415874',
    phone: '13704710004',
    union: '赛罕区环卫工人联合工会',
    employer: '赛罕区城市管理服务中心',
    occupation: 'sanitation',
    channel: 'portal',
    daysAgo: 2,
  },
  {
    name: '张海军',
    id17: '15010519850720875',
    phone: '13704710005',
    union: '赛罕区环卫工人联合工会',
    employer: '赛罕区保洁服务公司',
    occupation: 'sanitation',
    channel: 'poster',
    daysAgo: 12,
    decide: 'approve',
  },
  {
    name: '刘建平',
    id17: '15060219880905876',
    phone: '13704710006',
    union: '东胜区货车司机联合工会',
    employer: '个体运输',
    occupation: 'truck_driver',
    channel: 'portal',
    daysAgo: 6,
    decide: { refuse: '工作地点不在本区，请向实际工作地的联合工会申请' },
  },
  {
    name: '高娜',
    id17: '15040219960202877',
    phone: '13704710007',
    union: '红山区快递外卖行业联合工会',
    employer: '饿了么红山站',
    occupation: 'delivery_rider',
    channel: 'portal',
    daysAgo: 4,
  },
];

export async function loadDemoApplications(tx: DbOrTx, ctx: DemoContext) {
  const actor = systemActor(ctx.root);
  const occupations = new Set((await repo.listOccupations(tx)).map((o) => o.code));
  const orgs = new Map(ctx.orgs.map((o) => [o.name, o]));
  const decide: { id: number; how: DemoApplication['decide'] }[] = [];
  for (const a of APPLICATIONS) {
    const org = orgs.get(a.union);
    if (!org) continue;
    const id = protectId(ctx.cipher, withCheckCharacter(a.id17), ctx.today);
    const phone = protectPhone(ctx.cipher, a.phone);
    if ('problem' in id || 'problem' in phone || (await repo.holderOfId(tx, id.idType, id.idNumberBidx))) continue;
    const worker = await upsertWorkerAccount(tx, { phoneBidx: phone.phoneBidx!, phoneEnc: phone.phoneEnc!, phoneMasked: phone.phoneMasked! });
    const created = new Date(`${addDays(ctx.today, -a.daysAgo)}T${String(9 + (a.daysAgo % 9)).padStart(2, '0')}:20:00+08:00`);
    const row = await repo.insertApplication(tx, {
      kind: 'join',
      workerId: worker.id,
      name: a.name,
      ...id,
      phoneMasked: phone.phoneMasked,
      employerName: a.employer,
      occupation: occupations.has(a.occupation) ? a.occupation : null,
      orgId: org.id,
      channel: a.channel,
      via: a.channel === 'poster' ? 'poster' : 'joint',
      createdAt: created,
    });
    if (a.decide) decide.push({ id: row.id, how: a.decide });
  }
  // Decided through the staff use cases, so person, membership, binding, messages and audit are real.
  for (const d of decide) {
    if (d.how === 'approve') await approveApplication({ db: tx as Db, cipher: ctx.cipher }, actor, d.id);
    else if (d.how) await refuseApplication(tx as Db, actor, d.id, d.how.refuse);
  }
}
