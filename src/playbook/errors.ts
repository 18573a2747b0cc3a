import type { SourceLocation } from '../inventory/types.js';
import { InventoryError, formatLocation } from '../inventory/errors.js';

/**
 * Invalid playbook input, found while loading (before any host is contacted).
 * `.message` reads `FILE:LINE:COL: what is wrong`; `.reason` is the part after the location.
 */
export class PlaybookError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(loc: SourceLocation, reason: string) {
    super(`${formatLocation(loc)}: ${reason}`);
    this.name = 'PlaybookError';
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.reason = reason;
  }
}

/** The YAML reader is shared with the inventory and throws InventoryError: same location, our class. */
export function asPlaybookError(e: unknown): unknown {
  if (e instanceof InventoryError) return new PlaybookError({ file: e.file, line: e.line, column: e.column }, e.reason);
  return e;
}
