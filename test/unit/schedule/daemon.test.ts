import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { FleetResult } from '../../../src/fleet/result.js';
import type { RunControl } from '../../../src/schedule/control.js';
import { ScheduleDaemon } from '../../../src/schedule/daemon.js';
import { ScheduleBusyError } from '../../../src/schedule/lock.js';
import type { ScheduleEntry } from '../../../src/schedule/types.js';

const MIN = 60_000;
const H = 60 * MIN;

function entry(over: Partial<ScheduleEntry> = {}): ScheduleEntry {
  return {
    name: 'nightly',
    action: { kind: 'command', argv: ['scan'] },
    inventory: [],
    options: {},
    cron: '0 2 * * *',
    timezone: 'UTC',
    splayMs: 0,
    missed: 'skip',
    notify: {},
    at: { file: 's.yml', line: 2, column: 5 },
    ...over,
  };
}

function fakeResult(runId: string): FleetResult {
  const now = new Date(0).toISOString();
  return {
    schemaVersion: 1, runId, operation: 'scan', args: [], check: false, startedAt: now, finishedAt: now, durationMs: 0,
    interrupted: false, hosts: [], counts: { ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0 },
  };
}

interface Call {
  trigger: string;
  firedAt: string;
  at: string;
  ctl: RunControl;
}

/**
 * A daemon on a fake clock: sleep() moves the clock instead of waiting. `until` stops the daemon
 * once the clock passes it. `during` runs inside each execution (it may move the clock too).
 */
function harness(e: ScheduleEntry, opts: { start: string; until: string; lastRunAt?: string; random?: number; during?: (ctl: RunControl, h: { advance(ms: number): void }) => Promise<void> | void; busy?: boolean }) {
  let t = new Date(opts.start).getTime();
  const until = new Date(opts.until).getTime();
  const calls: Call[] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => logs.push(JSON.parse(s)) });
  let released = 0;
  const daemon: ScheduleDaemon = new ScheduleDaemon({
    entries: [e],
    logger,
    now: () => new Date(t),
    random: () => opts.random ?? 0,
    sleep: async (ms, signal) => {
      if (signal.aborted) return;
      t += ms;
      if (t >= until) void daemon.stop();
      await Promise.resolve();
    },
    lastRunAt: () => (opts.lastRunAt ? new Date(opts.lastRunAt) : null),
    acquireLock: (name) => {
      if (opts.busy) throw new ScheduleBusyError(name, { pid: 999, hostname: 'h', startedAt: 'then' });
      return { file: 'x', holder: { pid: 1, hostname: 'h', startedAt: 'now' }, release: () => void released++ };
    },
    execute: async (_entry, ctl) => {
      calls.push({ trigger: ctl.trigger, firedAt: ctl.firedAt.toISOString(), at: new Date(t).toISOString(), ctl });
      await opts.during?.(ctl, { advance: (ms) => (t += ms) });
      return fakeResult(`run${calls.length}`);
    },
  });
  return { daemon, calls, logs, released: () => released, events: (name: string) => logs.filter((l) => l.event === name) };
}

