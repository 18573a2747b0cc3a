import type { SourceLocation } from '../inventory/types.js';

/** What a schedule entry runs: a playbook file, or one unified command (scan, update, upgrade …). */
export type ScheduleAction = { kind: 'playbook'; path: string } | { kind: 'command'; argv: string[] };

/** What to do on daemon start when a fire time passed while no daemon was running. */
export type MissedPolicy = 'skip' | 'run_once';

/** A daily maintenance window in the schedule's time zone; it may cross midnight. */
export interface MaintenanceWindow {
  /** Minutes after local midnight. */
  startMinutes: number;
  durationMs: number;
  /** As written, for messages: `02:00+2h`. */
  text: string;
}

/** The run settings an operator would otherwise give as CLI flags. */
export interface ScheduleRunOptions {
  forks?: number;
  become?: boolean;
  check?: boolean;
  refresh?: boolean;
  user?: string;
  /** Per-host deadline, ms. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  lockTimeoutMs?: number;
  hostKeyPolicy?: 'strict' | 'accept-new' | 'off';
  knownHosts?: string;
}

export interface NotifyTargets {
  webhook?: string;
  file?: string;
}

export interface ScheduleEntry {
  name: string;
  action: ScheduleAction;
  /** Absolute paths; empty = the default inventory of the schedule file's folder. */
  inventory: string[];
  limit?: string;
  options: ScheduleRunOptions;
  /** croner pattern: 5 fields, 6 with seconds, or a nickname such as @daily. */
  cron: string;
  /** IANA time zone the cron pattern and the window are read in. */
  timezone: string;
  window?: MaintenanceWindow;
  /** Random delay up to this many ms after each fire time. */
  splayMs: number;
  missed: MissedPolicy;
  notify: NotifyTargets;
  at: SourceLocation;
}

export interface ScheduleFile {
  file: string;
  /** Relative paths in the file were resolved against this folder. */
  baseDir: string;
  entries: ScheduleEntry[];
}
