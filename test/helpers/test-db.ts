import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Tests never write to the user's history database (~/.local/state/pkgfleet/pkgfleet.db, or
 * whatever PKGFLEET_DB the shell exported). Every test file gets a temporary one in PKGFLEET_DB
 * (test/setup/history-db.ts), which the CLI and `new RunStore()` without a path use: in the test's
 * own process and in every child it starts. A test that wants another database sets PKGFLEET_DB
 * itself (runCli's `env`), or passes --db.
 */
export function useTemporaryDb(): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-test-db-'));
  const file = path.join(dir, 'pkgfleet.db');
  process.env.PKGFLEET_DB = file;
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment a CLI child gets: this test's database unless the test chose one. */
export function testDbEnv(): { PKGFLEET_DB: string } {
  return { PKGFLEET_DB: process.env.PKGFLEET_DB ?? useTemporaryDb().file };
}
