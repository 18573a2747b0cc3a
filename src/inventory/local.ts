import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Inventory } from './types.js';

/** Looked for in the working directory, in this order, when no inventory is given. */
export const DEFAULT_INVENTORY_NAMES = ['pkgfleet.yml', 'inventory.yml', 'fleet.yml'] as const;

/** The first default inventory file in `cwd`, as an absolute path, or null. */
export function findDefaultInventory(cwd: string): string | null {
  for (const name of DEFAULT_INVENTORY_NAMES) {
    const p = path.resolve(cwd, name);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/** The inventory used when none is given: this machine, run locally, become only when asked. */
export function localInventory(opts: { become?: boolean } = {}): Inventory {
  return {
    hosts: [
      {
        name: 'localhost',
        connection: 'local',
        address: '127.0.0.1',
        port: 22,
        jump: [],
        become: opts.become ?? false,
        groups: ['ungrouped'],
        vars: {},
      },
    ],
    groups: new Map([
      ['all', ['localhost']],
      ['ungrouped', ['localhost']],
    ]),
    files: [],
    warnings: [],
  };
}
