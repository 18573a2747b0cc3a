import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive } from '../store/process-alive.js';

/** What a lock file holds: who runs the schedule. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

export class ScheduleBusyError extends Error {
  constructor(
    readonly scheduleName: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `schedule ${scheduleName} is already running (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})`
        : `schedule ${scheduleName} is already running (its lock file is being written)`,
    );
    this.name = 'ScheduleBusyError';
  }
}

export interface LockOptions {
  pid?: number;
  hostname?: string;
  now?: () => Date;
  isAlive?: (pid: number) => boolean;
  /** Told when a stale lock (its pid is gone on this machine) is taken over. */
  onStale?: (holder: LockHolder, file: string) => void;
}

export interface ScheduleLock {
  file: string;
  holder: LockHolder;
  release(): void;
}

export function lockFile(dir: string, name: string): string {
  return path.join(dir, `${name}.lock`);
}

function readHolder(file: string): LockHolder | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.startedAt === 'string') return v as LockHolder;
  } catch {
    // missing, half-written or not ours
  }
  return null;
}

function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

const sameHolder = (a: LockHolder | null, b: LockHolder | null) =>
  !!a && !!b && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;

/**
 * One instance of a schedule at a time, across processes: a lock file created with O_EXCL that
 * holds pid + hostname + start time. A lock whose holder ran on this machine and whose pid is gone
 * (a crashed or killed daemon) is stale and taken over; a lock from another machine (a shared
 * folder) is never taken over, since its pid means nothing here. Throws ScheduleBusyError.
 */
export function acquireScheduleLock(dir: string, name: string, opts: LockOptions = {}): ScheduleLock {
  const hostname = opts.hostname ?? os.hostname();
  const alive = opts.isAlive ?? isProcessAlive;
  const holder: LockHolder = { pid: opts.pid ?? process.pid, hostname, startedAt: (opts.now?.() ?? new Date()).toISOString() };
  const file = lockFile(dir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, holder)) return { file, holder, release: () => releaseLock(file, holder) };
    const current = readHolder(file);
    if (!current) throw new ScheduleBusyError(name, null);
    if (current.hostname !== hostname || alive(current.pid)) throw new ScheduleBusyError(name, current);
    // Stale. Move it aside first and check that what we moved is the stale lock we read: two
    // processes racing for the takeover then cannot both delete a fresh lock.
    const aside = `${file}.stale-${holder.pid}-${Date.now()}`;
    try {
      renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = readHolder(aside);
    if (!sameHolder(moved, current)) {
      // Someone else took over between our read and our rename: put their lock back.
      try {
        linkSync(aside, file);
      } catch {
        // a third process holds it now; theirs stands
      }
      unlinkSync(aside);
      throw new ScheduleBusyError(name, moved);
    }
    unlinkSync(aside);
    opts.onStale?.(current, file);
  }
  throw new ScheduleBusyError(name, readHolder(file));
}

/** Removes the lock only if it is still ours. */
function releaseLock(file: string, holder: LockHolder): void {
  if (!sameHolder(readHolder(file), holder)) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Who holds a schedule's lock now (null: nobody), and whether that lock is stale. */
export function inspectLock(dir: string, name: string, opts: Pick<LockOptions, 'hostname' | 'isAlive'> = {}): { holder: LockHolder; stale: boolean } | null {
  const holder = readHolder(lockFile(dir, name));
  if (!holder) return null;
  const hostname = opts.hostname ?? os.hostname();
  const alive = opts.isAlive ?? isProcessAlive;
  return { holder, stale: holder.hostname === hostname && !alive(holder.pid) };
}
