import type { SourceLocation } from '../inventory/types.js';
import { InventoryError, formatLocation } from '../inventory/errors.js';

/**
 * Invalid schedule input, found while loading (before anything runs).
 * `.message` reads `FILE:LINE:COL: what is wrong`; `.reason` is the part after the location.
 */
export class ScheduleError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(loc: SourceLocation, reason: string) {
    super(`${formatLocation(loc)}: ${reason}`);
    this.name = 'ScheduleError';
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.reason = reason;
  }
}

/** The YAML reader is shared with the inventory and throws InventoryError: same location, our class. */
export function asScheduleError(e: unknown): unknown {
  if (e instanceof InventoryError) return new ScheduleError({ file: e.file, line: e.line, column: e.column }, e.reason);
  return e;
}

/** `schedule run NAME` / lookups by name of an entry that does not exist. */
export class UnknownScheduleError extends Error {
  constructor(
    readonly scheduleName: string,
    known: string[],
  ) {
    super(`no schedule named ${JSON.stringify(scheduleName)} (have: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownScheduleError';
  }
}
