/**
 * The several-machine topology on this machine, for tests and benchmarks: deploy/topology.sh (so
 * the script an operator runs is what is tested) brings up a PostgreSQL primary and its streaming
 * replica, app processes and nginx in a temporary TOPOLOGY_DIR on free ports; this module starts
 * and stops it, breaks its parts (kill -9 of an app, the replica stopped, the primary restarted),
 * seeds a running care campaign with on-site confirmation, and talks to it through nginx as a
 * browser does (session cookie, CSRF token, the read-your-writes cookie).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { openServerDatabase, queryRows, type Database } from '../server/db.ts';
import { FieldCipher } from '../server/crypto.ts';
import { projectRoot } from '../server/paths.ts';
import { AuditKey, installAuditKey } from '../modules/audit/index.ts';
import { qrCodeFor } from '../modules/campaigns/distribution.service.ts';
import { protectPhone } from '../modules/people/index.ts';
import { bindWorkerToPerson, openWorkerSession, upsertWorkerAccount } from '../modules/portal/index.ts';
import { withCheckCharacter } from '../shared/idcard.ts';
import { PASSWORD, seedAccounts, seedTree, TEST_KEY, type Seed } from './app.ts';
import { campaignPeriod } from './dates.ts';
import { TEST_AUDIT_KEY } from './db.ts';

const run = promisify(execFile);

/** True when this machine has nginx (CI installs it; `deploy/topology.sh up` would install it). */
export function nginxPresent(): boolean {
  return ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].some((p) => fs.existsSync(p));
}

export interface Topology {
  dir: string;
  /** nginx: `http://127.0.0.1:port`. */
  url: string;
  /** The app's role on the primary and on the replica. */
  primaryUrl: string;
  replicaUrl: string;
  /** `deploy/topology.sh <args>` with this topology's settings; answers its stdout. */
  script(...args: string[]): Promise<string>;
  /** The pid of app process `i` (1-based), as the script recorded it. */
  appPid(i: number): number;
  /** The port app process `i` listens on. */
  appPort(i: number): number;
  /** `deploy/topology.sh up` again with `apps` processes (nginx is reloaded). */
  scale(apps: number): Promise<void>;
  /** `deploy/topology.sh down --purge`: every process stopped, the folder removed. */
  down(): Promise<void>;
}

/** A block of free ports: nginx, the apps after it, the two PostgreSQL servers 20 above. */
function portBase(): number {
  return 20_000 + Math.floor(Math.random() * 400) * 100;
}

