/**
 * What a module is to the server: one manifest that declares everything the app needs from it.
 * The composition root (`modules.ts`) lists the manifests; `app.ts` and `main.ts` read them. This
 * file is platform: it imports no module, and modules import their needs from here, never from
 * the composition root.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database, Db, DbOrTx } from './db.ts';
import type { FieldCipher } from './crypto.ts';
import type { Permission, PermissionDefs } from '../shared/permissions.ts';
import type { Actor } from './actor.ts';
import type { Scope } from './scope.ts';
import type { SmsSender } from './sms.ts';
import type { WorkerActor } from './worker.ts';

/** What every module's routes and start-up work receive. */
export interface AppDeps {
  db: Db;
  config: Config;
  /** Encrypts and indexes personal identifiers (see crypto.ts). */
  cipher: FieldCipher;
  /** Bulk loading (COPY) for imports. */
  copyInto: Database['copyInto'];
  /** The app's logger (pino): background work logs here, never to the console. */
  log: FastifyBaseLogger;
  /** Every module of the app, for the few things one module collects from all (references, permissions). */
  modules: readonly ModuleManifest[];
  /** Text messages to workers' phones (the provider is a setting; see sms.ts). */
  sms: SmsSender;
}

/**
 * A column that points at a person (`persons.id`). A merge moves every such reference to the
 * surviving record and an undo moves exactly those rows back; a test checks that every foreign key
 * to `persons` in the database is declared by some module.
 */
export interface PersonReference {
  /** Table and column names as in SQL. */
  table: string;
  column: string;
  /** The table's primary key column (the rows a merge moved are remembered by it). */
  idColumn: string;
  /**
   * Other columns of a unique key that includes the person column: a row of the merged record
   * that the survivor already has (same values there) stays where it is instead of breaking the key.
   * An empty list: the person column alone is unique (one row per person), so the merged record's
   * row stays where it is when the survivor has one.
   */
  uniqueWith?: readonly string[];
}

/**
 * A column that copies a union's path (`orgs.path`) so scoped reads need no join: it says where a
 * record sits in the tree today, so it follows the tree when a union moves (the move rewrites it in
 * the same transaction). History — which union served, whose budget paid, how much, when — lives in
 * id, amount and date columns, which a move never touches. A test checks that every `org_path`
 * column in the database is declared by some module.
 */
export interface OrgPathCopy {
  /** Table and column names as in SQL. */
  table: string;
  column: string;
}

/**
 * An append-only table partitioned by month (China time) of a time column — a table that grows
 * without end. The partitions are made ahead (src/server/partitions.ts); a month past keeping is
 * detached for archive, oldest first. A test checks that every partitioned table in the database
 * is declared by some module.
 */
export interface PartitionedTable {
  /** Table and column names as in SQL. */
  table: string;
  column: string;
  /**
   * In the detach's transaction, before the month leaves: check it (throw Conflict to refuse) and
   * return what its archive record must keep — for a hash chain, its ends at the cut, signed.
   */
  beforeDetach?: (tx: DbOrTx, month: { partition: string; month: string; rows: number }) => Promise<PartitionArchiveFacts | undefined>;
}

/** What an archive record keeps of a hash-chained month, besides its row count. */
export interface PartitionArchiveFacts {
  firstId: number;
  lastId: number;
  firstPrevHash: string;
  lastHash: string;
  signature: string;
}

/** A union being moved with its whole subtree, as the module hook sees it (before paths are rewritten). */
export interface OrgMove {
  /** Who moves it (for the modules' audit entries). */
  actor: Actor;
  orgId: number;
  orgName: string;
  /** The union's path before and after the move; every path starting with `fromPath` becomes `toPath` + the rest. */
  fromPath: string;
  toPath: string;
  newParent: { id: number; name: string; path: string };
}

