import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/store/run-store.js';
import { UnknownRunError } from '../../../src/store/run-writer.js';
import { changedHost, failedHost, unreachableHost } from './helpers-fleet.js';
import { tempDbPath } from './tmp-db.js';

let tmp: ReturnType<typeof tempDbPath>;
let clock: number;
const now = () => new Date(clock);
const T0 = Date.parse('2026-11-25T10:00:00.000Z');

beforeEach(() => {
  tmp = tempDbPath();
  clock = T0;
});
afterEach(() => tmp.remove());

const open = (extra: Partial<ConstructorParameters<typeof RunStore>[0]> = {}) =>
  new RunStore({ path: tmp.file, now, user: 'alice', hostname: 'controller-1', ...extra });

const openssl = [
  { name: 'openssl', action: 'upgrade' as const, from: '3.0.11-1~deb12u2', to: '3.0.13-1~deb12u1', arch: 'amd64' },
  { name: 'libssl3', action: 'upgrade' as const, from: '3.0.11-1~deb12u2', to: '3.0.13-1~deb12u1', arch: 'amd64' },
];

describe('RunStore run history', () => {
  it('opens with WAL, foreign keys and a busy timeout, creating the folder', () => {
    const store = open({ busyTimeoutMs: 1234 });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(store.path).toBe(tmp.file);
    store.close();
  });

  it('lets a second connection read while a run holds the write lock', () => {
    const writer = open();
    const reader = open({ busyTimeoutMs: 50 });
    const runId = writer.startRun({ operation: 'upgrade', args: [], check: false });
    writer.db.exec('BEGIN IMMEDIATE');
    writer.db.prepare("UPDATE runs SET user = 'bob' WHERE id = ?").run(runId);
    expect(reader.getRun(runId)!.user).toBe('alice'); // WAL: the reader sees the last commit
    expect(() => reader.startRun({ operation: 'update', args: [], check: false })).toThrow(/locked|busy/i);
    const late = open({ busyTimeoutMs: 50 }); // opening takes no write lock
    expect(late.listRuns().map((r) => r.runId)).toEqual([runId]);
    late.close();
    writer.db.exec('COMMIT');
    expect(reader.getRun(runId)!.user).toBe('bob');
    reader.close();
    writer.close();
  });

  it('records several hosts in one transaction: all of them, or none when one cannot be written', () => {
    const store = open();
    const runId = store.startRun({ operation: 'upgrade', args: ['openssl'], check: false });
    store.recordHosts(runId, [changedHost('web-01', openssl), failedHost('db-01', 'E: broken'), changedHost('web-02', [])]);
    expect(store.getRun(runId)!.hosts.map((h) => [h.host, h.status, h.changes.length])).toEqual([
      ['web-01', 'changed', 2],
      ['db-01', 'failed', 0],
      ['web-02', 'changed', 0],
    ]);
    expect(() => store.recordHosts('01NOSUCHRUN0000000000000000', [changedHost('web-03', [])])).toThrow(UnknownRunError);
    const other = store.startRun({ operation: 'update', args: [], check: false });
    const poisoned = { ...changedHost('web-04', []), status: 'nonsense' } as unknown as Parameters<RunStore['recordHost']>[1];
    expect(() => store.recordHosts(other, [changedHost('web-05', openssl), poisoned])).toThrow();
    expect(store.getRun(other)!.hosts).toEqual([]);
    store.close();
  });

  it('records a run host by host and gives it back as a FleetResult', () => {
    const store = open();
    const runId = store.startRun({ operation: 'upgrade', args: ['openssl'], check: false });
    expect(runId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    clock += 4000;
    const web = changedHost('web-01', openssl, { messages: ['2 packages upgraded'] });
    store.recordHost(runId, web);
    clock += 1000;
    store.recordHost(runId, failedHost('db-01', 'E: Could not get lock /var/lib/dpkg/lock-frontend'));
    clock += 500;
    store.recordHost(runId, unreachableHost('old-02'));

    const running = store.getRun(runId)!;
    expect(running.status).toBe('running');
    expect(running.finishedAt).toBe(new Date(T0 + 5500).toISOString());

    clock += 100;
    store.finishRun(runId);
    const run = store.getRun(runId)!;
    expect(run.status).toBe('complete');
    expect(run.interrupted).toBe(false);
    expect(run.operation).toBe('upgrade');
    expect(run.args).toEqual(['openssl']);
    expect(run.user).toBe('alice');
    expect(run.controller).toEqual({ pid: process.pid, host: 'controller-1' });
    expect(run.startedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(run.durationMs).toBe(5600);
    expect(run.counts).toEqual({ ok: 0, changed: 1, failed: 1, unreachable: 1, skipped: 0 });
    expect(run.hosts.map((h) => h.host)).toEqual(['web-01', 'db-01', 'old-02']);
    // The changed host comes back field for field; changes get the host's manager filled in.
    expect(run.hosts[0]).toEqual({ ...web, changes: openssl.map((c) => ({ ...c, manager: 'apt' })) });
    expect(run.hosts[1]!.error).toEqual({
      kind: 'command',
      message: 'dnf exited with 1',
      stderrTail: 'E: Could not get lock /var/lib/dpkg/lock-frontend',
    });
    expect(run.hosts[2]!.error?.kind).toBe('timeout');
    store.close();
  });

  it('survives a reopen and replaces a host recorded twice', () => {
    let store = open();
    const runId = store.startRun({ operation: 'install', args: ['htop'], check: true });
    store.recordHost(runId, failedHost('web-01', 'first try'));
    store.recordHost(runId, changedHost('web-01', [{ name: 'htop', action: 'install', from: null, to: '3.2.2-2' }]));
    store.close();
    store = open();
    const run = store.getRun(runId)!;
    expect(run.check).toBe(true);
    expect(run.counts).toEqual({ ok: 0, changed: 1, failed: 0, unreachable: 0, skipped: 0 });
    expect(run.hosts).toHaveLength(1);
    expect(run.hosts[0]!.changes).toEqual([{ name: 'htop', action: 'install', from: null, to: '3.2.2-2', manager: 'apt' }]);
    store.close();
  });

  it('refuses hosts and finishes for unknown runs', () => {
    const store = open();
    expect(() => store.recordHost('nope', unreachableHost('x'))).toThrow(UnknownRunError);
    expect(() => store.finishRun('nope')).toThrow(UnknownRunError);
    expect(store.getRun('nope')).toBeNull();
    store.close();
  });

  it('keeps only the end of a long stderr', () => {
    const store = open();
    const runId = store.startRun({ operation: 'upgrade', args: [], check: false });
    const long = 'x'.repeat(20_000) + 'THE END';
    store.recordHost(runId, failedHost('web-01', long));
    const tail = store.getRun(runId)!.hosts[0]!.error!.stderrTail!;
    expect(tail.length).toBe(8000);
    expect(tail.endsWith('THE END')).toBe(true);
    store.close();
  });

  it('gives hosts back in the planned order and lists the ones an early end left without a result', () => {
    const store = open();
    const runId = store.startRun({
      runId: '20261125100000-a1b2c3',
      operation: 'upgrade',
      args: [],
      check: false,
      hosts: ['web-01', 'web-02', 'db-01', 'db-02'],
    });
    expect(runId).toBe('20261125100000-a1b2c3');
    store.recordHost(runId, failedHost('db-01', 'boom'));
    store.recordHost(runId, changedHost('web-02', openssl));
    store.recordHost(runId, changedHost('extra-01', [])); // not planned: kept, at the end
    expect(store.getRun(runId)!.hosts.map((h) => h.host)).toEqual(['web-02', 'db-01', 'extra-01']);
    store.finishRun(runId, { interrupted: true });
    const run = store.getRun(runId)!;
    expect(run.hosts.map((h) => [h.host, h.status, h.error?.kind])).toEqual([
      ['web-01', 'skipped', 'not-started'],
      ['web-02', 'changed', undefined],
      ['db-01', 'failed', 'command'],
      ['db-02', 'skipped', 'not-started'],
      ['extra-01', 'changed', undefined],
    ]);
    expect(run.counts).toEqual({ ok: 0, changed: 2, failed: 1, unreachable: 0, skipped: 2 });
    store.close();
  });

  it('marks an interrupted run', () => {
    const store = open();
    const runId = store.startRun({ operation: 'upgrade', args: [], check: false });
    store.recordHost(runId, changedHost('web-01', openssl));
    store.finishRun(runId, { interrupted: true });
    const run = store.getRun(runId)!;
    expect(run.status).toBe('interrupted');
    expect(run.interrupted).toBe(true);
    store.close();
  });
});

describe('markIncompleteRuns', () => {
  it('marks runs of a dead controller on this machine incomplete when the store opens', () => {
    // A real process that has exited: its pid is free (until the kernel reuses it).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const writer = open({ pid: deadPid });
    const orphan = writer.startRun({ operation: 'upgrade', args: [], check: false });
    clock += 3000;
    writer.recordHost(orphan, changedHost('web-01', openssl));
    writer.close();

    const elsewhere = open({ hostname: 'controller-2', pid: deadPid });
    const remote = elsewhere.startRun({ operation: 'upgrade', args: [], check: false });
    elsewhere.close();

    const live = open(); // our own pid: alive
    const mine = live.startRun({ operation: 'update', args: [], check: false });
    live.close();

    clock += 60_000;
    const reader = open();
    expect(reader.getRun(orphan)!.status).toBe('incomplete');
    expect(reader.getRun(orphan)!.interrupted).toBe(true);
    expect(reader.getRun(orphan)!.finishedAt).toBe(new Date(T0 + 3000).toISOString());
    expect(reader.getRun(remote)!.status).toBe('running'); // another machine's pid means nothing here
    expect(reader.getRun(mine)!.status).toBe('running');
    expect(reader.markIncompleteRuns()).toEqual([]);
    reader.close();
  });
});

describe('listRuns', () => {
  it('filters by host, time and failure, newest first', () => {
    const store = open();
    const first = store.startRun({ operation: 'update', args: [], check: false });
    store.recordHost(first, { host: 'web-01', status: 'ok', changes: [], durationMs: 10 });
    store.recordHost(first, { host: 'db-01', status: 'ok', changes: [], durationMs: 10 });
    store.finishRun(first);
    clock += 3_600_000;
    const second = store.startRun({ operation: 'upgrade', args: ['openssl'], check: false });
    store.recordHost(second, changedHost('web-01', openssl));
    store.recordHost(second, failedHost('db-01', 'boom'));
    store.finishRun(second);
    clock += 3_600_000;
    const third = store.startRun({ operation: 'install', args: ['htop'], check: false });
    store.recordHost(third, changedHost('web-02', []));
    store.finishRun(third, { interrupted: true });

    expect(store.listRuns().map((r) => r.runId)).toEqual([third, second, first]);
    expect(store.listRuns({ limit: 1 }).map((r) => r.runId)).toEqual([third]);
    expect(store.listRuns({ host: 'web-01' }).map((r) => [r.runId, r.hostStatus])).toEqual([
      [second, 'changed'],
      [first, 'ok'],
    ]);
    expect(store.listRuns({ since: new Date(T0 + 1000) }).map((r) => r.runId)).toEqual([third, second]);
    expect(store.listRuns({ failed: true }).map((r) => r.runId)).toEqual([third, second]);
    expect(store.listRuns({ failed: false }).map((r) => r.runId)).toEqual([first]);
    expect(store.listRuns({ host: 'db-01', failed: true }).map((r) => r.runId)).toEqual([second]);

    const summary = store.listRuns({ limit: 3 })[1]!;
    expect(summary).toMatchObject({
      operation: 'upgrade',
      args: ['openssl'],
      status: 'complete',
      user: 'alice',
      counts: { ok: 0, changed: 1, failed: 1, unreachable: 0, skipped: 0 },
    });
    store.close();
  });

  it('prunes finished runs older than a date with their hosts and changes', () => {
    const store = open();
    const old = store.startRun({ operation: 'upgrade', args: [], check: false });
    store.recordHost(old, changedHost('web-01', openssl));
    store.finishRun(old);
    const stuck = store.startRun({ operation: 'upgrade', args: [], check: false }); // still running
    clock += 90 * 86_400_000;
    const recent = store.startRun({ operation: 'upgrade', args: [], check: false });
    store.finishRun(recent);
    expect(store.pruneRuns(new Date(clock - 30 * 86_400_000))).toBe(1);
    expect(store.listRuns().map((r) => r.runId)).toEqual([recent, stuck]);
    expect(store.db.prepare('SELECT COUNT(*) FROM host_results').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM package_changes').pluck().get()).toBe(0);
    store.close();
  });
});
