import type { Command } from 'commander';
import type { RunSummary } from '../store/index.js';
import { EXIT } from '../report/summary.js';
import { UsageError } from './context.js';
import type { HistoryFlags } from './history-options.js';
import { openStore } from './open-store.js';
import { formatLocalMinute, formatSeconds, parseSince, renderTable } from './time-args.js';

interface HistoryOpts {
  host?: string;
  since?: string;
  failed?: boolean;
  count?: string;
}

function countsText(r: RunSummary): string {
  const c = r.counts;
  const parts = (['ok', 'changed', 'failed', 'unreachable', 'skipped'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  return parts.join(', ') || 'no host';
}

function whatText(r: RunSummary): string {
  const args = r.args.length && r.args[0] === r.operation ? r.args.slice(1) : r.args;
  return [r.operation, ...args].join(' ') + (r.check ? ' (check)' : '');
}

/** The history table: newest first. */
export function renderHistory(runs: RunSummary[], host?: string): string {
  if (runs.length === 0) return 'no run recorded matches';
  const header = ['RUN', 'STARTED', 'STATUS', 'DURATION', ...(host ? ['HOST'] : []), 'HOSTS', 'WHAT'];
  const rows = runs.map((r) => [
    r.runId,
    formatLocalMinute(r.startedAt),
    r.status,
    formatSeconds(r.durationMs),
    ...(host ? [r.hostStatus ?? '-'] : []),
    countsText(r),
    whatText(r),
  ]);
  return renderTable(header, rows);
}

export function registerHistoryCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('history')
    .description('past runs from the history database, newest first')
    .option('--host <name>', 'only runs that included this host (and its outcome)')
    .option('--since <when>', 'only runs started since: 7d, 12h, or a date 2024-05-01')
    .option('--failed', 'only runs where a host failed or was unreachable, or that did not finish')
    .option('-n, --count <n>', 'at most this many runs', '50')
    .action((opts: HistoryOpts, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as HistoryFlags & { json?: boolean };
      const limit = Number(opts.count ?? '50');
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--count takes a whole number ≥ 1, got ${JSON.stringify(opts.count)}`);
      const since = opts.since !== undefined ? parseSince('since', opts.since) : undefined;
      const store = openStore(flags);
      try {
        const runs = store.listRuns({
          limit,
          ...(opts.host !== undefined ? { host: opts.host } : {}),
          ...(since ? { since } : {}),
          ...(opts.failed ? { failed: true } : {}),
        });
        process.stdout.write(flags.json ? `${JSON.stringify(runs, null, 2)}\n` : `${renderHistory(runs, opts.host)}\n`);
      } finally {
        store.close();
      }
      onExit(EXIT.ok);
    });
}
