import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder for a database file; remove() deletes it. */
export function tempDbPath(): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-store-'));
  return { file: path.join(dir, 'state', 'pkgfleet.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
