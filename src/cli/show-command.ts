import type { Command } from 'commander';
import type { StoredRun } from '../store/index.js';
import { renderSummary, EXIT } from '../report/summary.js';
import { UsageError } from './context.js';
import type { HistoryFlags } from './history-options.js';
import { openStore } from './open-store.js';
import { formatLocalMinute } from './time-args.js';

const STATUS_NOTE: Record<StoredRun['status'], string> = {
  running: 'still running (or its controller died and no pkgfleet has opened the history since)',
  complete: 'complete',
  interrupted: 'interrupted: stopped before every host ran; hosts that never started are listed as skipped',
  incomplete: 'incomplete: its controller died mid-run; every host that finished is shown, the others as skipped',
};

/** The stored run as the live run printed it, under one line saying who ran it and how it ended. */
export function renderStoredRun(run: StoredRun, verbose = false): string {
  const who = [run.user ? `by ${run.user}` : '', run.controller.host ? `on ${run.controller.host}` : ''].filter(Boolean).join(' ');
  const head = `run ${run.runId}: ${STATUS_NOTE[run.status]}; started ${formatLocalMinute(run.startedAt)}${who ? ` ${who}` : ''}`;
  return `${head}\n${renderSummary(run, { verbose })}`;
}

export class UnknownRunIdError extends UsageError {}

export function registerShowCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('show <run-id>')
    .description('one past run: per host, the same summary as the live run')
    .action((runId: string, _opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as HistoryFlags & { json?: boolean; verbose?: boolean };
      const store = openStore(flags);
      let run: StoredRun | null;
      try {
        run = store.getRun(runId);
      } finally {
        store.close();
      }
      if (!run) throw new UnknownRunIdError(`no run ${JSON.stringify(runId)} in the history (${store.path}); see pkgfleet history`);
      process.stdout.write(flags.json ? `${JSON.stringify(run, null, 2)}\n` : `${renderStoredRun(run, flags.verbose === true)}\n`);
      onExit(EXIT.ok);
    });
}
