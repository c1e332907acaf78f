/**
 * Graceful shutdown on SIGTERM/SIGINT (a redeploy, systemd stop, Ctrl-C): nothing a worker or a
 * union officer sent is cut off half-way.
 *
 * 1. Readiness answers 503 at once (health.ts), so a load balancer that probes stops sending work.
 * 2. The server stops accepting connections and answers 503 to requests that arrive on open ones
 *    (nginx then retries them on another process: connection refused means nothing was sent);
 *    requests under way finish — `fastify.close` waits for them.
 * 3. The scheduler takes no new run and finishes the one under way; background jobs this process
 *    started (imports, exports) run to their end.
 * 4. The database closes last (the embedded one flushes and frees its data directory).
 * If that takes longer than the timeout the process exits anyway with code 1: a job cut off is
 * marked failed by the next start (the jobs module's start-up clean-up), never left "running".
 * A second signal during shutdown exits at once.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Lifecycle } from './health.ts';

export interface ShutdownSteps {
  lifecycle: Lifecycle;
  log: FastifyBaseLogger;
  /** Stops listening and waits for requests under way (`app.close`). */
  closeServer: () => Promise<void>;
  /** The scheduler's stop: no new run, the one under way finished. */
  stopScheduler: () => Promise<void>;
  /** Resolves when the background jobs of this process have ended. */
  jobsSettled: () => Promise<void>;
  closeDatabase: () => Promise<void>;
  timeoutMs: number;
  exit: (code: number) => void;
}

/** Installs the handlers; answers the shutdown function (for tests and other callers). */
export function installShutdown(steps: ShutdownSteps, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']) {
  const { lifecycle, log, exit } = steps;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    closing = true;
    lifecycle.startDraining();
    const started = Date.now();
    log.info({ signal, timeoutMs: steps.timeoutMs }, 'shutting down: finishing requests and jobs under way');
    const timer = setTimeout(() => {
      log.error({ signal, timeoutMs: steps.timeoutMs }, 'shutdown took too long: exiting with work unfinished');
      exit(1);
    }, steps.timeoutMs);
    timer.unref();
    try {
      // Requests and scheduled work wind down together; jobs started by the last requests are awaited after both.
      await Promise.all([steps.closeServer(), steps.stopScheduler()]);
      await steps.jobsSettled();
      await steps.closeDatabase();
      clearTimeout(timer);
      log.info({ ms: Date.now() - started }, 'shut down cleanly');
      exit(0);
    } catch (err) {
      clearTimeout(timer);
      log.error({ err }, 'shutdown failed');
      exit(1);
    }
  };
  for (const s of signals) {
    process.on(s, (signal: string) => {
      shutdown(signal).catch(() => exit(1));
    });
  }
  return shutdown;
}
