import type { FleetResult, HostStatus, OperationName } from '../fleet/result.js';

/** running = in progress; incomplete = its controller died before finishing (found at open). */
export type RunStatus = 'running' | 'complete' | 'incomplete' | 'interrupted';

export interface RunMeta {
  operation: OperationName;
  /** The operation's arguments (package names, playbook path...). */
  args: string[];
  check: boolean;
  /** Defaults to the OS user running pkgfleet. */
  user?: string;
  /** Defaults to the store's clock. */
  startedAt?: Date;
  /** Use this id instead of a new one. */
  runId?: string;
  /**
   * The selected hosts in inventory order: getRun() returns hosts in this order, and lists the
   * hosts of a run that ended early without a result as skipped (not-started).
   */
  hosts?: string[];
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  operation: OperationName;
  args: string[];
  check: boolean;
  user: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: Record<HostStatus, number>;
  /** With a `host` filter: that host's outcome in the run. */
  hostStatus?: HostStatus;
}

export interface ListRunsQuery {
  host?: string;
  since?: Date;
  /** true: runs where a host failed or was unreachable (or the run did not finish); false: the others. */
  failed?: boolean;
  /** Default 50. */
  limit?: number;
}

/** A stored run in FleetResult's shape (the summary printers take it as is), plus its status. */
export interface StoredRun extends FleetResult {
  status: RunStatus;
  user: string | null;
  controller: { pid: number | null; host: string | null };
}

export const HOST_STATUSES: readonly HostStatus[] = ['ok', 'changed', 'failed', 'unreachable', 'skipped'];