export async function startTopology(opts: { apps?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Topology> {
  const root = projectRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-topology-'));
  fs.chmodSync(dir, 0o755); // the user postgres enters it when this runs as root
  const base = portBase();
  const serverBuild = path.join(root, '.topology-build', path.basename(dir));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOPOLOGY_DIR: dir,
    APPS: String(opts.apps ?? 2),
    TOPOLOGY_PORT: String(base),
    TOPOLOGY_APP_PORT: String(base + 1),
    TOPOLOGY_PG_PORT: String(base + 20),
    PG_FSYNC: process.env.PG_FSYNC ?? 'off',
    NIANGJIA_DATA_KEY: TEST_KEY.toString('base64'),
    NIANGJIA_AUDIT_KEY: TEST_AUDIT_KEY.toString('base64'),
    NIANGJIA_ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    REPLICA_PROBE_SECONDS: '1',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    // The server compiled on its own for this topology: a build of dist/ by another test at the
    // same time is never read half-written.
    TOPOLOGY_SERVER_BUILD: serverBuild,
    // Run as root, the app processes stay root: the checkout under test may be readable by its
    // owner only (a CI clone in a private folder), which the system user niangjia could not read.
    TOPOLOGY_APP_USER: 'root',
    ...opts.env,
  };
  // The test runner's own database settings are not the topology's.
  delete env.DATABASE_URL;
  delete env.DATABASE_READ_URL;
  const script = async (...args: string[]) => {
    const { stdout } = await run(path.join(root, 'deploy', 'topology.sh'), args, { cwd: root, env, maxBuffer: 1 << 22 });
    return stdout;
  };
  try {
    await script('up');
  } catch (err) {
    const e = err as Error & { stderr?: string };
    await script('down', '--purge').catch(() => undefined);
    fs.rmSync(serverBuild, { recursive: true, force: true });
    throw new Error(`deploy/topology.sh up failed: ${e.message}\n${e.stderr ?? ''}`, { cause: err });
  }
  const secrets = Object.fromEntries(
    fs
      .readFileSync(path.join(dir, 'secrets.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const dbUrl = (port: number) => `postgres://niangjia:${secrets.APP_DB_PASSWORD}@127.0.0.1:${port}/niangjia`;
  const read = (f: string) => fs.readFileSync(path.join(dir, 'apps', f), 'utf8').trim();
  return {
    dir,
    url: `http://127.0.0.1:${base}`,
    primaryUrl: dbUrl(base + 20),
    replicaUrl: dbUrl(base + 21),
    script,
    appPid: (i) => Number(read(`${i}.pid`)),
    appPort: (i) => Number(read(`${i}.port`)),
    scale: async (apps) => {
      env.APPS = String(apps);
      await script('up');
    },
    down: async () => {
      await script('down', '--purge');
      fs.rmSync(serverBuild, { recursive: true, force: true });
    },
  };
}

/** A browser against the topology's nginx: keeps its cookies and sends the CSRF token on writes. */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(readonly base: string) {}

  async request(method: string, url: string, body?: unknown): Promise<{ status: number; json: () => unknown; text: string }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as unknown };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }

  async login(username: string, password = PASSWORD) {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} through nginx: ${res.status} ${res.text}`);
    this.csrf = ((await this.get('/api/auth/me')).json() as { csrfToken: string }).csrfToken;
    return this;
  }
}

export interface OnSiteCampaign {
  campaignId: number;
  pointId: number;
  /** The beneficiaries, each with the pick-up code on their card. */
  beneficiaries: { id: number; personId: number; code: string }[];
  seed: Seed;
  /** Session tokens of workers on the portal (cookie `niangjia_wsid`), each bound to a beneficiary. */
  workerTokens: string[];
}

/**
 * The test tree and accounts (written into the primary directly, as the test app does), `people`
 * sanitation workers of 新城区 registered through nginx, and a running campaign of 呼和浩特 for
 * them with one cash tier, its list frozen at approval by a second account, and a distribution
 * point whose duty list names `xcq_volunteer`. `workers` of them also get a portal session. With
 * `bulk` the people are written by one INSERT instead (a benchmark's tens of thousands).
 */
export async function seedOnSiteCampaign(t: Topology, people: number, opts: { workers?: number; bulk?: boolean } = {}): Promise<OnSiteCampaign> {
  const workers = opts.workers ?? 0;
  installAuditKey(new AuditKey(TEST_AUDIT_KEY));
  const database: Database = await openServerDatabase(t.primaryUrl, 2);
  try {
    const { db } = database;
    const seed = await seedTree(db);
    await seedAccounts(db, seed);
    const [vol] = await queryRows<{ id: number }>(db, sql`select id from accounts where username = 'xcq_volunteer'`);

    const xcq = await new Browser(t.url).login('xcq_admin');
    const hhht = await new Browser(t.url).login('hhht_admin');
    const nmg = await new Browser(t.url).login('nmg_admin');
    const tag = `拓扑${Date.now() % 100000}`;
    const digits = (n: number) => [...String(n)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');
    if (opts.bulk) {
      // A benchmark's many people: written set-based (their encrypted ID numbers are stand-ins, never read).
      await db.execute(sql`insert into persons (org_id, name, name_pinyin, name_initials, sex, birth_date, id_type, id_number_enc, id_number_bidx, id_masked, id_last4, occupation, employment_form, tags)
          select ${seed.xinChengSanitation.id}, '环卫工', 'huanweigong', 'hwg', case when g % 2 = 0 then 'male' else 'female' end, date '1970-01-01' + (g % 12000),
                 'resident', 'topology', 'topology-' || g, '150102********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'), 'sanitation', 'standard', array[${tag}]
            from generate_series(1, ${people}) g`);
    } else {
      for (let start = 0; start < people; start += 8) {
        const batch = Array.from({ length: Math.min(8, people - start) }, (_, k) => start + k);
        const made = await Promise.all(
          batch.map((i) =>
            xcq.post('/api/people', {
              name: '环卫工' + digits(i + 1),
              idNumber: withCheckCharacter(
                `150102197503${String(10 + (i % 18)).padStart(2, '0')}${String(100 + i)
                  .padStart(3, '0')
                  .slice(-3)}`,
              ),
              orgId: seed.xinChengSanitation.id,
              occupation: 'sanitation',
              employmentForm: 'standard',
              tags: [tag],
            }),
          ),
        );
        for (const r of made) if (r.status !== 201) throw new Error(`register a person through nginx: ${r.status} ${r.text}`);
      }
    }

    const amount = 10_000; // ¥100 each
    const created = await hhht.post('/api/campaigns', {
      name: '多机部署演练慰问',
      theme: '城市因你而美 工会关爱随行',
      kind: 'concentrated',
      orgId: seed.hhht.id,
      ...campaignPeriod(),
      mode: 'cascade',
      maxPerPerson: 1,
      overlapPolicy: 'warn',
      rule: { occupations: ['sanitation'], tagsAny: [tag] },
      funds: [{ source: 'higher_grant', amountFen: amount * people }],
      packages: [{ name: '慰问金', kind: 'cash', valueFen: amount }],
    });
    if (created.status !== 201 && created.status !== 200) throw new Error(`create the campaign: ${created.status} ${created.text}`);
    const campaignId = (created.json() as { id: number }).id;
    for (const org of [seed.hhht, seed.xinCheng]) {
      const r = await hhht.put(`/api/campaigns/${campaignId}/allocations`, { orgId: org.id, quota: people, budgetFen: amount * people });
      if (r.status !== 200) throw new Error(`allocate to ${org.name}: ${r.status} ${r.text}`);
    }
    const step = async (who: Browser, action: string, version: number) => {
      const r = await who.post(`/api/campaigns/${campaignId}/transition`, { action, version });
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${r.text}`);
      return (r.json() as { version: number }).version;
    };
    const draft = (await hhht.get(`/api/campaigns/${campaignId}`)).json() as { version: number; packages: { id: number }[] };
    await step(hhht, 'start', await step(nmg, 'approve', await step(hhht, 'submit', draft.version)));
    const point = await xcq.post(`/api/campaigns/${campaignId}/points`, {
      name: '新城区环卫所发放点',
      orgId: seed.xinCheng.id,
      dutyAccountIds: [vol!.id],
      stock: [{ packageId: draft.packages[0]!.id, quantity: people }],
    });
    if (point.status !== 201 && point.status !== 200) throw new Error(`create the point: ${point.status} ${point.text}`);

    const cipher = new FieldCipher(TEST_KEY);
    const rows = await queryRows<{ id: number; person_id: number }>(
      db,
      sql`select id, person_id from campaign_beneficiaries where campaign_id = ${campaignId} order by id`,
    );
    if (rows.length !== people) throw new Error(`the list has ${rows.length} people, not ${people}`);

    const workerTokens: string[] = [];
    for (let i = 0; i < workers; i++) {
      const p = protectPhone(cipher, `139${String(10_000_000 + i).slice(-8)}`);
      if ('problem' in p || !p.phoneBidx) throw new Error('bad phone');
      const w = await upsertWorkerAccount(db, { phoneBidx: p.phoneBidx, phoneEnc: p.phoneEnc!, phoneMasked: p.phoneMasked! });
      await bindWorkerToPerson(db, w.id, Number(rows[i % rows.length]!.person_id));
      workerTokens.push((await openWorkerSession(db, w.id, { ip: '127.0.0.1', userAgent: 'topology' })).token);
    }
    return {
      campaignId,
      pointId: (point.json() as { id: number }).id,
      beneficiaries: rows.map((r) => ({ id: Number(r.id), personId: Number(r.person_id), code: qrCodeFor(cipher, Number(r.id)) })),
      seed,
      workerTokens,
    };
  } finally {
    await database.close();
  }
}

/** Rows from the topology's primary (a fresh connection each time: the primary may have restarted). */
export async function primaryRows<T>(t: Topology, query: ReturnType<typeof sql>): Promise<T[]> {
  const database = await openServerDatabase(t.primaryUrl, 1);
  try {
    return await queryRows<T>(database.db, query);
  } finally {
    await database.close();
  }
}
