import type { Logger } from 'pino';
import { executeOperation } from '../fleet/execute.js';
import type { FleetResult } from '../fleet/result.js';
import { isCheck } from '../fleet/operation-types.js';
import { findDefaultInventory, loadInventory, localInventory } from '../inventory/index.js';
import { loadPlaybook, resolvePlays } from '../playbook/index.js';
import { parseScheduleCommand } from '../schedule/command.js';
import type { EntryExecutor, RunControl } from '../schedule/control.js';
import { scheduleMarker } from '../schedule/last-run.js';
import type { ScheduleEntry } from '../schedule/types.js';
import { buildFleetContext, type CommonFlags } from './context.js';
import { recordedRun, type HistoryFlags } from './history-options.js';
import { runPlaybookRecorded } from './play-recording.js';
import { executeScan } from './scan-run.js';

const secs = (ms: number | undefined) => (ms === undefined ? undefined : String(ms / 1000));

/** The CLI flags a schedule entry stands for. */
export function entryFlags(entry: ScheduleEntry): CommonFlags {
  const o = entry.options;
  // The CLI's own defaults, given explicitly (commander fills them in for the CLI).
  const flags: CommonFlags = { quiet: true, connectTimeout: '10', commandTimeout: '3600', lockTimeout: '300' };
  if (entry.inventory.length) flags.inventory = entry.inventory;
  if (entry.limit !== undefined) flags.limit = entry.limit;
  if (o.forks !== undefined) flags.forks = String(o.forks);
  if (o.become) flags.become = true;
  if (o.refresh) flags.refresh = true;
  if (o.user !== undefined) flags.user = o.user;
  if (o.timeoutMs !== undefined) flags.timeout = secs(o.timeoutMs)!;
  if (o.connectTimeoutMs !== undefined) flags.connectTimeout = secs(o.connectTimeoutMs)!;
  if (o.commandTimeoutMs !== undefined) flags.commandTimeout = secs(o.commandTimeoutMs)!;
  if (o.lockTimeoutMs !== undefined) flags.lockTimeout = secs(o.lockTimeoutMs)!;
  if (o.hostKeyPolicy !== undefined) flags.hostKeyPolicy = o.hostKeyPolicy;
  if (o.knownHosts !== undefined) flags.knownHosts = o.knownHosts;
  return flags;
}

/** The args a scheduled run is recorded with: what an operator would type, plus the schedule marker. */
export function entryArgs(entry: ScheduleEntry): string[] {
  const check = entry.options.check ? ['--check'] : [];
  const limit = entry.limit !== undefined ? ['--limit', entry.limit] : [];
  const what = entry.action.kind === 'playbook' ? ['play', entry.action.path] : entry.action.argv;
  return [...what, ...check, ...limit, scheduleMarker(entry.name)];
}

export interface ExecutorDeps {
  /** --db / --no-history of the daemon (the entry's notify targets are added per entry). */
  history: HistoryFlags;
  logger: Logger;
  /** Where the default inventory is looked for (the schedule file's folder). */
  baseDir: string;
}

/**
 * Runs one schedule entry as the CLI would run it (same inventory loading, runner, history and
 * notifications), with the daemon's stop signal, logger and batch gate.
 */
export function createEntryExecutor(deps: ExecutorDeps): EntryExecutor {
  return async (entry: ScheduleEntry, ctl: RunControl): Promise<FleetResult> => {
    const flags = entryFlags(entry);
    const history: HistoryFlags = {
      ...deps.history,
      ...(entry.notify.webhook ? { notifyWebhook: entry.notify.webhook } : {}),
      ...(entry.notify.file ? { notifyFile: entry.notify.file } : {}),
    };
    const log = deps.logger.child({ schedule: entry.name });
    const onWarning = (message: string) => log.warn({ event: 'warning' }, message);
    const args = entryArgs(entry);
    const check = entry.options.check === true;
    const playbook = entry.action.kind === 'playbook' ? loadPlaybook(entry.action.path) : null;
    const command = entry.action.kind === 'command' ? parseScheduleCommand(entry.action.argv, check) : null;
    const ctx = await buildFleetContext(flags, deps.baseDir);
    try {
      const runOptions = { ...ctx.runOptions, stopSignal: AbortSignal.any([ctx.runOptions.stopSignal!, ctl.stopSignal]), logger: log };
      if (ctl.stopSignal.aborted) throw new Error('the daemon is stopping');
      const hostNames = ctx.hosts.map((h) => h.name);
      if (playbook) {
        const files = flags.inventory?.length ? flags.inventory : [findDefaultInventory(deps.baseDir)].filter((f): f is string => !!f);
        const inventory = files.length ? loadInventory(files, { cwd: deps.baseDir }) : localInventory();
        const targets = resolvePlays(playbook, inventory, ctx.hosts);
        const run = await runPlaybookRecorded(
          history,
          targets,
          { ...runOptions, check, refresh: flags.refresh === true, args, batchGate: ctl.batchGate },
          { schedule: entry.name, onWarning },
        );
        return run.result;
      }
      if (command!.kind === 'scan') {
        return await recordedRun(
          history,
          { operation: 'scan', args, check: false, hosts: hostNames },
          (hooks) => executeScan(ctx.hosts, { ...runOptions, refresh: flags.refresh === true, args, ...hooks }),
          { indexScans: true, schedule: entry.name, onWarning },
        );
      }
      const req = command!.request;
      return await recordedRun(
        history,
        { operation: req.op, args, check: isCheck(req), hosts: hostNames },
        (hooks) => executeOperation(ctx.hosts, req, { ...runOptions, args, refresh: flags.refresh === true, ...hooks }),
        { schedule: entry.name, onWarning },
      );
    } finally {
      ctx.dispose();
    }
  };
}
