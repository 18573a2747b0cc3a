// The store for the read commands (history, show, query, report, compliance). Kept apart from
// history-options.ts so a package operation does not load better-sqlite3 before its hosts are
// connecting (the run recorder opens the store itself, one macrotask later).
import { MANAGERS } from '../managers/registry.js';
import { RunStore, type VersionComparators } from '../store/index.js';
import type { HistoryFlags } from './history-options.js';

/** Each manager's own version order, for `query --below` and the compliance spread. */
export function managerComparators(): VersionComparators {
  const out: VersionComparators = {};
  for (const m of MANAGERS) out[m.id] = (a, b) => m.compareVersions(a, b);
  return out;
}

/** Opens the store for the read commands (history, show, query, …). */
export function openStore(flags: HistoryFlags): RunStore {
  return new RunStore({ ...(flags.db !== undefined ? { path: flags.db } : {}), comparators: managerComparators() });
}
