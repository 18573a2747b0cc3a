import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ScheduleDaemon } from '../schedule/daemon.js';
import { ScheduleError } from '../schedule/errors.js';
import { lastScheduledRunAt } from '../schedule/last-run.js';
import { loadSchedule } from '../schedule/load.js';
import { acquireScheduleLock } from '../schedule/lock.js';
import type { ScheduleFile } from '../schedule/types.js';
import { RunStore, resolveDbPath } from '../store/index.js';
import { UsageError } from './context.js';
import type { HistoryFlags } from './history-options.js';
import { REDACT_PATHS } from './logger.js';
import { createEntryExecutor } from './schedule-executor.js';
import { importEsm } from '../util/import-esm.js';

export const DEFAULT_SCHEDULE_FILE = 'schedule.yml';

export interface ScheduleFlags extends HistoryFlags {
  schedule?: string;
  lockDir?: string;
  logFile?: string;
  logLevel?: string;
}

/** --schedule, else $PKGFLEET_SCHEDULE, else ./schedule.yml. */
export function scheduleFilePath(flags: ScheduleFlags, cwd = process.cwd()): string {
  const file = flags.schedule ?? process.env.PKGFLEET_SCHEDULE ?? DEFAULT_SCHEDULE_FILE;
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) throw new UsageError(`no schedule file ${file} (give --schedule FILE or set PKGFLEET_SCHEDULE; docs/scheduling.md)`);
  return abs;
}

/** The schedule file, validated; a ScheduleError (file:line:column) becomes a usage error. */
export function readSchedule(flags: ScheduleFlags, cwd = process.cwd()): ScheduleFile {
  try {
    return loadSchedule(scheduleFilePath(flags, cwd));
  } catch (e) {
    if (e instanceof ScheduleError) throw new UsageError(e.message);
    throw e;
  }
}

/** Lock files live beside the history database (they must survive a crash, like it). */
export function lockDirFor(flags: ScheduleFlags): string {
  return flags.lockDir ? path.resolve(flags.lockDir) : path.join(path.dirname(resolveDbPath(flags.db)), 'locks');
}

/** The daemon logs JSON lines with pino: to --log-file, else to `fd` (stdout: systemd's journal). */
export async function daemonLogger(flags: ScheduleFlags, fd = 1, level = flags.logLevel ?? 'info'): Promise<Logger> {
  const { default: pino } = await importEsm<typeof import('pino')>('pino');
  return pino(
    { level: flags.logFile ? (flags.logLevel ?? 'info') : level, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { pid: process.pid } },
    pino.destination({ dest: flags.logFile ?? fd, sync: true, ...(flags.logFile ? { mkdir: true } : {}) }),
  );
}

/** When each entry last ran, read once from the history (opening it also marks dead runs incomplete). */
function lastRuns(flags: ScheduleFlags, names: string[], logger: Logger): Map<string, Date | null> {
  const out = new Map<string, Date | null>();
  if (flags.history === false) return out;
  try {
    const store = new RunStore(flags.db !== undefined ? { path: flags.db } : {});
    try {
      for (const n of names) out.set(n, lastScheduledRunAt(store, n));
    } finally {
      store.close();
    }
  } catch (e) {
    logger.warn({ event: 'warning' }, `cannot read the history: missed runs are not detected: ${(e as Error).message}`);
  }
  return out;
}

export function createDaemon(file: ScheduleFile, flags: ScheduleFlags, logger: Logger, only?: string[]): ScheduleDaemon {
  const entries = only ? file.entries.filter((e) => only.includes(e.name)) : file.entries;
  const last = lastRuns(flags, entries.map((e) => e.name), logger);
  const dir = lockDirFor(flags);
  return new ScheduleDaemon({
    entries,
    execute: createEntryExecutor({ history: flags, logger, baseDir: file.baseDir }),
    acquireLock: (name, onStale) => acquireScheduleLock(dir, name, { onStale }),
    lastRunAt: (name) => last.get(name) ?? null,
    logger,
  });
}
