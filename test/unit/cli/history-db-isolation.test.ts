// Tests never write to the user's history database: test/setup/history-db.ts gives every test
// file its own temporary one in PKGFLEET_DB (test/helpers/test-db.ts). A fleet command run by the
// CLI in this process, or by runCli in a child, is recorded there and nowhere else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { resolveDbPath } from '../../../src/store/db-path.js';
import { RunStore } from '../../../src/store/run-store.js';
import { runCli } from '../../helpers/cli.js';
import { cli } from './cli-harness.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-isolation-'));
const inventory = path.join(dir, 'inventory.yml');
writeFileSync(inventory, 'hosts:\n  me: { connection: local }\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs = (): string[] => {
  const db = new Database(process.env.PKGFLEET_DB!, { readonly: true });
  try {
    return db.prepare('SELECT operation FROM runs ORDER BY started_at').pluck().all() as string[];
  } finally {
    db.close();
  }
};

it('PKGFLEET_DB is a temporary file of this test file, never the default database', () => {
  const env = process.env.PKGFLEET_DB;
  expect(env).toBeDefined();
  expect(env!.startsWith(`${os.tmpdir()}${path.sep}pkgfleet-test-db-`)).toBe(true);
  const { PKGFLEET_DB: _ignored, ...withoutIt } = process.env;
  expect(resolveDbPath()).toBe(env);
  expect(resolveDbPath(undefined, withoutIt)).not.toBe(env);
  const store = new RunStore();
  expect(store.path).toBe(env);
  store.close();
});

it('a fleet command run by the CLI in this process and by runCli in a child is recorded in it', async () => {
  const inProcess = await cli('-i', inventory, '--json', 'detect');
  expect(inProcess.code, inProcess.stderr).toBe(0);
  expect(runs()).toEqual(['detect']);
  const child = await runCli(['-i', inventory, '--json', 'list', '--installed']);
  expect(child.code, child.stderr).toBe(0);
  expect(runs()).toEqual(['detect', 'list']);
});
