import type { Command } from 'commander';
import { EXIT } from '../report/summary.js';
import { nextFire } from '../schedule/cron.js';
import { createDaemon, daemonLogger, lockDirFor, readSchedule, type ScheduleFlags } from './schedule-setup.js';

export function registerDaemonCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('daemon')
    .description('run the schedules in the foreground (for systemd or a container); SIGTERM stops cleanly')
    .option('--schedule <file>', 'schedule file (default: $PKGFLEET_SCHEDULE, else ./schedule.yml)')
    .option('--lock-dir <dir>', 'where the per-schedule lock files live (default: beside the history database)')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as ScheduleFlags;
      const file = readSchedule(flags);
      const logger = await daemonLogger(flags);
      if (file.entries.length === 0) {
        logger.warn({ event: 'idle' }, `${file.file} has no schedule entry: nothing to do`);
        return onExit(EXIT.ok);
      }
      const daemon = createDaemon(file, flags, logger);
      const now = new Date();
      logger.info(
        {
          event: 'daemon-start',
          file: file.file,
          lockDir: lockDirFor(flags),
          schedules: file.entries.map((e) => ({ name: e.name, cron: e.cron, timezone: e.timezone, next: nextFire(e, now)?.toISOString() ?? null })),
        },
        `daemon started with ${file.entries.length} schedule(s)`,
      );
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (signals > 1) return; // a second signal is the runner's: it aborts running commands
        logger.info({ event: 'daemon-stop', signal }, `${signal}: stopping: no new run or host starts; running package transactions finish`);
        void daemon.stop();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      daemon.start();
      await daemon.done();
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      logger.info({ event: 'daemon-exit' }, 'daemon stopped');
      logger.flush();
      onExit(EXIT.ok);
    });
}