/** A figure the statistics module can roll up the tree: counted from the module's own tables. */
export interface MetricDefinition {
  /** Stable key, `module.metric` (e.g. `campaigns.handouts`). */
  key: string;
  /** Chinese label as shown in reports. */
  label: string;
  /** 人次 (person-times), 人 (distinct persons), 元 (money, stored in fen), 个 (things), 场 (sessions held), 小时 (time, kept in minutes). */
  unit: '人次' | '人' | '元' | '个' | '场' | '小时';
  /** What it counts, in one sentence (shown beside the figure, so every number is traceable). */
  description: string;
}

/** A figure of the database's state, read at each scrape (declared by a module's manifest, served at `/metrics`). */
export interface DatabaseGauge {
  /** `niangjia_<module>_<what>`. */
  name: string;
  help: string;
  labelNames: readonly string[];
  /** One query: the current values with their labels (a label set left out of the answer is left out of the figures). */
  read: (db: Db) => Promise<{ labels: Record<string, string>; value: number }[]>;
}

/** What background work runs with. */
export interface JobContext {
  db: Db;
  log: FastifyBaseLogger;
}

export interface ScheduleContext extends JobContext {
  /** The due time this run serves (a late run still serves it, once). */
  dueAt: Date;
  /** The app's field cipher and text-message sender (the app's scheduler passes them; a test may leave them out). */
  cipher?: FieldCipher;
  sms?: SmsSender;
}

/** Recurring work, declared by a module. Runs on exactly one app process among several (the jobs module's scheduler). */
export interface Schedule {
  /** Unique name, `module.task`; it keys the schedule's row, so renaming it starts a new schedule. */
  name: string;
  /** Interval between due times; the first run is due when the schedule is first seen. */
  everyMinutes: number;
  run: (ctx: ScheduleContext) => Promise<void>;
}

/** A union of the demo tree, as the base dataset (server/demo) built it. */
export interface DemoOrg {
  id: number;
  path: string;
  name: string;
  type: string;
  parentId: number | null;
  divisionCode: string | null;
}

export interface DemoContext {
  root: DemoOrg;
  /** Every union of the demo tree. */
  orgs: readonly DemoOrg[];
  /** A demo union by its full name; throws when the base dataset has none of that name. */
  org: (name: string) => DemoOrg;
  /** Demo account ids by username. */
  accounts: ReadonlyMap<string, number>;
  cipher: FieldCipher;
  /** Today in China (YYYY-MM-DD): demo dates are relative to it. */
  today: string;
}

/**
 * One line of a person's record (the person page): something the union holds or did for them.
 * Plain Chinese data and fixed labels, so the page shows it as it is (繁體 by conversion, English
 * by the labels' dictionary entries).
 */
export interface PersonRecordRow {
  /** The day it happened or began (YYYY-MM-DD), or null for a standing fact. */
  date: string | null;
  /** What it was: a campaign's name, a file's number, a tag. */
  what: string;
  /** More of what: the goods of a package, an assistance's type and fund source. */
  detail: string | null;
  /** Money in fen (negative for a reversal), when money moved. */
  amountFen: number | null;
  /** Where: the union or distribution point. */
  place: string | null;
  /** A fixed label of its state (帮扶中, 已冲正, 会员 …). */
  state: string | null;
  /** The page it links to (`/campaigns/12`), or null. */
  link: string | null;
  /** A correcting line (冲正) that cancels an earlier one. */
  reversal: boolean;
}

/** A module's part of a person's record: one titled list. */
export interface PersonRecordSection {
  /** Stable key, `module.part` (e.g. `campaigns.handouts`). */
  kind: string;
  /** Chinese title as shown. */
  title: string;
  /** What the page says when the list is empty. */
  empty: string;
  rows: PersonRecordRow[];
}

/**
 * A module's sections of one person's record. The person was found in `scope` already; the module
 * reads its own tables through the same scope, so the record shows only what the caller's subtree
 * may see (a hand-out another county gave stays out of a county's view of the person).
 */
export type PersonRecordSource = (db: DbOrTx, scope: Scope, personId: number) => Promise<PersonRecordSection[]>;

