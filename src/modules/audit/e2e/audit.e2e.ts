import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, waitOrTell } from '../../../testing/browser.ts';
import { E2E_ADMIN_PASSWORD } from '../../../testing/e2e-setup.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

describe('审计日志 in the browser', () => {
  it('the system administrator checks the whole chain; a league auditor may not', async () => {
    const admin = await newPage(browser);
    await signIn(admin, 'admin', E2E_ADMIN_PASSWORD);
    await admin.goto('/audit');
    await admin.getByRole('button', { name: '校验日志完整性' }).click();
    // The check reads the whole chain: by the time this runs, the other browser tests on this server
    // have written thousands of entries, and on a loaded machine that takes more than the usual 10 s.
    await waitOrTell(admin.getByTestId('audit-verify-ok'), { timeout: 90_000 });
    expect(await admin.getByTestId('audit-verify-ok').textContent()).toMatch(/\d+/);
    await screenshot(admin, 'audit-verify');
    await admin.keyboard.press('Escape');

    // The signed anchors, to keep offline: a JSON file with the public key that checks them.
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: '下载签名锚点' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志签名锚点-\d{4}-\d{2}-\d{2}\.json$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'niangjia-anchors-')), 'anchors.json');
    await download.saveAs(file);
    const anchors = JSON.parse(fs.readFileSync(file, 'utf8')) as { algorithm: string; publicKey: string; anchors: unknown[] };
    expect(anchors).toMatchObject({ algorithm: 'Ed25519', anchors: expect.any(Array) });
    expect(Buffer.from(anchors.publicKey, 'base64')).toHaveLength(32);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await admin.context().close();

    const auditor = await newPage(browser);
    await signIn(auditor, 'nmg_auditor');
    await auditor.goto('/audit');
    await auditor.getByRole('button', { name: '校验日志完整性' }).click();
    await expect.poll(() => auditor.getByTestId('audit-verify-refused').count()).toBe(1);
    await auditor.context().close();
  });
});
