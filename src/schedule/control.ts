import type { FleetResult } from '../fleet/result.js';
import type { ScheduleEntry } from './types.js';

/**
 * Why a schedule runs now: its fire time (daemon), a fire time missed while no daemon ran,
 * a systemd timer (`schedule run --from-timer`: the window applies, the timer did the splay),
 * or an operator (`schedule run`: no window, no splay).
 */
export type Trigger = 'cron' | 'missed' | 'timer' | 'manual';

/** What the daemon hands the code that runs one entry. */
export interface RunControl {
  trigger: Trigger;
  /** The fire time this run belongs to (now, for a manual run). */
  firedAt: Date;
  /** Aborted on SIGTERM: no new host (and no new batch) starts; running transactions finish. */
  stopSignal: AbortSignal;
  /**
   * Asked before each playbook batch: null to go on, else why no further batch starts (the
   * maintenance window closed, the daemon is stopping).
   */
  batchGate: () => string | null;
}

/** Runs one schedule entry to its end (history and notifications included). */
export type EntryExecutor = (entry: ScheduleEntry, ctl: RunControl) => Promise<FleetResult>;
