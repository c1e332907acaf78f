/**
 * The several-machine shape on one machine, as deploy/topology.sh brings it up: two app processes
 * behind nginx on a primary and its streaming replica. A volunteer's phones confirm hand-outs
 * through nginx while one app process is killed with SIGKILL; each phone sends a request whose
 * answer it did not get again with the same idempotency key, so the ledger ends with exactly one
 * line per hand-out the phones saw confirmed. Then the replica stops (reads fall back to the
 * primary) and the primary restarts (the running processes answer again, unrestarted).
 * PostgreSQL pass only, and only where nginx is installed (CI installs it).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Browser, nginxPresent, primaryRows, seedOnSiteCampaign, startTopology, type OnSiteCampaign, type Topology } from '../testing/topology.ts';

const PEOPLE = 240;
const PHONES = 12;

async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether a process runs (a killed one whose parent has not reaped it yet is a zombie: not running). */
function running(pid: number) {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe.runIf(!!process.env.DATABASE_URL && nginxPresent())('two app processes behind nginx on a replica pair', () => {
  let t: Topology;
  let c: OnSiteCampaign;

  beforeAll(async () => {
    const started = Date.now();
    t = await startTopology({ apps: 2 });
    const up = Date.now();
    c = await seedOnSiteCampaign(t, PEOPLE);
    console.log(`topology up in ${up - started} ms, campaign seeded in ${Date.now() - up} ms`);
  }, 240_000);
  afterAll(async () => {
    await t?.down();
  }, 60_000);

  it('confirms every hand-out exactly once while an app process is killed, retrying with the same key', { timeout: 60_000 }, async () => {
    const phones = await Promise.all(Array.from({ length: PHONES }, () => new Browser(t.url).login('xcq_volunteer')));
    const queue = [...c.beneficiaries];
    const seen = new Map<number, { lineId: number; created: boolean }>();
    const failures: string[] = [];
    let retries = 0;
    let lostAnswers = 0;
    let done = 0;
    const victim = t.appPid(1);
    let killed = false;

    const phone = async (b: Browser) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const key = `topo-${next.id}-${Math.random().toString(36).slice(2, 10)}`;
        const body = { beneficiaryId: next.id, evidence: { kind: 'qr', code: next.code }, idempotencyKey: key };
        for (let attempt = 1; ; attempt++) {
          const res = await b.post(`/api/points/${c.pointId}/confirm`, body).catch((err: Error) => ({ status: 0, text: err.message, json: () => null }));
          if (res.status === 200) {
            const r = res.json() as { lineId: number; created: boolean };
            seen.set(next.id, r);
            // The first try had written the line, only its answer was lost.
            if (attempt > 1 && !r.created) lostAnswers++;
            break;
          }
          // The answer was lost (the process died with the request, nginx answered 502) or no
          // process could take it: the same request again, same key.
          if ((res.status === 0 || res.status >= 500) && attempt < 20) {
            retries++;
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          failures.push(`${next.id}: ${res.status} ${res.text.slice(0, 200)}`);
          break;
        }
        if (++done === Math.floor(PEOPLE / 3) && !killed) {
          killed = true;
          process.kill(victim, 'SIGKILL');
        }
      }
    };
    await Promise.all(phones.map(phone));

    expect(failures).toEqual([]);
    expect(killed).toBe(true);
    expect(running(victim)).toBe(false);
    expect(seen.size).toBe(PEOPLE);

    const lines = await primaryRows<{ beneficiary_id: number; id: number; n: number }>(
      t,
      sql`select beneficiary_id, min(id)::int as id, count(*)::int as n from disbursement_lines where campaign_id = ${c.campaignId} group by beneficiary_id`,
    );
    expect(lines.filter((l) => l.n !== 1)).toEqual([]);
    expect(lines.length).toBe(seen.size);
    for (const l of lines) expect(seen.get(Number(l.beneficiary_id))?.lineId).toBe(Number(l.id));
    console.log(
      `${PEOPLE} hand-outs by ${PHONES} phones, app 1 killed after ${Math.floor(PEOPLE / 3)}: ${retries} retries with the same key, ${lostAnswers} of them found the line already written`,
    );
  });

  it('answers replica reads from the primary while the replica is stopped', { timeout: 30_000 }, async () => {
    const reader = await new Browser(t.url).login('hhht_admin');
    // Signing in is a write: forget the read-your-writes cookie so the reads go to the replica.
    const fresh = () => reader.cookies.delete('niangjia_primary_until');
    fresh();
    const progress = async () => {
      fresh();
      const res = await reader.get(`/api/campaigns/${c.campaignId}/progress`);
      return res.status === 200;
    };
    const inUse = async () => {
      const body = await (await fetch(`http://127.0.0.1:${t.appPort(2)}/metrics`)).text();
      return Number(/^niangjia_db_replica_in_use (\S+)$/m.exec(body)?.[1]);
    };
    await until('app 2 reads from the replica', async () => (await inUse()) === 1);
    expect(await progress()).toBe(true);
    await t.script('pg', 'replica', 'stop', '-m', 'fast');
    const started = Date.now();
    for (let i = 0; i < 10; i++) expect(await progress()).toBe(true);
    const ledger = await reader.get(`/api/campaigns/${c.campaignId}/ledger`);
    expect(ledger.status).toBe(200);
    expect((ledger.json() as { total: number }).total).toBe(PEOPLE);
    console.log(`11 replica reads with the replica stopped in ${Date.now() - started} ms`);
    await until('app 2 stops sending reads to the stopped replica', async () => (await inUse()) === 0);
  });

  it('answers again after the primary restarts, without restarting the app process', { timeout: 40_000 }, async () => {
    const survivor = t.appPid(2);
    const staff = await new Browser(t.url).login('hhht_admin');
    await t.script('pg', 'primary', 'restart', '-m', 'fast');
    await until('the app answers through nginx after the primary restarted', async () => {
      const me = await staff.get('/api/auth/me');
      return me.status === 200;
    });
    const ready = await fetch(`http://127.0.0.1:${t.appPort(2)}/api/health/ready`);
    expect(ready.status).toBe(200);
    // A write after the restart, through the same process.
    const again = await new Browser(t.url).login('xcq_admin');
    expect((await again.get('/api/auth/me')).status).toBe(200);
    expect(t.appPid(2)).toBe(survivor);
    expect(running(survivor)).toBe(true);
  });
});
