import { InventoryError, LocatedInputError } from '../inventory/errors.js';

/** Invalid schedule input. */
export class ScheduleError extends LocatedInputError {}

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
