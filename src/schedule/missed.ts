import { previousFire, type CronSpec } from './cron.js';
import type { MissedPolicy } from './types.js';

export interface MissedInput extends CronSpec {
  missed: MissedPolicy;
}

/** What the daemon does at start about fire times it was not there for. */
export type MissedDecision =
  | { action: 'none'; reason: string }
  | { action: 'skip'; missedAt: Date }
  | { action: 'run'; missedAt: Date };

/**
 * A fire time was missed when the schedule's latest fire time at or before `now` is later than
 * the start of its last recorded run. A schedule that never ran has missed nothing (its first
 * fire is still ahead); so has one whose last run started at or after that fire time (a run
 * starts after its fire time, by the splay). Pure: `lastRunAt` comes from the history store.
 */
export function decideMissed(entry: MissedInput, lastRunAt: Date | null, now: Date): MissedDecision {
  if (lastRunAt === null) return { action: 'none', reason: 'never ran before' };
  const prev = previousFire(entry, now);
  if (prev === null) return { action: 'none', reason: 'no earlier fire time' };
  if (lastRunAt.getTime() >= prev.getTime()) return { action: 'none', reason: 'last fire time was run' };
  return entry.missed === 'run_once' ? { action: 'run', missedAt: prev } : { action: 'skip', missedAt: prev };
}
