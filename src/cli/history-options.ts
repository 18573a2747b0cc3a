import type { Command } from 'commander';
import type { FleetResult, HostResult } from '../fleet/result.js';
import { RunRecorder } from '../report/run-recorder.js';
import type { NotifyTargets } from '../report/notify.js';
import type { RunMeta, VersionComparators } from '../store/index.js';
import { UsageError } from './context.js';

/** Program-level flags of the history and the notifications. */
export interface HistoryFlags {
  db?: string;
  /** false with --no-history. */
  history?: boolean;
  notifyWebhook?: string;
  notifyFile?: string;
}

export function addHistoryOptions(program: Command): void {
  program
    .option('--db <file>', 'run history and package index database (default: $PKGFLEET_DB, else ~/.local/state/pkgfleet/pkgfleet.db)')
    .option('--no-history', 'do not record this run in the history database')
    .option('--notify-webhook <url>', 'POST the run summary as JSON to this http(s) URL when the run ends')
    .option('--notify-file <file>', 'append the run summary as one JSON line to this file when the run ends');
}

export function notifyTargets(flags: HistoryFlags): NotifyTargets {
  const out: NotifyTargets = {};
  if (flags.notifyWebhook !== undefined) {
    let ok = false;
    try {
      const u = new URL(flags.notifyWebhook);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--notify-webhook takes an http(s) URL, got ${JSON.stringify(flags.notifyWebhook)}`);
    out.webhook = flags.notifyWebhook;
  }
  if (flags.notifyFile !== undefined) out.file = flags.notifyFile;
  return out;
}

const warn = (message: string) => process.stderr.write(`pkgfleet: warning: ${message}\n`);

export interface RecordHooks {
  runId?: string;
  onHostResult: (r: HostResult) => void;
}

/**
 * Runs `run` with the history wired in: the run is started in the store as the hosts start
 * connecting (before any host result is written), each host is recorded as it finishes (give
 * `hooks.onHostResult` to the runner), the run is closed and the summary sent when it ends.
 * Used by every fleet command.
 */
export async function recordedRun(
  flags: HistoryFlags,
  meta: RunMeta,
  run: (hooks: RecordHooks) => Promise<FleetResult>,
  extra: { indexScans?: boolean; schedule?: string; onWarning?: (message: string) => void } = {},
): Promise<FleetResult> {
  const recorder = new RunRecorder({
    history: flags.history !== false,
    ...(flags.db !== undefined ? { dbPath: flags.db } : {}),
    notify: notifyTargets(flags),
    ...(extra.indexScans ? { indexScans: true } : {}),
    ...(extra.schedule ? { schedule: extra.schedule } : {}),
    onWarning: extra.onWarning ?? warn,
  });
  try {
    const runId = recorder.start(meta);
    const result = await run({ ...(runId ? { runId } : {}), onHostResult: recorder.onHostResult });
    await recorder.finish(result);
    return result;
  } finally {
    recorder.close();
  }
}
