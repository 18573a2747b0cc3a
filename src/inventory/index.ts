export { loadInventory } from './load.js';
export type { LoadOptions } from './load.js';
export { selectHosts } from './select.js';
export { localInventory, findDefaultInventory, DEFAULT_INVENTORY_NAMES } from './local.js';
export { InventoryError, LimitPatternError, formatLocation } from './errors.js';
export { parseDuration } from './duration.js';
export type {
  HostSpec,
  Inventory,
  InventoryWarning,
  JumpHost,
  BecomePasswordSource,
  HostKeyPolicy,
  SourceLocation,
} from './types.js';
