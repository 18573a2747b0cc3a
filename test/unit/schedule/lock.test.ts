import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScheduleBusyError, acquireScheduleLock, inspectLock, lockFile, type LockHolder } from '../../../src/schedule/lock.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-lock-'));

/** The pid of a process that has exited (and been reaped): kill(pid, 0) says ESRCH. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(r.stdout));
}

describe('schedule lock', () => {
  it('holds pid, hostname and start time, and is released by its holder', () => {
    const dir = tmp();
    const lock = acquireScheduleLock(dir, 'nightly', { now: () => new Date('2024-01-10T02:00:00Z') });
    const held = JSON.parse(readFileSync(lockFile(dir, 'nightly'), 'utf8')) as LockHolder;
    expect(held).toEqual({ pid: process.pid, hostname: os.hostname(), startedAt: '2024-01-10T02:00:00.000Z' });
    expect(inspectLock(dir, 'nightly')).toEqual({ holder: held, stale: false });
    lock.release();
    expect(existsSync(lockFile(dir, 'nightly'))).toBe(false);
    expect(inspectLock(dir, 'nightly')).toBeNull();
  });

  it('refuses a second instance while the holder is alive (this very process too)', () => {
    const dir = tmp();
    const first = acquireScheduleLock(dir, 'nightly');
    expect(() => acquireScheduleLock(dir, 'nightly')).toThrow(ScheduleBusyError);
    try {
      acquireScheduleLock(dir, 'nightly');
    } catch (e) {
      expect((e as ScheduleBusyError).holder?.pid).toBe(process.pid);
      expect((e as Error).message).toMatch(/already running \(pid \d+ on /);
    }
    // Another schedule is independent.
    acquireScheduleLock(dir, 'weekly').release();
    first.release();
    acquireScheduleLock(dir, 'nightly').release();
  });

  it('takes over a stale lock whose pid is dead on this machine, and says so', () => {
    const dir = tmp();
    const pid = deadPid();
    const stale: LockHolder = { pid, hostname: os.hostname(), startedAt: '2024-01-09T02:00:00.000Z' };
    writeFileSync(lockFile(dir, 'nightly'), JSON.stringify(stale));
    expect(inspectLock(dir, 'nightly')).toEqual({ holder: stale, stale: true });
    const seen: LockHolder[] = [];
    const lock = acquireScheduleLock(dir, 'nightly', { onStale: (h) => seen.push(h) });
    expect(seen).toEqual([stale]);
    expect(lock.holder.pid).toBe(process.pid);
    expect(JSON.parse(readFileSync(lockFile(dir, 'nightly'), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir).sort()).toEqual(['nightly.lock']); // nothing left aside
    lock.release();
  });

  it('never takes over a lock from another machine (its pid means nothing here)', () => {
    const dir = tmp();
    writeFileSync(lockFile(dir, 'nightly'), JSON.stringify({ pid: deadPid(), hostname: 'other-controller', startedAt: '2024-01-09T02:00:00.000Z' }));
    expect(() => acquireScheduleLock(dir, 'nightly')).toThrow(/already running .* on other-controller/);
    expect(inspectLock(dir, 'nightly')?.stale).toBe(false);
  });

  it('a release after a takeover leaves the new holder alone', () => {
    const dir = tmp();
    let alive = true;
    const first = acquireScheduleLock(dir, 'nightly', { pid: 4242, isAlive: () => alive });
    alive = false; // pid 4242 "died"
    const second = acquireScheduleLock(dir, 'nightly', { pid: 4343, isAlive: () => alive });
    first.release();
    expect(JSON.parse(readFileSync(lockFile(dir, 'nightly'), 'utf8')).pid).toBe(4343);
    second.release();
    expect(existsSync(lockFile(dir, 'nightly'))).toBe(false);
  });
});
