import type { RunStore } from '../store/index.js';

/** The argument that marks a run in the history as started by a schedule. */
export function scheduleMarker(name: string): string {
  return `--schedule=${name}`;
}

/**
 * When the last run of a schedule started, from the history (null: never). Scheduled runs carry
 * scheduleMarker(name) among their args; this reads the documented `runs` table directly since
 * listRuns has no filter on args.
 */
export function lastScheduledRunAt(store: RunStore, name: string): Date | null {
  const row = store.db
    .prepare('SELECT MAX(started_at) AS t FROM runs WHERE EXISTS (SELECT 1 FROM json_each(runs.args) WHERE json_each.value = ?)')
    .get(scheduleMarker(name)) as { t: number | null } | undefined;
  return row?.t == null ? null : new Date(row.t);
}
