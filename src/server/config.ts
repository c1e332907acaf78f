import path from 'node:path';
import { projectRoot } from './paths.ts';
import { readSmsConfig, type SmsConfig } from './sms.ts';

/**
 * A WeChat official account (公众号) for the worker portal: inside WeChat a worker who signed in by
 * phone once may sign in silently by their openid (OAuth snsapi_base). The two base URLs are
 * WeChat's own unless set (tests point them at a fake).
 */
export interface WechatConfig {
  appId: string;
  secret: string;
  /** Where the browser is sent to authorize: `https://open.weixin.qq.com`. */
  oauthBase: string;
  /** Where the server exchanges the code: `https://api.weixin.qq.com`. */
  apiBase: string;
}

/** Everything the server reads from the environment, parsed once at start. */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL server URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /**
   * Connections each app process keeps to the PostgreSQL server at most. More than the database's
   * cores can keep busy only queue inside the server, where the waits are longest for the unlucky.
   */
  databasePoolSize: number;
  /**
   * A streaming replica of `databaseUrl` that lag-tolerant reads (statistics, exports, large lists)
   * go to; undefined: every read goes to the primary. Ignored on the embedded database.
   */
  databaseReadUrl: string | undefined;
  /** Connections each app process keeps to the replica at most. */
  databaseReadPoolSize: number;
  /** After a successful write, this browser's reads go to the primary for this long (read-your-writes). */
  replicaStickySeconds: number;
  /** A replica further behind than this (or unreachable) gets no reads until it catches up. */
  replicaMaxLagSeconds: number;
  /** How often each process measures the replica's lag and reachability. */
  replicaProbeSeconds: number;
  dataDir: string;
  /** Load the demo tree and accounts on first start (embedded database only). */
  demo: boolean;
  adminPassword: string | undefined;
  /** Send cookies with `Secure`; on by default when served behind HTTPS (TRUST_PROXY + X-Forwarded-Proto). */
  cookieSecure: boolean | 'auto';
  /**
   * Which proxies in front may tell the client's address (X-Forwarded-For) and protocol: `false`
   * (none, the default) or their addresses and CIDRs. Login throttling counts by the client's
   * address: without this behind a proxy every user shares the proxy's address.
   */
  trustProxy: boolean | string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  logLevel: string;
  webDir: string;
  rootOrgName: string;
  /**
   * An import of at least this many new people, and at least as many as are registered, locks the
   * registry while it rebuilds its indexes instead of inserting into them (much faster for the
   * first roster of a province).
   */
  importBulkMinRows: number;
  /** Text messages to workers' phones (README, 短信). */
  sms: SmsConfig;
  /** The WeChat official account, or null when none is configured. */
  wechat: WechatConfig | null;
  /** The map tiles' provider (README, 地图), or null: region outlines on a plain background. */
  map: MapConfig | null;
  /** A bearer token that lets a scraper on another machine read `/metrics`; null: this machine only. */
  metricsToken: string | null;
  /** How long a shutdown waits for requests and jobs in flight before the process exits anyway. */
  shutdownTimeoutSeconds: number;
}

/**
 * A map tile provider: 天地图 (WGS-84/CGCS2000, needs a key) or 高德 (GCJ-02). A map shown to the
 * public carries the provider's 审图号 (map approval number), so it must be given with the provider.
 */
