import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { EXIT, exitCodeFor, renderSummary } from '../report/summary.js';
import { nextFires } from '../schedule/cron.js';
import { UnknownScheduleError } from '../schedule/errors.js';
import { lastScheduledRunAt } from '../schedule/last-run.js';
import { inspectLock } from '../schedule/lock.js';
import { CalendarConversionError } from '../schedule/on-calendar.js';
import { daemonUnit, timerUnits, type Launcher, type UnitFile } from '../schedule/systemd-units.js';
import type { ScheduleEntry, ScheduleFile } from '../schedule/types.js';
import { RunStore, resolveDbPath } from '../store/index.js';
import { UsageError } from './context.js';
import { createDaemon, daemonLogger, lockDirFor, readSchedule, type ScheduleFlags } from './schedule-setup.js';
import { formatLocalMinute, formatSeconds, renderTable } from './time-args.js';

export interface ScheduleListing {
  name: string;
  what: string;
  cron: string;
  timezone: string;
  window: string | null;
  splayMs: number;
  missed: string;
  next: string[];
  lastRunAt: string | null;
  runningSince: string | null;
}

function whatOf(e: ScheduleEntry): string {
  const what = e.action.kind === 'playbook' ? `play ${e.action.path}` : e.action.argv.join(' ');
  return `${what}${e.limit ? ` --limit ${e.limit}` : ''}${e.options.check ? ' --check' : ''}`;
}

export function listSchedules(file: ScheduleFile, flags: ScheduleFlags, now: Date, count = 3): ScheduleListing[] {
  let store: RunStore | null = null;
  if (flags.history !== false) {
    try {
      store = new RunStore(flags.db !== undefined ? { path: flags.db } : {});
    } catch {
      store = null;
    }
  }
  try {
    return file.entries.map((e) => {
      const lock = inspectLock(lockDirFor(flags), e.name);
      const last = store ? lastScheduledRunAt(store, e.name) : null;
      return {
        name: e.name,
        what: whatOf(e),
        cron: e.cron,
        timezone: e.timezone,
        window: e.window ? e.window.text : null,
        splayMs: e.splayMs,
        missed: e.missed,
        next: nextFires(e, now, count).map((d) => d.toISOString()),
        lastRunAt: last ? last.toISOString() : null,
        runningSince: lock && !lock.stale ? lock.holder.startedAt : null,
      };
    });
  } finally {
    store?.close();
  }
}

export function renderScheduleList(items: ScheduleListing[]): string {
  if (items.length === 0) return 'no schedule entry';
  const rows = items.map((s) => [
    s.name,
    s.next[0] ? formatLocalMinute(s.next[0]) : 'never',
    `${s.cron} (${s.timezone})`,
    s.window ?? '-',
    s.splayMs ? formatSeconds(s.splayMs) : '-',
    s.missed,
    s.runningSince ? `running since ${formatLocalMinute(s.runningSince)}` : formatLocalMinute(s.lastRunAt),
    s.what,
  ]);
  return renderTable(['NAME', 'NEXT', 'CRON', 'WINDOW', 'SPLAY', 'MISSED', 'LAST RUN', 'WHAT'], rows);
}

function launcher(flags: ScheduleFlags, workingDirectory: string): Launcher {
  // The database is pinned at install time: the unit's environment has no PKGFLEET_DB.
  const globalArgs: string[] = ['--db', resolveDbPath(flags.db)];
  if (flags.history === false) globalArgs.push('--no-history');
  // The units start node as this process was started (bin/pkgfleet's V8 flags included).
  const nodeArgs = process.execArgv.filter((a) => /^--max-semi-space-size=\d+$/.test(a));
  return { node: process.execPath, nodeArgs, script: path.resolve(process.argv[1] ?? 'pkgfleet'), globalArgs, workingDirectory };
}

