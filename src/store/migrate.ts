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
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
    applied.push(step.version);
  }
  return applied;
}
