/**
 * The application as tests use it: a real database, the real Fastify app (requests through
 * `inject`, no socket), and a small tree with accounts at several levels, created through the
 * modules' own use cases.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { readConfig, type Config } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { systemActor } from '../server/actor.ts';
import type { Database, Db } from '../server/db.ts';
import { bootstrap } from '../server/bootstrap.ts';
import { FieldCipher } from '../server/crypto.ts';
import { findRoot, insertChildOrg } from '../modules/orgs/index.ts';
import type { OrgRow } from '../modules/orgs/orgs.schema.ts';
import type { CreateOrgInput } from '../modules/orgs/orgs.contract.ts';
import { hashPassword, insertSystemAccount } from '../modules/auth/index.ts';
import type { Role } from '../modules/auth/auth.contract.ts';
import { protectPhone } from '../modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../modules/portal/index.ts';
import { createTestDatabase } from './db.ts';

export const PASSWORD = 'Passw0rd1';
/** A fixed data key for tests (never used outside them). */
export const TEST_KEY = Buffer.alloc(32, 42);

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...readConfig({ NIANGJIA_DEMO: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL || 'silent' }), adminPassword: PASSWORD, ...overrides };
}

export function buildOrgInput(overrides: Partial<CreateOrgInput> & Pick<CreateOrgInput, 'parentId'>): CreateOrgInput {
  return {
    name: `测试基层工会${Math.random().toString(36).slice(2, 8)}`,
    shortName: null,
    type: 'grassroots',
    divisionCode: null,
    creditCode: null,
    address: null,
    contactName: null,
    contactPhone: null,
    foundedOn: null,
    ...overrides,
  };
}

export interface Seed {
  root: OrgRow;
  nmg: OrgRow;
  hhht: OrgRow;
  xinCheng: OrgRow;
  xinChengSanitation: OrgRow;
  saihan: OrgRow;
  saihanJoint: OrgRow;
  baotou: OrgRow;
  kundulun: OrgRow;
}

/** 中华全国总工会 → 内蒙古 → 呼和浩特 → {新城区 → 环卫中心工会, 赛罕区 → 环卫联合工会}; 内蒙古 → 包头 → 昆都仑区. */
export async function seedTree(db: Db): Promise<Seed> {
  const root = (await findRoot(db))!;
  const actor = systemActor(root);
  const add = (parent: OrgRow, input: Omit<Partial<CreateOrgInput>, 'parentId'>) =>
    db.transaction((tx) => insertChildOrg(tx, actor, buildOrgInput({ ...input, parentId: parent.id })));
  const nmg = await add(root, { name: '内蒙古自治区总工会', type: 'provincial', divisionCode: '150000' });
  const hhht = await add(nmg, { name: '呼和浩特市总工会', type: 'city', divisionCode: '150100' });
  const xinCheng = await add(hhht, { name: '呼和浩特市新城区总工会', type: 'county', divisionCode: '150102' });
  const xinChengSanitation = await add(xinCheng, { name: '新城区环境卫生服务中心工会', type: 'grassroots' });
  const saihan = await add(hhht, { name: '呼和浩特市赛罕区总工会', type: 'county', divisionCode: '150105' });
  const saihanJoint = await add(saihan, { name: '赛罕区环卫工人联合工会', type: 'joint' });
  const baotou = await add(nmg, { name: '包头市总工会', type: 'city', divisionCode: '150200' });
  const kundulun = await add(baotou, { name: '包头市昆都仑区总工会', type: 'county', divisionCode: '150203' });
  return { root, nmg, hhht, xinCheng, xinChengSanitation, saihan, saihanJoint, baotou, kundulun };
}

export const TEST_ACCOUNTS: Record<string, [Role[], keyof Seed]> = {
  nmg_admin: [['union_admin'], 'nmg'],
  nmg_auditor: [['auditor'], 'nmg'],
  hhht_admin: [['union_admin'], 'hhht'],
  xcq_admin: [['union_admin'], 'xinCheng'],
  xcq_cadre: [['cadre'], 'xinCheng'],
  xcq_volunteer: [['volunteer'], 'xinCheng'],
  sh_admin: [['union_admin'], 'saihan'],
  sh_auditor: [['auditor'], 'saihan'],
};