export interface MapConfig {
  provider: 'tianditu' | 'amap';
  key: string | null;
  /** The 审图号 shown on the map, e.g. `GS(2024)1234号`. */
  approval: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = projectRoot();
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 必须是非负整数，当前为「${raw}」`);
    return n;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  const databasePoolSize = Math.max(1, int('DATABASE_POOL_SIZE', 10));
  return {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000),
    databaseUrl,
    databasePoolSize,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    databaseReadPoolSize: Math.max(1, int('DATABASE_READ_POOL_SIZE', databasePoolSize)),
    replicaStickySeconds: int('REPLICA_STICKY_SECONDS', 15),
    replicaMaxLagSeconds: Math.max(1, int('REPLICA_MAX_LAG_SECONDS', 30)),
    replicaProbeSeconds: Math.max(1, int('REPLICA_PROBE_SECONDS', 5)),
    dataDir: path.resolve(env.DATA_DIR || path.join(root, 'data')),
    // Demo data never goes into a server database, whatever the flag says.
    demo: databaseUrl === undefined && flag('NIANGJIA_DEMO', true),
    adminPassword: env.NIANGJIA_ADMIN_PASSWORD || undefined,
    cookieSecure: env.COOKIE_SECURE === undefined || env.COOKIE_SECURE === '' ? 'auto' : flag('COOKIE_SECURE', false),
    trustProxy: trustProxy(env.TRUST_PROXY),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 8 * 60),
    sessionMaxHours: int('SESSION_MAX_HOURS', 7 * 24),
    logLevel: env.LOG_LEVEL || 'info',
    webDir: path.join(root, 'dist', 'web'),
    rootOrgName: env.NIANGJIA_ROOT_ORG_NAME || '中华全国总工会',
    importBulkMinRows: int('NIANGJIA_IMPORT_BULK_ROWS', 50_000),
    sms: readSmsConfig(env),
    wechat: readWechatConfig(env),
    map: readMapConfig(env),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    shutdownTimeoutSeconds: int('SHUTDOWN_TIMEOUT_SECONDS', 25),
  };
}

function metricsToken(raw: string | undefined): string | null {
  const token = raw?.trim();
  if (!token) return null;
  // A short token could be guessed by whoever can reach the port; 16 characters is openssl rand -hex 8 at least.
  if (token.length < 16) throw new Error('环境变量 METRICS_TOKEN 至少 16 个字符（可用 openssl rand -hex 24 生成）');
  return token;
}

function readMapConfig(env: NodeJS.ProcessEnv): MapConfig | null {
  const provider = env.NIANGJIA_MAP_PROVIDER?.trim().toLowerCase();
  if (!provider || provider === 'none') return null;
  if (provider !== 'tianditu' && provider !== 'amap') throw new Error(`环境变量 NIANGJIA_MAP_PROVIDER 须为 tianditu、amap 或 none，当前为「${provider}」`);
  const key = env.NIANGJIA_MAP_KEY?.trim() || null;
  if (provider === 'tianditu' && !key) throw new Error('使用天地图须设置环境变量 NIANGJIA_MAP_KEY（天地图“浏览器端”密钥）');
  const approval = env.NIANGJIA_MAP_APPROVAL?.trim();
  // The number changes as the provider renews it, so it is not guessed here: it is what the provider's own map shows.
  if (!approval) throw new Error('设置地图服务商时须同时设置 NIANGJIA_MAP_APPROVAL（该服务商底图的审图号，如 GS(2024)1234号）');
  return { provider, key, approval };
}

function readWechatConfig(env: NodeJS.ProcessEnv): WechatConfig | null {
  const appId = env.WECHAT_APPID?.trim();
  const secret = env.WECHAT_SECRET?.trim();
  if (!appId && !secret) return null;
  if (!appId || !secret) throw new Error('环境变量 WECHAT_APPID 与 WECHAT_SECRET 须同时设置（见 README「微信公众号」）');
  const base = (name: string, fallback: string) => (env[name]?.trim() || fallback).replace(/\/+$/, '');
  return { appId, secret, oauthBase: base('WECHAT_OAUTH_BASE', 'https://open.weixin.qq.com'), apiBase: base('WECHAT_API_BASE', 'https://api.weixin.qq.com') };
}

/**
 * `TRUST_PROXY`: off, or the proxies' addresses/CIDRs (comma-separated; also `loopback`,
 * `uniquelocal`). `1` (or `true`) means a proxy on this machine — nginx in front of an app on
 * 127.0.0.1. Trusting any sender, or a hop count (which Fastify refuses), would let a client that
 * reaches the app directly name its own address in X-Forwarded-For.
 */
function trustProxy(raw: string | undefined): boolean | string {
  const value = (raw ?? '').trim();
  if (value === '' || ['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return 'loopback';
  return value;
}
