import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `history database schema is version ${found}, this pkgfleet knows up to ${supported}: ` +
        'upgrade pkgfleet, or point PKGFLEET_DB at another file',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every step after the database's current version, each in its own transaction together
 * with the version bump, so a failed step leaves the previous version intact.
 * `target` stops early (tests build old databases with it). Returns the versions applied.
 *
 * Several processes may open a new database at once (two runs started together): each step's
 * transaction is BEGIN IMMEDIATE (the write lock, waiting up to busy_timeout) and reads
 * user_version again under that lock, so a step another process has applied meanwhile is skipped.
 */
export function migrate(
  db: Database,
  target: number = MIGRATIONS.length,
  steps: readonly Migration[] = MIGRATIONS,
): number[] {
  const current = schemaVersion(db);
  if (current > steps.length) throw new SchemaTooNewError(current, steps.length);
  const applied: number[] = [];
  for (const step of steps) {
    if (step.version <= current || step.version > target) continue;
    const ran = db
      .transaction((): boolean => {
        const now = schemaVersion(db);
        if (now > steps.length) throw new SchemaTooNewError(now, steps.length);
        if (now >= step.version) return false;
        db.exec(step.sql);
        db.pragma(`user_version = ${step.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(step.version);
  }
  return applied;
}
