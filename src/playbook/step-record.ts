import type { PackageChange } from '../managers/types.js';

/** What one step did (or, in check mode, would do) on one host: the material of `--diff`. */
export interface StepRecord {
  play: string;
  /** 1-based position in the play. */
  step: number;
  name: string;
  status: 'skipped' | 'ok' | 'changed' | 'failed';
  /** Version changes of this step, dependencies included (predicted in check mode). */
  changes: PackageChange[];
  /** Why nothing was done, what was skipped, what the reboot did. */
  notes: string[];
}

/** host name → its step records, in the order they ran (plays after each other). */
export type StepLog = Map<string, StepRecord[]>;

export function recordStep(log: StepLog, host: string, rec: StepRecord): void {
  const list = log.get(host) ?? [];
  list.push(rec);
  log.set(host, list);
}