/** One thing waiting for someone (待办), as the inbox lists it. */
export interface InboxItem {
  /** The record's id, unique within its kind. */
  id: number;
  /** What it is (a campaign's name, a worker's name and file number). */
  title: string;
  /** Where and by whom, in a few words; null when the title says it all. */
  subtitle: string | null;
  /** Since when it waits (ISO date or time): the oldest come first. */
  since: string;
  /** The web page where the action is taken, e.g. `/campaigns/12`. */
  link: string;
}

/**
 * A kind of thing waiting for someone, contributed by the module that owns the step: the inbox
 * (待办) lists, per account, what the account may act on now — only what its scope reaches, and
 * never what the four-eyes rule keeps from it (a file it filed is not in its own verify list).
 */
export interface InboxSource {
  /** Stable key, `module.step` (e.g. `campaigns.approve`). */
  kind: string;
  /** Chinese label of the group, as the inbox shows it (待审批的慰问活动). */
  label: string;
  /** Accounts without it never see the group. */
  permission: Permission;
  /** How many wait for this actor, and the `limit` oldest from `offset` (one query). */
  list: (db: DbOrTx, actor: Actor, page: { limit: number; offset: number }) => Promise<{ total: number; items: InboxItem[] }>;
}

/**
 * A module's figures under its tile on the worker's home page (职工端首页): a few counts that
 * concern the signed-in worker (`{ toPickUp: 1 }`), read with one cheap indexed query. The portal
 * gathers every module's into one answer (`GET /api/m/home`), so the home page costs one request
 * however many modules add tiles; the page words the counts in the worker's language.
 */
export type PortalHomeSource = (db: DbOrTx, worker: WorkerActor) => Promise<Record<string, number>>;

export interface ModuleManifest {
  /** The folder name under `src/modules/`. */
  name: string;
  /** The Chinese name staff know the module by. */
  label: string;
  /** Permissions the module defines, with their labels and the roles that hold them. */
  permissions?: PermissionDefs;
  /** Request-wide hooks installed before any module's routes (sessions). */
  install?: (app: FastifyInstance, deps: AppDeps) => void;
  /** The module's HTTP routes. */
  routes?: (app: FastifyInstance, deps: AppDeps) => void;
  /** Work at every start, before the server listens (clean-up, once-per-version refreshes). */
  start?: (deps: AppDeps) => Promise<void>;
  /** Recurring work. */
  schedules?: readonly Schedule[];
  /** Columns of the module's tables that point at a person. */
  personReferences?: readonly PersonReference[];
  /** Columns of the module's tables that copy a union's path (they follow the tree on a move). */
  orgPathCopies?: readonly OrgPathCopy[];
  /** The module's append-only tables partitioned by month. */
  partitionedTables?: readonly PartitionedTable[];
  /**
   * Runs inside a union's move, before the paths are rewritten: carry the module's own facts along
   * (e.g. a running campaign's allocation) or refuse the whole move with a Chinese explanation
   * (throw Invalid/Conflict). Never leaves the module half moved: it shares the move's transaction.
   */
  onOrgMove?: (tx: DbOrTx, move: OrgMove) => Promise<void>;
  /** Figures the module contributes to statistics. */
  metrics?: readonly MetricDefinition[];
  /** Figures of its tables' current state for the operators' monitoring (`/metrics`), read at each scrape. */
  gauges?: readonly DatabaseGauge[];
  /** The module's sections of a person's record (the person page), read through the caller's scope. */
  personRecord?: PersonRecordSource;
  /** What waits for someone in this module (the inbox, 待办, collects them from every manifest). */
  inbox?: readonly InboxSource[];
  /** The counts under the module's tile on the worker's home page (and the 消息 tab's badge). */
  portalHome?: PortalHomeSource;
  /** Demo data on first start (embedded database only), after the base tree, accounts and people. */
  demo?: (tx: DbOrTx, ctx: DemoContext) => Promise<unknown>;
}

/** Identity function that type-checks a manifest where it is written. */
export function defineModule(m: ModuleManifest): ModuleManifest {
  return m;
}
