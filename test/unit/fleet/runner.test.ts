import { describe, it, expect } from 'vitest';
import { runFleet, type HostTask } from '../../../src/fleet/runner.js';
import { ConnectError } from '../../../src/remote/transport.js';
import { HostFailure } from '../../../src/fleet/host-failure.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import { FakeTransport } from '../../helpers/fake-transport.js';

const host = (name: string): HostSpec => ({ name, connection: 'ssh', address: `10.0.0.${name.length}`, port: 22, jump: [], become: false, groups: [], vars: {} });
const hosts = (n: number) => Array.from({ length: n }, (_, i) => host(`h${String(i).padStart(4, '0')}`));
const base = { commandTimeoutMs: 1000, lockTimeoutMs: 1000 };

describe('runFleet', () => {
  it('respects --forks and reports every host exactly once, in inventory order', async () => {
    let running = 0;
    let peak = 0;
    const task: HostTask = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { status: 'ok' };
    };
    const list = hosts(200);
    const results = await runFleet(list, task, { ...base, forks: 7, transportFactory: () => new FakeTransport(() => ({})) });
    expect(peak).toBe(7);
    expect(results.map((r) => r.host)).toEqual(list.map((h) => h.name));
    expect(new Set(results.map((r) => r.host)).size).toBe(200);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
  });

  it('forks 0 runs every host at once', async () => {
    let running = 0;
    let peak = 0;
    const task: HostTask = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      return { status: 'ok' };
    };
    await runFleet(hosts(300), task, { ...base, forks: 0, transportFactory: () => new FakeTransport(() => ({})) });
    expect(peak).toBe(300);
  });

  it('an unreachable host does not slow or fail the others', async () => {
    const list = hosts(3);
    const transports = new Map<string, FakeTransport>();
    const results = await runFleet(list, async () => ({ status: 'ok' }), {
      ...base,
      forks: 10,
      transportFactory: (h) => {
        const t = h.name === 'h0001'
          ? new FakeTransport(() => ({}), { fail: new ConnectError('unreachable', 'connect ECONNREFUSED 10.0.0.5:22') })
          : new FakeTransport(() => ({}));
        transports.set(h.name, t);
        return t;
      },
    });
    expect(results.map((r) => r.status)).toEqual(['ok', 'unreachable', 'ok']);
    expect(results[1]!.error).toEqual({ kind: 'unreachable', message: 'connect ECONNREFUSED 10.0.0.5:22' });
    expect([...transports.values()].every((t) => t.closed)).toBe(true);
  });

  it('a refused host key is a failure with nothing run', async () => {
    const t = new FakeTransport(() => ({}), { fail: new ConnectError('hostkey', 'host key for h changed') });
    let ran = false;
    const [r] = await runFleet([host('h')], async () => { ran = true; return { status: 'ok' }; }, { ...base, forks: 1, transportFactory: () => t });
    expect(r!.status).toBe('failed');
    expect(r!.error!.kind).toBe('hostkey');
    expect(ran).toBe(false);
    expect(t.lines).toEqual([]);
  });

  it('a HostFailure ends that host as failed with its cause and the changes made before it', async () => {
    const task: HostTask = async (s) => {
      if (s.host.name === 'h0000') throw new HostFailure('not-found', "package 'nope' not found", 'E: Unable to locate package nope', 100);
      return { status: 'ok', changes: [{ name: 'a', action: 'upgrade', from: '1', to: '2' }] };
    };
    const results = await runFleet(hosts(2), task, { ...base, forks: 2, transportFactory: () => new FakeTransport(() => ({})) });
    expect(results[0]).toMatchObject({ status: 'failed', exitCode: 100, error: { kind: 'not-found', stderrTail: 'E: Unable to locate package nope' } });
    expect(results[1]).toMatchObject({ status: 'changed' });
  });

  it('a connection lost mid-run makes the host unreachable', async () => {
    const task: HostTask = async (s) => {
      await s.exec({ argv: ['true'], root: false });
      return { status: 'ok' };
    };
    const t = new FakeTransport(() => {
      throw new ConnectError('unreachable', 'connection closed by remote host');
    });
    const [r] = await runFleet([host('h')], task, { ...base, forks: 1, transportFactory: () => t });
    expect(r!.status).toBe('unreachable');
    expect(r!.error!.message).toContain('connection closed by remote host');
  });

  it('a soft stop lets running hosts finish and marks the others not started', async () => {
    const stop = new AbortController();
    let finished = 0;
    const task: HostTask = async () => {
      await new Promise((r) => setTimeout(r, 30));
      finished++;
      return { status: 'ok' };
    };
    setTimeout(() => stop.abort(), 10);
    const results = await runFleet(hosts(10), task, { ...base, forks: 2, stopSignal: stop.signal, transportFactory: () => new FakeTransport(() => ({})) });
    expect(finished).toBe(2);
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(2);
    const skipped = results.filter((r) => r.status === 'skipped');
    expect(skipped).toHaveLength(8);
    expect(skipped[0]!.error!.kind).toBe('not-started');
  });

  it('a host deadline turns into a timeout failure', async () => {
    const task: HostTask = async (s) => {
      await s.exec({ argv: ['sleep', '10'], root: false });
      return { status: 'ok' };
    };
    const t = new FakeTransport((_line, opts) => new Promise((resolve) => {
      opts?.signal?.addEventListener('abort', () => resolve({ code: null, signal: 'ABORTED' }));
    }));
    const [r] = await runFleet([host('h')], task, { ...base, forks: 1, hostTimeoutMs: 50, transportFactory: () => t });
    expect(r!.status).toBe('failed');
    expect(r!.error!.kind).toBe('timeout');
  });
});
