import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

export interface OpenDatabaseOptions {
  /** ms to wait for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Stop migrating at this schema version (tests build old databases with it). */
  schemaVersion?: number;
}

/**
 * Opens (creating it and its folder, mode 0700, if needed) and migrates the history database.
 * WAL lets `pkgfleet history` read while a run writes; foreign keys are off by default in SQLite.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    const busyMs = Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000));
    db.pragma(`busy_timeout = ${busyMs}`);
    enableWal(db, busyMs);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A rescan touches one leaf of the by-name index per changed package: keep them cached.
    db.pragma('cache_size = -32768');
    db.pragma('temp_store = MEMORY');
    migrate(db, opts.schemaVersion);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * journal_mode = WAL needs the file to itself for a moment. When other processes open the same
 * new database at that moment, SQLite answers SQLITE_BUSY at once instead of waiting busy_timeout
 * (seen with three processes opening one new file), so the wait is done here.
 */
function enableWal(db: Database.Database, waitMs: number): void {
  const until = Date.now() + waitMs;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
  }
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, compiled once per connection: for statements run once per host (recording
 * a host's result), where compiling the SQL again each time cost more than running it.
 */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let st = byText.get(sql);
  if (!st) byText.set(sql, (st = db.prepare(sql)));
  return st;
}
