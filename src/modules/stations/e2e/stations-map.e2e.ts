/**
 * The 工会驿站 map in Chromium, with no tile provider configured (as the demo and the tests run):
 * the provinces' outlines on a plain background and nothing fetched from outside. The 新城区 cadre
 * opens the map beside the list and finds the county's stations in one cluster, clicks it to zoom
 * in and clicks a station to read its hours; a worker's phone opens 驿站地图, zooms into a cluster
 * and gets the station with its navigation links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, signIn, phoneOptions, baseURL, fixturesURL } from '../../../testing/browser.ts';

let browser: Browser;
let staff: Page;
let phone: { page: Page; context: BrowserContext };
/** Every address a page asked for outside the app: none may be asked for without a provider. */
const outside: string[] = [];
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000 });

function watch(page: Page) {
  const base = new URL(baseURL()).origin;
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
  });
}

/** The counts of the clusters shown, and the ids of the single stations shown. */
async function markers(p: Page) {
  const clusters = (await p.locator('[data-testid="map-cluster"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))).sort(
    (a, b) => b - a,
  );
  const stations = await p.locator('[data-testid="map-station"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
  return { clusters, stations };
}

beforeAll(async () => {
  browser = await launchBrowser();
  staff = await newPage(browser);
  staff.context().setDefaultTimeout(30_000);
  watch(staff);
  await signIn(staff, 'xinchengqu_cadre');
  const people = (await (await staff.request.get('/api/people?pageSize=100')).json()).items as { id: number }[];
  const person = people.at(-11)!;
  const session = await fetch(`${fixturesURL()}/worker-session/${person.id}/1358${String(Date.now()).slice(-7)}`, { method: 'POST' });
  expect(session.status).toBe(200);
  const context = await browser.newContext(phoneOptions());
  context.setDefaultTimeout(30_000);
  await context.addCookies([{ name: 'niangjia_wsid', value: await session.text(), domain: '127.0.0.1', path: '/api/m', httpOnly: true, sameSite: 'Lax' }]);
  phone = { context, page: await context.newPage() };
  watch(phone.page);
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('工会驿站 map without a tile provider', () => {
  it('shows staff the county’s stations over the outlines, a cluster zooms in, a station tells its hours', async () => {
    const own = (await (await staff.request.get('/api/stations?pageSize=100')).json()) as { items: { id: number; name: string; status: string }[] };
    const shownOnMap = own.items.filter((s) => s.status !== 'closed');
    expect(shownOnMap.length).toBeGreaterThanOrEqual(2);

    await staff.goto('/stations');
    await staff.getByTestId('stations-view-map').click();
    await staff.getByTestId('station-map').waitFor();
    // The outlines are drawn (Leaflet's canvas), the list is hidden, the schematic is said.
    await staff.locator('.leaflet-overlay-pane canvas').waitFor();
    await staff.getByText('底图未配置：省级行政区轮廓仅为示意').waitFor();
    expect(await staff.getByTestId('stations-table').isVisible()).toBe(false);

    // The map moved to the county: its stations, some in a cluster, all of them counted.
    await poll(async () => {
      const m = await markers(staff);
      return m.clusters.reduce((a, b) => a + b, 0) + m.stations.length;
    }).toBe(shownOnMap.length);
    const before = await markers(staff);
    expect(before.clusters.length).toBeGreaterThan(0);
    await screenshot(staff, 'stations-map-clustered');

    // The map moved in from the whole country (zoom 4) to the county's cluster; a click zooms further.
    const zoom = async () => Number(await staff.getByTestId('station-map').getAttribute('data-zoom'));
    expect(await zoom()).toBeGreaterThan(4);
    const fitted = await zoom();
    await staff.locator('[data-testid="map-cluster"]').first().click();
    await poll(zoom).toBeGreaterThan(fitted);
    await poll(async () => (await markers(staff)).stations.length).toBeGreaterThan(before.stations.length);
    const after = await markers(staff);
    for (const id of after.stations) expect(shownOnMap.map((s) => s.id)).toContain(id);

    const id = after.stations[0]!;
    await staff.locator(`[data-testid="map-station"][data-id="${id}"]`).click();
    const panel = staff.getByTestId('map-selected');
    await panel.getByText(shownOnMap.find((s) => s.id === id)!.name).waitFor();
    expect(await panel.innerText()).toMatch(/开放时间[\s\S]*(24\/7|Mo)/);
    expect(await panel.innerText()).toMatch(/开放中|未开放/);
    await screenshot(staff, 'stations-map-station');
  });

  it('gives a worker’s phone the open stations, a cluster zooms in, a station has navigation links', async () => {
    const { page } = phone;
    await page.goto('/m/stations');
    await page.getByTestId('open-map').click();
    await page.waitForURL(/\/m\/stations\/map$/);
    await page.locator('.nj-title', { hasText: '驿站地图' }).waitFor();
    await page.locator('.leaflet-overlay-pane canvas').waitFor();
    expect(await page.getByTestId('map-attribution').innerText()).toContain('示意');

    // The whole country: every open station is in some marker.
    const open = (await (await page.request.get('/api/public/stations/map?zoom=4')).json()) as { total: number };
    expect(open.total).toBeGreaterThanOrEqual(3);
    await poll(async () => {
      const m = await markers(page);
      return m.clusters.reduce((a, b) => a + b, 0) + m.stations.length;
    }).toBe(open.total);
    await screenshot(page, 'portal-stations-map');

    // The biggest cluster: a tap zooms to where it falls apart.
    const biggest = Math.max(...(await markers(page)).clusters);
    expect(biggest).toBeGreaterThanOrEqual(2);
    await page.locator(`[data-testid="map-cluster"][data-count="${biggest}"]`).click();
    await poll(async () => (await markers(page)).clusters.includes(biggest)).toBe(false);
    // Further in until its stations stand alone.
    for (let i = 0; i < 6 && (await markers(page)).stations.length === 0; i++) {
      const before = await markers(page);
      await page.locator('[data-testid="map-cluster"]').first().click();
      await poll(async () => JSON.stringify(await markers(page)) !== JSON.stringify(before)).toBe(true);
    }
    const id = (await markers(page)).stations[0]!;
    await page.locator(`[data-testid="map-station"][data-id="${id}"]`).click();
    const card = page.getByTestId('map-selected');
    await card.waitFor();
    expect(await card.getByTestId('nav-amap').getAttribute('href')).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=/);
    expect(await card.getByTestId('nav-baidu').getAttribute('href')).toContain('coord_type=bd09ll');
    await screenshot(page, 'portal-stations-map-station');
  });

  it('asked for nothing outside the app (no tiles, no fonts)', () => {
    expect(outside).toEqual([]);
  });
});
