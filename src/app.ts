import { pino, type Logger } from 'pino';
import { type Clock, type Config, type IdGenerator, randomIds, systemClock } from './core/index.js';
import { type Db, migrateToLatest, openStore, type Store, type StoreKind } from './store/index.js';

/**
 * The composition root: config -> database -> clock -> logger -> `Ctx`. The API, the CLI
 * and the job runner are built from a `Ctx`; nothing else holds a database handle.
 */
export interface Ctx {
  db: Db;
  clock: Clock;
  config: Readonly<Config>;
  log: Logger;
  ids: IdGenerator;
  storeKind: StoreKind;
}

export interface App {
  ctx: Ctx;
  store: Store;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  ids?: IdGenerator;
  log?: Logger;
  /** Apply pending migrations before returning (the server and the CLI do). */
  migrate?: boolean;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel });
}

export async function createApp(config: Readonly<Config>, options: AppOptions = {}): Promise<App> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate ?? true) await migrateToLatest(store.db);
  const clock = options.clock ?? systemClock;
  const ctx: Ctx = {
    db: store.db,
    clock,
    config,
    log: options.log ?? createLogger(config),
    ids: options.ids ?? randomIds(clock),
    storeKind: store.kind,
  };
  return { ctx, store, close: () => store.close() };
}

/** A context over an already open store (tests and the simulator). */
export function contextFor(store: Store, config: Readonly<Config>, options: AppOptions = {}): Ctx {
  const clock = options.clock ?? systemClock;
  return {
    db: store.db,
    clock,
    config,
    log: options.log ?? pino({ level: 'silent' }),
    ids: options.ids ?? randomIds(clock),
    storeKind: store.kind,
  };
}
