import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { InventoryError } from '../../../src/inventory/index.js';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files (arrays are lines joined with \n, so line numbers can be read off) into a new temp dir. */
export function writeFiles(files: Record<string, string | string[]>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-inv-'));
  created.push(dir);
  for (const [name, body] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, Array.isArray(body) ? `${body.join('\n')}\n` : body);
  }
  return dir;
}

/** Runs fn, expects an InventoryError, returns it. */
export function inventoryError(fn: () => unknown): InventoryError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InventoryError);
    return e as InventoryError;
  }
  throw new Error('expected an InventoryError, nothing was thrown');
}
