import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installErrorHandler } from './errors.ts';
import type { AppDeps } from './module.ts';
import { MODULES } from './modules.ts';
import { consoleSms, type SmsSender } from './sms.ts';
import { Lifecycle, registerHealthRoutes } from './health.ts';
import { installMetrics, registerMetricsRoute, type PoolStats } from './metrics.ts';
import { installRequestIds, requestIdMixin, requestIdOf } from './request-id.ts';
import { registerBackupRoute, type Snapshot } from './backup.ts';
import { installReadRouting } from './read-routing.ts';
import type { ReadReplica } from './replica.ts';

/**
 * What building the app needs; the logger is the app's own, the modules default to all of them and
 * text messages to the server log.
 */
export type AppInputs = Omit<AppDeps, 'log' | 'modules' | 'sms'> & {
  modules?: AppDeps['modules'];
  sms?: SmsSender;
  /** Whether the process is shutting down (readiness then answers 503); main.ts shares it with its signal handler. */
  lifecycle?: Lifecycle;
  /** The PostgreSQL pool's connections, for `/metrics`. */
  poolStats?: () => PoolStats;
  /** On an embedded database: the snapshot `npm run backup` asks for, and the token it must show (backup.ts). */
  backup?: { token: string; snapshot: () => Promise<Snapshot> };
  /** The streaming replica that routes declared `reads: 'replica'` read from (`DATABASE_READ_URL`); `db` already routes to it. */
  replica?: ReadReplica;
};

function appDeps(app: FastifyInstance, inputs: AppInputs): AppDeps {
  const { lifecycle: _lifecycle, poolStats: _poolStats, backup: _backup, replica: _replica, ...rest } = inputs;
  return { ...rest, modules: inputs.modules ?? MODULES, log: app.log, sms: inputs.sms ?? consoleSms(app.log) };
}

/** Uploads (spreadsheets) are capped here; each import route checks type and content. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function buildApp(inputs: AppInputs, opts: FastifyServerOptions & { logStream?: { write(line: string): void } } = {}) {
  const { logStream, ...fastifyOpts } = opts;
  const app = Fastify({
    logger: {
      level: inputs.config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization'],
      mixin: requestIdMixin,
      ...(logStream ? { stream: logStream } : {}),
    },
    // The id nginx or the client sent, when it is a plain token; see request-id.ts.
    requestIdHeader: false,
    genReqId: requestIdOf,
    trustProxy: inputs.config.trustProxy,
    bodyLimit: 1024 * 1024,
    ...fastifyOpts,
  }).withTypeProvider<ZodTypeProvider>();
  const deps = appDeps(app, inputs);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installReadRouting(app, { replica: inputs.replica, stickySeconds: deps.config.replicaStickySeconds, cookieSecure: deps.config.cookieSecure });
  installRequestIds(app);
  // The first probe decides before the first request whether reads may go to the replica.
  await inputs.replica?.start(app.log);
  const metrics = installMetrics(app, { db: deps.db, modules: deps.modules, poolStats: inputs.poolStats, replica: inputs.replica });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // antd writes its styles at run time; scripts stay same-origin only.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'script-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Served over plain HTTP on a laptop as often as behind HTTPS; HSTS belongs to the HTTPS proxy.
    strictTransportSecurity: false,
  });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '娘家人 Niangjia API', description: '工会职工服务平台接口。登录后以 Cookie 会话访问；写操作须带 X-CSRF-Token 请求头。', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });

  for (const m of deps.modules) m.install?.(app, deps);

  registerHealthRoutes(app, deps.db, inputs.lifecycle ?? new Lifecycle());
  registerMetricsRoute(app, metrics, deps.config.metricsToken);
  if (inputs.backup) registerBackupRoute(app, inputs.backup);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const m of deps.modules) m.routes?.(app, deps);

  await serveWebApp(app, deps.config.webDir);
  return app;
}

/**
 * Each module's start-up work (clean-up, once-per-version refreshes), in module order, before the
 * server listens. Answers the modules' deps, which scheduled work runs with too.
 */
export async function startModules(app: FastifyInstance, inputs: AppInputs): Promise<AppDeps> {
  const deps = appDeps(app, inputs);
  for (const m of deps.modules) await m.start?.(deps);
  return deps;
}

/**
 * The built web app, with every non-API path answered by index.html (client-side routing), and
 * every path under /m/ by the worker portal's m/index.html. Files
 * go out as the build's brotli or gzip copies when the browser takes them. Files under /assets
 * carry a hash of their content in their name, so browsers keep them for a year without asking;
 * everything else (index.html, which names the current hashes) is checked again on every load.
 */
async function serveWebApp(app: FastifyInstance, webDir: string) {
  const index = path.join(webDir, 'index.html');
  const built = fs.existsSync(index);
  const assets = path.join(webDir, 'assets') + path.sep;
  if (built)
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ message: '接口不存在', fields: [] });
    }
    if (!built) return reply.status(503).type('text/plain; charset=utf-8').send('网页尚未构建：请运行 npm run build 后重启服务。');
    // The worker portal is an app of its own under /m/ (its own page, its own small bundle).
    if (/^\/m(\/|\?|$)/.test(req.url)) return reply.sendFile('m/index.html');
    return reply.sendFile('index.html');
  });
}
