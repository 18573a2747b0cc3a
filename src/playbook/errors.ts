import { InventoryError, LocatedInputError } from '../inventory/errors.js';

/** Invalid playbook input. */
export class PlaybookError extends LocatedInputError {}

/** The YAML reader is shared with the inventory and throws InventoryError: same location, our class. */
export function asPlaybookError(e: unknown): unknown {
  if (e instanceof InventoryError) return new PlaybookError({ file: e.file, line: e.line, column: e.column }, e.reason);
  return e;
}
