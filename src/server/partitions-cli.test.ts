import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.ts';
import { chinaMonth } from './partitions.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-partitions-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: work, NIANGJIA_DEMO: '0', LOG_LEVEL: 'warn' };
  for (const k of ['DATABASE_URL', 'NIANGJIA_DATA_KEY', 'NIANGJIA_AUDIT_KEY', 'NIANGJIA_KEY_FILE', 'NIANGJIA_AUDIT_KEY_FILE']) delete e[k];
  return e;
}

// The commands an operator runs (README, 分区与归档), on an embedded database with no server running.
describe.runIf(!process.env.DATABASE_URL)('npm run partitions', () => {
  it('lists the months, refuses a month not yet over in Chinese, archives the oldest, and the audit log still verifies', { timeout: 180_000 }, async () => {
    const list = await runCli('partitions.ts', ['list'], env());
    expect(list.status, list.output).toBe(0);
    const month = chinaMonth(new Date());
    expect(list.output).toContain(`audit_log\t${month}\taudit_log_p${month.replace('-', '_')}`);
    const oldest = /audit_log\t(\d{4}-\d{2})\t/.exec(list.output)![1]!;

    const now = await runCli('partitions.ts', ['archive', 'audit_log', month], env());
    expect(now.status).toBe(1);
    expect(now.output).toContain(`只能归档已经结束的月份，${month} 尚未结束`);
    const bad = await runCli('partitions.ts', ['archive', 'persons', oldest], env());
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('persons 不是按月分区的表');

    const archived = await runCli('partitions.ts', ['archive', 'audit_log', oldest], env());
    expect(archived.status, archived.output).toBe(0);
    const table = `audit_log_p${oldest.replace('-', '_')}`;
    expect(archived.output).toContain(`移出为表 ${table}`);
    expect(archived.output).toContain(`pg_dump -t ${table}`);
    const after = await runCli('partitions.ts', ['list'], env());
    expect(after.output).toMatch(new RegExp(`audit_log\\t${oldest}\\t已归档 0 行.*表 ${table} 仍在数据库中`));

    const verify = await runCli('audit-verify.ts', [], env());
    expect(verify.status, verify.output).toBe(0);
    expect(verify.output).toContain('审计日志完整');
  });
});