export function registerScheduleCommand(program: Command, onExit: (code: number) => void): void {
  const schedule = program.command('schedule').description('scheduled runs: list, run one now, install systemd timers');
  const fileOption = ['--schedule <file>', 'schedule file (default: $PKGFLEET_SCHEDULE, else ./schedule.yml)'] as const;

  schedule
    .command('list')
    .description('each schedule with its next fire times and last run')
    .option(...fileOption)
    .option('--count <n>', 'fire times to compute per schedule (--json)', '3')
    .action((opts: { count: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as ScheduleFlags & { json?: boolean };
      const count = Number(opts.count);
      if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count takes a whole number ≥ 1, got ${JSON.stringify(opts.count)}`);
      const items = listSchedules(readSchedule(flags), flags, new Date(), count);
      process.stdout.write(flags.json ? `${JSON.stringify(items, null, 2)}\n` : `${renderScheduleList(items)}\n`);
      onExit(EXIT.ok);
    });

  schedule
    .command('run <name>')
    .description('run one schedule now (its lock applies; its window does not, unless --from-timer)')
    .option(...fileOption)
    .option('--lock-dir <dir>', 'where the per-schedule lock files live (default: beside the history database)')
    .option('--from-timer', 'started by a systemd timer: the maintenance window applies')
    .action(async (name: string, opts: { fromTimer?: boolean }, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as ScheduleFlags & { json?: boolean; verbose?: boolean; logFile?: string };
      const file = readSchedule(flags);
      if (!file.entries.some((e) => e.name === name)) throw new UsageError(new UnknownScheduleError(name, file.entries.map((e) => e.name)).message);
      // The full log goes to --log-file; on the terminal (stderr) only warnings and errors.
      const logger = await daemonLogger(flags, 2, 'warn');
      const daemon = createDaemon(file, flags, logger, [name]);
      const entry = file.entries.find((e) => e.name === name)!;
      const stop = () => void daemon.stop();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      try {
        const out = await daemon.fire(entry, new Date(), opts.fromTimer ? 'timer' : 'manual');
        if (out.kind !== 'ran') {
          process.stderr.write(`pkgfleet: schedule ${name}: ${out.message}\n`);
          // A timer that fires outside the window or while another instance runs has nothing to fix.
          const benign = out.kind === 'outside-window' || (out.kind === 'busy' && opts.fromTimer);
          return onExit(benign ? EXIT.ok : EXIT.internal);
        }
        process.stdout.write(flags.json ? `${JSON.stringify(out.result, null, 2)}\n` : `${renderSummary(out.result, { verbose: flags.verbose === true })}\n`);
        onExit(exitCodeFor(out.result));
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    });

  schedule
    .command('install')
    .description('write systemd units: a service + timer per schedule (or, with --daemon, one service for pkgfleet daemon)')
    .option(...fileOption)
    .option('--print', 'print the units instead of writing them')
    .option('--daemon', 'one long-running service for pkgfleet daemon instead of timers')
    .option('--unit-dir <dir>', 'where to write the units', '/etc/systemd/system')
    .action((opts: { print?: boolean; daemon?: boolean; unitDir: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as ScheduleFlags;
      const file = readSchedule(flags);
      const l = launcher(flags, file.baseDir);
      let units: UnitFile[];
      if (opts.daemon) units = [daemonUnit(file.file, l)];
      else {
        units = [];
        for (const e of file.entries) {
          try {
            units.push(...timerUnits(e, file.file, l));
          } catch (err) {
            if (!(err instanceof CalendarConversionError)) throw err;
            throw new UsageError(`schedule ${e.name}: cron ${JSON.stringify(e.cron)} has no systemd OnCalendar form: ${err.message} (run it with pkgfleet daemon instead)`);
          }
        }
      }
      if (opts.print) {
        process.stdout.write(units.map((u) => `# ${u.name}\n${u.text}`).join('\n'));
        return onExit(EXIT.ok);
      }
      mkdirSync(opts.unitDir, { recursive: true });
      for (const u of units) writeFileSync(path.join(opts.unitDir, u.name), u.text, { mode: 0o644 });
      const enable = units.filter((u) => u.name.endsWith('.timer') || opts.daemon).map((u) => u.name);
      process.stderr.write(
        `pkgfleet: wrote ${units.map((u) => path.join(opts.unitDir, u.name)).join(', ')}\n` +
          `then: systemctl daemon-reload && systemctl enable --now ${enable.join(' ')}\n`,
      );
      onExit(EXIT.ok);
    });
}