export async function seedAccounts(db: Db, seed: Seed) {
  const passwordHash = await hashPassword(PASSWORD);
  const ids: Record<string, number> = {};
  for (const [username, [roles, org]] of Object.entries(TEST_ACCOUNTS)) {
    ids[username] = (await insertSystemAccount(db, { username, displayName: username, orgId: seed[org].id, roles, passwordHash })).id;
  }
  return ids;
}

/** A signed-in browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(private readonly app: FastifyInstance) {}

  async login(username: string, password = PASSWORD) {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const set = res.cookies.find((c) => c.name === 'niangjia_sid');
    this.cookie = `niangjia_sid=${set!.value}`;
    const me = await this.get('/api/auth/me');
    this.csrf = me.json().csrfToken;
    return this;
  }

  /** Signs in as a worker (the portal's own session) holding `token`, and reads the worker's CSRF token. */
  async asWorkerSession(token: string) {
    this.cookie = `niangjia_wsid=${token}`;
    const me = await this.get('/api/m/me');
    if (me.statusCode !== 200) throw new Error(`worker session failed: ${me.statusCode} ${me.body}`);
    this.csrf = me.json().csrfToken;
    return this;
  }

  request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.method !== 'GET') headers['x-csrf-token'] = this.csrf;
    return this.app.inject({ ...opts, headers });
  }
  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: unknown) {
    return this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] });
  }
  put(url: string, payload: unknown) {
    return this.request({ method: 'PUT', url, payload: payload as InjectOptions['payload'] });
  }
  patch(url: string, payload: unknown) {
    return this.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] });
  }
  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }
}

export interface TestApp {
  app: FastifyInstance;
  cipher: FieldCipher;
  db: Db;
  database: Database;
  seed: Seed;
  accounts: Record<string, number>;
  /** A client signed in as `username` (all test accounts share PASSWORD; `admin` is the system administrator). */
  as(username: string): Promise<TestClient>;
  anonymous(): TestClient;
  /**
   * A worker signed in to the portal with `phone` (as if the text-message code had been verified),
   * bound to the registry person `personId` when given. The sign-in itself is tested in the portal module.
   */
  asWorker(phone: string, personId?: number): Promise<TestClient>;
  close(): Promise<void>;
}

export async function createTestApp(config: Partial<Config> = {}): Promise<TestApp> {
  const cfg = testConfig(config);
  const read = cfg.databaseReadUrl
    ? { url: cfg.databaseReadUrl, poolSize: cfg.databaseReadPoolSize, maxLagSeconds: cfg.replicaMaxLagSeconds, probeSeconds: cfg.replicaProbeSeconds }
    : undefined;
  const database = await createTestDatabase(undefined, read);
  const cipher = new FieldCipher(TEST_KEY);
  await bootstrap(database.db, cfg, cipher);
  const seed = await seedTree(database.db);
  const accounts = await seedAccounts(database.db, seed);
  const app = await buildApp({ db: database.db, config: cfg, cipher, copyInto: database.copyInto, poolStats: database.poolStats, replica: database.replica });
  await app.ready();
  return {
    app,
    cipher,
    db: database.db,
    database,
    seed,
    accounts,
    as: (username) => new TestClient(app).login(username),
    anonymous: () => new TestClient(app),
    asWorker: async (phone, personId) => {
      const p = protectPhone(cipher, phone);
      if ('problem' in p || !p.phoneBidx) throw new Error(`bad test phone ${phone}`);
      const worker = await upsertWorkerAccount(database.db, { phoneBidx: p.phoneBidx, phoneEnc: p.phoneEnc!, phoneMasked: p.phoneMasked! });
      if (personId !== undefined) await bindWorkerToPerson(database.db, worker.id, personId);
      const { token } = await openWorkerSession(database.db, worker.id, { ip: '127.0.0.1', userAgent: 'test' });
      return new TestClient(app).asWorkerSession(token);
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
