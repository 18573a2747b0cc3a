import type { SourceLocation } from './types.js';

/** `FILE:LINE:COL` for messages. */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * Invalid inventory input, found while loading (before any host is contacted).
 * `.message` reads `FILE:LINE:COL: what is wrong`; `.reason` is the part after the location.
 */
export class InventoryError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(loc: SourceLocation, reason: string) {
    super(`${formatLocation(loc)}: ${reason}`);
    this.name = 'InventoryError';
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.reason = reason;
  }
}

/** A `--limit` pattern that cannot be satisfied; not tied to a file. */
export class LimitPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly element: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'LimitPatternError';
  }
}
