import type { Logger } from 'pino';
import type { FleetResult } from '../fleet/result.js';
import type { EntryExecutor, Trigger } from './control.js';
import { firesBetween, nextFire } from './cron.js';
import { ScheduleBusyError, type LockHolder, type ScheduleLock } from './lock.js';
import { decideMissed } from './missed.js';
import { sleep as realSleep } from '../util/sleep.js';
import { splayDelay } from './splay.js';
import type { ScheduleEntry } from './types.js';
import { isInWindow, windowCloses } from './window.js';

export interface DaemonDeps {
  entries: ScheduleEntry[];
  execute: EntryExecutor;
  /** Takes the entry's lock (throws ScheduleBusyError); onStale is told about a takeover. */
  acquireLock: (name: string, onStale: (holder: LockHolder) => void) => ScheduleLock;
  /** When the entry's last run started, from the history (null: never). */
  lastRunAt: (name: string) => Date | null;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Longest single wait: the clock is read again after it (suspend, clock changes). */
  maxWaitMs?: number;
}

/** What happened to one fire time (returned for tests and logged). */
export type FireOutcome =
  | { kind: 'ran'; result: FleetResult }
  | { kind: 'outside-window' | 'busy' | 'stopped' | 'error'; message: string };

/**
 * Runs schedule entries in the foreground: each entry waits for its next fire time (croner, in
 * its time zone), adds its splay, checks its window, takes its lock, runs, and computes the next
 * fire time after the run (fire times a long run overran are skipped and logged). stop()
 * aborts the waits and soft-stops the running runs, then resolves when every entry has ended.
 */
export class ScheduleDaemon {
  private readonly stopper = new AbortController();
  private readonly now: () => Date;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private loops: Promise<void>[] = [];

  constructor(private readonly deps: DaemonDeps) {
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
  }

  get stopping(): boolean {
    return this.stopper.signal.aborted;
  }

  start(): void {
    this.loops = this.deps.entries.map((e) => this.loop(e));
  }

  /** Resolves when every entry loop has ended (after stop()). */
  done(): Promise<void> {
    return Promise.all(this.loops).then(() => undefined);
  }

  stop(): Promise<void> {
    this.stopper.abort();
    return this.done();
  }

  private log(entry: ScheduleEntry) {
    return this.deps.logger.child({ schedule: entry.name });
  }

  private async loop(entry: ScheduleEntry): Promise<void> {
    const log = this.log(entry);
    try {
      const missed = decideMissed(entry, this.deps.lastRunAt(entry.name), this.now());
      if (missed.action === 'run') {
        log.info({ event: 'missed', missedAt: missed.missedAt.toISOString(), policy: entry.missed }, 'a fire time was missed while no daemon ran: running once now');
        await this.fire(entry, missed.missedAt, 'missed');
      } else if (missed.action === 'skip') {
        log.info({ event: 'missed', missedAt: missed.missedAt.toISOString(), policy: entry.missed }, 'a fire time was missed while no daemon ran: skipped (missed: skip)');
      }
      while (!this.stopping) {
        const next = nextFire(entry, this.now());
        if (!next) {
          log.warn({ event: 'finished' }, 'the cron pattern fires no more');
          return;
        }
        log.info({ event: 'next', at: next.toISOString() }, `next run at ${next.toISOString()}`);
        await this.waitUntil(next);
        if (this.stopping) break;
        await this.fire(entry, next, 'cron');
      }
    } catch (e) {
      log.error({ event: 'error', err: e }, `schedule loop failed: ${(e as Error).message}`);
    }
  }

  private async waitUntil(at: Date): Promise<void> {
    const maxWait = this.deps.maxWaitMs ?? 60_000;
    for (;;) {
      const left = at.getTime() - this.now().getTime();
      if (left <= 0 || this.stopping) return;
      await this.sleep(Math.min(left, maxWait), this.stopper.signal);
    }
  }

  /** One fire time: splay, window, lock, run. Exposed for `schedule run` and tests. */
  async fire(entry: ScheduleEntry, firedAt: Date, trigger: Trigger): Promise<FireOutcome> {
    const log = this.log(entry);
    const splay = trigger === 'cron' || trigger === 'missed' ? splayDelay(entry.splayMs, this.random) : 0;
    if (splay > 0) {
      log.info({ event: 'splay', ms: splay }, `waiting ${Math.round(splay / 1000)}s (splay)`);
      await this.waitUntil(new Date(this.now().getTime() + splay));
    }
    if (this.stopping) return { kind: 'stopped', message: 'the daemon is stopping' };
    // An operator's `schedule run NAME` is deliberate: the window does not apply to it.
    const w = trigger === 'manual' ? undefined : entry.window;
    if (w && !isInWindow(w, entry.timezone, this.now())) {
      const message = `outside the maintenance window ${w.text} (${entry.timezone}): not started`;
      log.warn({ event: 'skipped', reason: 'window', firedAt: firedAt.toISOString() }, message);
      return { kind: 'outside-window', message };
    }
    let lock: ScheduleLock;
    try {
      lock = this.deps.acquireLock(entry.name, (holder) =>
        log.warn({ event: 'stale-lock', holder }, `took over a stale lock of pid ${holder.pid} (started ${holder.startedAt}): that process is gone`),
      );
    } catch (e) {
      if (!(e instanceof ScheduleBusyError)) throw e;
      log.warn({ event: 'skipped', reason: 'busy', holder: e.holder }, e.message);
      return { kind: 'busy', message: e.message };
    }
    const started = this.now();
    try {
      log.info({ event: 'start', trigger, firedAt: firedAt.toISOString(), ...(w ? { windowCloses: windowCloses(w, entry.timezone, started)?.toISOString() } : {}) }, `run started (${trigger})`);
      const result = await this.deps.execute(entry, {
        trigger,
        firedAt,
        stopSignal: this.stopper.signal,
        batchGate: () => {
          if (this.stopping) return 'the daemon is stopping';
          if (w && !isInWindow(w, entry.timezone, this.now())) return `the maintenance window ${w.text} (${entry.timezone}) has closed`;
          return null;
        },
      });
      log.info({ event: 'end', runId: result.runId, counts: result.counts, interrupted: result.interrupted, ms: result.durationMs }, `run ${result.runId} ${result.interrupted ? 'interrupted' : 'finished'}`);
      return { kind: 'ran', result };
    } catch (e) {
      log.error({ event: 'error', err: e }, `run failed to start: ${(e as Error).message}`);
      return { kind: 'error', message: (e as Error).message };
    } finally {
      lock.release();
      const overran = trigger === 'cron' ? firesBetween(entry, firedAt, this.now()) : [];
      if (overran.length) log.warn({ event: 'overrun', skipped: overran.length }, `the run overran ${overran.length} fire time(s); they are skipped`);
    }
  }
}
