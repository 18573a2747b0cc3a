import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/database.js';
import { migrate, schemaVersion, SchemaTooNewError } from '../../../src/store/migrate.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/migrations.js';
import { RunStore } from '../../../src/store/run-store.js';
import { changedHost } from './helpers-fleet.js';
import { tempDbPath } from './tmp-db.js';

let tmp: ReturnType<typeof tempDbPath>;
beforeEach(() => (tmp = tempDbPath()));
afterEach(() => tmp.remove());

const tables = (db: Database.Database) =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];

describe('schema migrations', () => {
  it('numbers its steps 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('upgrades a v1 database holding a run to the current schema, keeping the run', () => {
    // A database as the first release wrote it: schema v1, one finished run.
    const v1 = openDatabase(tmp.file, { schemaVersion: 1 });
    expect(schemaVersion(v1)).toBe(1);
    expect(tables(v1)).not.toContain('idx_packages');
    v1.prepare(
      `INSERT INTO runs (id, started_at, finished_at, status, operation, args, user, check_mode, count_changed)
       VALUES ('01JDOLDRUN0000000000000000', 1732528800000, 1732528805000, 'complete', 'upgrade', '["openssl"]', 'bob', 0, 1)`,
    ).run();
    v1.prepare(
      `INSERT INTO host_results (run_id, host, status, manager, duration_ms, finished_at)
       VALUES ('01JDOLDRUN0000000000000000', 'web-01', 'changed', 'apt', 4000, 1732528805000)`,
    ).run();
    v1.close();

    const store = new RunStore({ path: tmp.file, hostname: 'controller-1' });
    expect(schemaVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(store.db)).toEqual(expect.arrayContaining(['runs', 'idx_hosts', 'idx_scans', 'idx_packages']));
    const old = store.getRun('01JDOLDRUN0000000000000000')!;
    expect(old).toMatchObject({ operation: 'upgrade', args: ['openssl'], user: 'bob', status: 'complete', durationMs: 5000 });
    expect(old.hosts).toEqual([{ host: 'web-01', status: 'changed', manager: 'apt', changes: [], durationMs: 4000 }]);
    // ...and the v2 part works on the upgraded file.
    store.recordScan('web-01', {
      manager: 'apt',
      installed: [{ name: 'openssl', version: '3.0.13-1~deb12u1', arch: 'amd64' }],
      upgradable: [],
      scannedAt: new Date('2026-11-25T10:00:00Z'),
    });
    expect(store.queryPackage('openssl').map((h) => h.version)).toEqual(['3.0.13-1~deb12u1']);
    const runId = store.startRun({ operation: 'update', args: [], check: false });
    store.recordHost(runId, changedHost('web-01', []));
    expect(store.listRuns().length).toBe(2);
    store.close();
  });

  it('does nothing on a current database', () => {
    openDatabase(tmp.file).close();
    const db = new Database(tmp.file);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('refuses a database from a newer pkgfleet', () => {
    const db = new Database(tmp.file.replace(/state\/pkgfleet\.db$/, 'newer.db'));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    db.close();
  });

  it('rolls a failing step back and keeps the previous version', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, description: 'ok', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, description: 'broken', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, 2, steps)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
    db.close();
  });
});
