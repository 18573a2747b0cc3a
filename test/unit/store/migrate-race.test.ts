// Processes opening the same NEW history database at the same moment (pkgfleet runs started
// together by cron, a schedule and a person): each saw schema version 0 and tried to apply the
// same migrations ("table runs already exists"), and switching the new file to WAL failed with
// "database is locked" without waiting. Real processes, because SQLite's locks are between
// processes: src/store is bundled with esbuild (better-sqlite3 stays external), run by node.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../src/store/migrations.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ROUNDS = 40;
const PROCESSES = 3;

let dir: string;
let child: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-migrate-race-'));
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { openDatabase } from ${JSON.stringify(path.join(REPO, 'src/store/database.ts'))};`,
      `export { schemaVersion } from ${JSON.stringify(path.join(REPO, 'src/store/migrate.ts'))};`,
    ].join('\n'),
  );
  // better-sqlite3 (native) is not bundled: the bundle imports it from this repository by path.
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: path.join(dir, 'store.mjs'),
    logLevel: 'error',
    plugins: [{ name: 'sqlite-by-path', setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true })) }],
  });
  // The child: for each round, wait at a barrier (every process has written its ready file), then
  // open that round's new database and report the schema version it found, or the error.
  child = path.join(dir, 'child.mjs');
  writeFileSync(
    child,
    String.raw`
import { existsSync, writeFileSync } from 'node:fs';
import { openDatabase, schemaVersion } from './store.mjs';
const [dir, me, n, rounds] = process.argv.slice(2);
const out = [];
for (let r = 0; r < Number(rounds); r++) {
  writeFileSync(dir + '/ready-' + r + '-' + me, '');
  const deadline = Date.now() + 10000;
  for (let o = 0; o < Number(n); o++) while (!existsSync(dir + '/ready-' + r + '-' + o) && Date.now() < deadline);
  try {
    const db = openDatabase(dir + '/db-' + r + '/pkgfleet.db');
    out.push({ round: r, version: schemaVersion(db) });
    db.close();
  } catch (e) {
    out.push({ round: r, error: String(e && e.message) });
  }
}
process.stdout.write(JSON.stringify(out));
`,
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(me: number): Promise<Array<{ round: number; version?: number; error?: string }>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, String(me), String(PROCESSES), String(ROUNDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child ${me} exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout));
    });
  });
}

it(`${PROCESSES} processes opening the same new database at once, ${ROUNDS} times: no error, every one at the latest schema`, { timeout: 120_000 }, async () => {
  const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => run(i)));
  for (const [i, rounds] of results.entries()) {
    expect(rounds, `process ${i}`).toHaveLength(ROUNDS);
    expect(rounds.filter((r) => r.error), `process ${i}`).toEqual([]);
    expect(new Set(rounds.map((r) => r.version)), `process ${i}`).toEqual(new Set([LATEST_SCHEMA_VERSION]));
  }
  // Each file: the latest schema, each migration applied once (a second CREATE TABLE would have failed).
  for (let r = 0; r < ROUNDS; r++) {
    const db = new Database(path.join(dir, `db-${r}`, 'pkgfleet.db'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'`).pluck().get()).toBe(1);
    db.close();
  }
});
