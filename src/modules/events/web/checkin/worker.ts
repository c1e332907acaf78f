/**
 * Registers the check-in page's service worker (served by the server at /checkin-sw.js, scope
 * /checkin/) and hands it the files this page loaded before the worker controlled it, so that the
 * page opens again without a network. Resolves true once the worker has cached them.
 */
const SW_PATH = '/checkin-sw.js';
const SW_SCOPE = '/checkin/';

export async function registerCheckinWorker(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register(SW_PATH, { scope: SW_SCOPE });
    const reg = await navigator.serviceWorker.ready;
    const urls = performance.getEntriesByType('resource').map((e) => e.name);
    return await new Promise<boolean>((resolve) => {
      const done = (event: MessageEvent) => {
        if ((event.data as { type?: string } | null)?.type !== 'cached') return;
        navigator.serviceWorker.removeEventListener('message', done);
        resolve(true);
      };
      navigator.serviceWorker.addEventListener('message', done);
      reg.active?.postMessage({ type: 'cache', urls });
      setTimeout(() => resolve(false), 30_000);
    });
  } catch {
    // Plain HTTP on a LAN address (not a secure context) has no service worker: the page still works while it stays open.
    return false;
  }
}
