import { randomBytes } from 'node:crypto';
import type { HostSpec } from '../inventory/types.js';
import type { FleetResult, HostResult, HostStatus, OperationName } from './result.js';
import type { OperationRequest } from './operation-types.js';
import { isCheck } from './operation-types.js';
import { runFleet, type HostTask, type RunOptions } from './runner.js';
import { runOperation, type OperationOptions } from './operations.js';
import { parseTargets, InputError } from './targets.js';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function countStatuses(hosts: HostResult[]): Record<HostStatus, number> {
  const counts: Record<HostStatus, number> = { ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0 };
  for (const h of hosts) counts[h.status]++;
  return counts;
}

/** Refuses bad requests before any host is contacted. */
export function validateRequest(req: OperationRequest): void {
  if ('packages' in req) {
    parseTargets(req.packages);
    if ((req.op === 'install' || req.op === 'remove' || req.op === 'info') && req.packages.length === 0) {
      throw new InputError(`${req.op} needs at least one package`);
    }
  }
  if (req.op === 'search') {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(req.term)) {
      throw new InputError(`invalid search term ${JSON.stringify(req.term)}: letters, digits and . _ + - only`);
    }
  }
}

export type ExecuteOptions = FleetRunOptions & OperationOptions;

/** One unified operation on a set of hosts, in parallel, aggregated into one typed result. */
export async function executeOperation(hosts: HostSpec[], req: OperationRequest, opts: ExecuteOptions): Promise<FleetResult> {
  validateRequest(req);
  return runAsFleetResult(hosts, (session, emit) => runOperation(session, req, emit, { refresh: opts.refresh }), opts, {
    operation: req.op,
    check: isCheck(req),
    args: [],
  });
}

export interface FleetRunOptions extends RunOptions {
  /** Recorded in the result (what the user typed). */
  args?: string[];
  onHostResult?: (r: HostResult) => void;
  runId?: string;
}

/**
 * Runs `task` on every host through the runner, hands each finished host to onHostResult as
 * well as onEvent (the history records it then), and wraps the results as one FleetResult.
 */
export async function runAsFleetResult(
  hosts: HostSpec[],
  task: HostTask,
  opts: FleetRunOptions,
  what: { operation: OperationName; check: boolean; args: string[] },
): Promise<FleetResult> {
  const startedAt = new Date();
  const runOpts: RunOptions = {
    ...opts,
    onEvent: (e) => {
      opts.onEvent?.(e);
      if (e.type === 'done') opts.onHostResult?.(e.result);
    },
  };
  const hostsOut = await runFleet(hosts, task, runOpts);
  const finishedAt = new Date();
  return {
    schemaVersion: 1,
    runId: opts.runId ?? newRunId(startedAt),
    operation: what.operation,
    args: opts.args ?? what.args,
    check: what.check,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    interrupted: opts.stopSignal?.aborted === true || opts.abortSignal?.aborted === true,
    hosts: hostsOut,
    counts: countStatuses(hostsOut),
  };
}