describe('schedule daemon on a fake clock', () => {
  it('runs at each fire time, in the entry time zone, and computes the next one', async () => {
    const h = harness(entry({ cron: '0 2 * * *', timezone: 'America/New_York' }), { start: '2024-01-10T00:00:00Z', until: '2024-01-12T12:00:00Z' });
    h.daemon.start();
    await h.daemon.done();
    // 02:00 in New York (UTC-5) is 07:00Z.
    expect(h.calls.map((c) => [c.trigger, c.firedAt, c.at])).toEqual([
      ['cron', '2024-01-10T07:00:00.000Z', '2024-01-10T07:00:00.000Z'],
      ['cron', '2024-01-11T07:00:00.000Z', '2024-01-11T07:00:00.000Z'],
      ['cron', '2024-01-12T07:00:00.000Z', '2024-01-12T07:00:00.000Z'],
    ]);
    expect(h.released()).toBe(3);
    expect(h.events('end').map((l) => l.runId)).toEqual(['run1', 'run2', 'run3']);
  });

  it('waits a random splay after the fire time', async () => {
    const h = harness(entry({ splayMs: 10 * MIN }), { start: '2024-01-10T00:00:00Z', until: '2024-01-10T12:00:00Z', random: 0.5 });
    h.daemon.start();
    await h.daemon.done();
    expect(h.calls.map((c) => [c.firedAt, c.at])).toEqual([['2024-01-10T02:00:00.000Z', '2024-01-10T02:05:00.000Z']]);
    expect(h.events('splay')[0]).toMatchObject({ ms: 5 * MIN });
  });

  it('does not start a run outside its window (the splay counts)', async () => {
    const w = { startMinutes: 120, durationMs: H, text: '02:00+1h' };
    const h = harness(entry({ cron: '30 * * * *', window: w }), { start: '2024-01-10T00:00:00Z', until: '2024-01-10T05:00:00Z' });
    h.daemon.start();
    await h.daemon.done();
    expect(h.calls.map((c) => c.firedAt)).toEqual(['2024-01-10T02:30:00.000Z']);
    expect(h.events('skipped').map((l) => [l.firedAt, l.reason])).toEqual([
      ['2024-01-10T00:30:00.000Z', 'window'],
      ['2024-01-10T01:30:00.000Z', 'window'],
      ['2024-01-10T03:30:00.000Z', 'window'],
      ['2024-01-10T04:30:00.000Z', 'window'],
    ]);
    // A splay that carries the 02:30 start past 03:00 leaves it out too.
    const late = harness(entry({ cron: '50 2 * * *', window: w, splayMs: 20 * MIN }), { start: '2024-01-10T00:00:00Z', until: '2024-01-10T05:00:00Z', random: 0.75 });
    late.daemon.start();
    await late.daemon.done();
    expect(late.calls).toEqual([]);
    expect(late.events('skipped')).toHaveLength(1);
  });

  it('the batch gate closes when the window does, and when the daemon stops', async () => {
    const w = { startMinutes: 120, durationMs: H, text: '02:00+1h' };
    const seen: (string | null)[] = [];
    const h = harness(entry({ cron: '30 2 * * *', window: w }), {
      start: '2024-01-10T00:00:00Z',
      until: '2024-01-10T12:00:00Z',
      during: (ctl, clock) => {
        seen.push(ctl.batchGate()); // 02:30: open
        clock.advance(20 * MIN);
        seen.push(ctl.batchGate()); // 02:50: open
        clock.advance(20 * MIN);
        seen.push(ctl.batchGate()); // 03:10: closed
      },
    });
    h.daemon.start();
    await h.daemon.done();
    expect(seen[0]).toBeNull();
    expect(seen[1]).toBeNull();
    expect(seen[2]).toMatch(/maintenance window 02:00\+1h \(UTC\) has closed/);
  });

  it('missed: run_once runs the fire time missed while no daemon ran, once, at start', async () => {
    const h = harness(entry({ missed: 'run_once' }), { start: '2024-01-10T09:00:00Z', until: '2024-01-10T12:00:00Z', lastRunAt: '2024-01-08T02:00:03Z' });
    h.daemon.start();
    await h.daemon.done();
    expect(h.calls.map((c) => [c.trigger, c.firedAt, c.at])).toEqual([['missed', '2024-01-10T02:00:00.000Z', '2024-01-10T09:00:00.000Z']]);
  });

  it('missed: skip only logs it; a daemon whose last run is current runs nothing extra', async () => {
    const skip = harness(entry({ missed: 'skip' }), { start: '2024-01-10T09:00:00Z', until: '2024-01-10T12:00:00Z', lastRunAt: '2024-01-08T02:00:03Z' });
    skip.daemon.start();
    await skip.daemon.done();
    expect(skip.calls).toEqual([]);
    expect(skip.events('missed')[0]).toMatchObject({ missedAt: '2024-01-10T02:00:00.000Z', policy: 'skip' });
    const current = harness(entry({ missed: 'run_once' }), { start: '2024-01-10T09:00:00Z', until: '2024-01-10T12:00:00Z', lastRunAt: '2024-01-10T02:00:03Z' });
    current.daemon.start();
    await current.daemon.done();
    expect(current.calls).toEqual([]);
  });

  it('stop() during a run: the run sees the stop signal, nothing new starts, done() waits for it', async () => {
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    let stopSeen = false;
    const h = harness(entry({ cron: '0 * * * *' }), {
      start: '2024-01-10T00:00:00Z',
      until: '2024-01-20T00:00:00Z',
      during: async (ctl) => {
        ctl.stopSignal.addEventListener('abort', () => (stopSeen = true));
        await gate;
      },
    });
    h.daemon.start();
    await new Promise((r) => setTimeout(r, 10));
    expect(h.calls).toHaveLength(1);
    const stopped = h.daemon.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopSeen).toBe(true);
    expect(h.calls[0]!.ctl.batchGate()).toMatch(/stopping/);
    expect(done).toBe(false); // the running run is waited for
    finish();
    await stopped;
    expect(h.calls).toHaveLength(1);
    expect(h.released()).toBe(1);
  });

  it('a busy lock skips that fire time and the schedule goes on', async () => {
    const h = harness(entry({ cron: '0 * * * *' }), { start: '2024-01-10T00:00:00Z', until: '2024-01-10T02:30:00Z', busy: true });
    h.daemon.start();
    await h.daemon.done();
    expect(h.calls).toEqual([]);
    expect(h.events('skipped').map((l) => l.reason)).toEqual(['busy', 'busy']);
  });

  it('a run that overruns later fire times skips them and says so', async () => {
    const h = harness(entry({ cron: '0 * * * *' }), {
      start: '2024-01-10T00:30:00Z',
      until: '2024-01-10T06:30:00Z',
      during: (_ctl, clock) => clock.advance(2.5 * H),
    });
    h.daemon.start();
    await h.daemon.done();
    expect(h.calls.map((c) => c.firedAt)).toEqual(['2024-01-10T01:00:00.000Z', '2024-01-10T04:00:00.000Z']);
    expect(h.events('overrun').map((l) => l.skipped)).toEqual([2, 2]);
  });
});
