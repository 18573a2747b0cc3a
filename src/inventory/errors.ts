import type { SourceLocation } from './types.js';

/** `FILE:LINE:COL` for messages. */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * Invalid input found while loading a YAML file (inventory, playbook, schedule), before anything
 * is contacted. `.message` reads `FILE:LINE:COL: what is wrong`; `.reason` is the part after it.
 */
export class LocatedInputError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(loc: SourceLocation, reason: string) {
    super(`${formatLocation(loc)}: ${reason}`);
    this.name = new.target.name;
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.reason = reason;
  }
}

/** Invalid inventory input. */
export class InventoryError extends LocatedInputError {}

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
