import { countStatuses, newRunId } from '../fleet/execute.js';
import type { FleetResult, HostResult } from '../fleet/result.js';
import { runFleet, type RunOptions } from '../fleet/runner.js';
import type { HostSpec } from '../inventory/types.js';
import { runHealthCheck, withHealth } from './health-check.js';
import { playTask } from './host-play.js';
import { isDown, mergeHostResults, notStarted } from './merge.js';
import { orderHosts } from './order.js';
import type { PlaybookTargets, PlayTarget } from './resolve-plays.js';
import { splitBatches } from './serial.js';
import type { StepLog } from './step-record.js';

export interface PlaybookRunOptions extends RunOptions {
  /** Simulate with the managers' own dry runs; nothing is changed, no health check runs. */
  check: boolean;
  /** Refresh metadata before the first step on each host (also in check mode). */
  refresh?: boolean;
  args?: string[];
  runId?: string;
  /** For `order: shuffle` (injectable for tests). */
  random?: () => number;
  /**
   * Asked before each batch starts: null to go on, else why no further batch starts (a
   * scheduled run's maintenance window closed). Hosts not started are skipped with that reason.
   */
  batchGate?: () => string | null;
}

export interface PlaybookRun {
  /** The same typed result as the ad-hoc verbs (operation 'play'). */
  result: FleetResult;
  /** Per host, what each step did (for --diff). */
  steps: StepLog;
}

interface Ctx {
  opts: PlaybookRunOptions;
  results: Map<string, HostResult>;
  steps: StepLog;
  /** Why the run stopped starting hosts; null while it goes on. */
  stopped: string | null;
}

function markNotStarted(ctx: Ctx, hosts: HostSpec[], reason: string): void {
  for (const h of hosts) {
    const r = notStarted(h, `not started: ${reason}`, ctx.results.get(h.name));
    ctx.results.set(h.name, r);
    if (r.status === 'skipped') ctx.opts.onEvent?.({ type: 'done', result: r });
  }
}

/** The batch's verdict: the reason to stop, or null to go on. */
function batchVerdict(t: PlayTarget, batch: HostResult[], i: number, total: number): string | null {
  const down = batch.filter((r) => r.status === 'failed' || r.status === 'unreachable').length;
  if (down === 0) return null;
  const pct = Math.round((down / batch.length) * 1000) / 10;
  const max = t.play.maxFailPercentage;
  const where = `batch ${i + 1}/${total} of play '${t.play.name}'`;
  const what = `${down} of ${batch.length} host${batch.length === 1 ? '' : 's'} failed or unreachable (${pct}%)`;
  if (max === null) return down === batch.length ? `${where}: ${what}, every host of the batch` : null;
  return pct > max ? `${where}: ${what}, more than max_fail_percentage ${max}%` : null;
}

async function runBatch(ctx: Ctx, t: PlayTarget, batch: HostSpec[], i: number, total: number): Promise<void> {
  const { opts } = ctx;
  const task = playTask(t.play, { check: opts.check, refresh: opts.refresh === true, transportFactory: opts.transportFactory, log: ctx.steps });
  let out = await runFleet(batch, task, opts);
  const hc = t.play.healthCheck;
  if (hc && !opts.check) {
    const healthy = batch.filter((h) => out.some((r) => r.host === h.name && (r.status === 'ok' || r.status === 'changed')));
    const checks = healthy.length ? await runHealthCheck(healthy, hc, opts) : [];
    out = out.map((r) => {
      const c = checks.find((x) => x.host === r.host);
      return c ? withHealth(r, c) : r;
    });
    const sick = checks.filter((c) => c.status === 'failed' || c.status === 'unreachable').map((c) => c.host);
    if (sick.length) ctx.stopped = `the health check failed after batch ${i + 1}/${total} of play '${t.play.name}' on ${sick.join(', ')}`;
  }
  for (const r of out) ctx.results.set(r.host, mergeHostResults(ctx.results.get(r.host), r));
  ctx.stopped ??= batchVerdict(t, out, i, total);
}

async function runPlay(ctx: Ctx, t: PlayTarget): Promise<void> {
  const { opts } = ctx;
  if (ctx.stopped) return markNotStarted(ctx, t.hosts, `play '${t.play.name}': ${ctx.stopped}`);
  const gone = t.hosts.filter((h) => isDown(ctx.results.get(h.name)));
  for (const h of gone) {
    const prev = ctx.results.get(h.name)!;
    ctx.results.set(h.name, { ...prev, messages: [...(prev.messages ?? []), `[PKG] play '${t.play.name}' skipped: the host failed in an earlier play`] });
  }
  const eligible = orderHosts(t.hosts.filter((h) => !gone.includes(h)), t.play.order, opts.random);
  const batches = splitBatches(eligible, t.play.serial);
  for (const [i, batch] of batches.entries()) {
    if (!ctx.stopped && (opts.stopSignal?.aborted || opts.abortSignal?.aborted)) ctx.stopped = 'the run was interrupted';
    if (!ctx.stopped) ctx.stopped = opts.batchGate?.() ?? null;
    if (ctx.stopped) {
      markNotStarted(ctx, batch, ctx.stopped);
      continue;
    }
    await runBatch(ctx, t, batch, i, batches.length);
  }
}

/**
 * Runs a playbook: plays in order, each play's hosts in batches (`serial`). After a batch, its
 * health check and failure ratio decide whether anything else starts; hosts never started are
 * reported as skipped (error kind 'not-started') with the reason. A failed host does not stop
 * the others of its batch. One HostResult per host, merged across plays.
 */
export async function runPlaybook(targets: PlaybookTargets, opts: PlaybookRunOptions): Promise<PlaybookRun> {
  const startedAt = new Date();
  const ctx: Ctx = { opts, results: new Map(), steps: new Map(), stopped: null };
  for (const t of targets.plays) await runPlay(ctx, t);
  const hosts = targets.hosts.map((h) => ctx.results.get(h.name)).filter((r): r is HostResult => r !== undefined);
  const finishedAt = new Date();
  const result: FleetResult = {
    schemaVersion: 1,
    runId: opts.runId ?? newRunId(startedAt),
    operation: 'play',
    args: opts.args ?? [],
    check: opts.check,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    interrupted: opts.stopSignal?.aborted === true || opts.abortSignal?.aborted === true,
    hosts,
    counts: countStatuses(hosts),
  };
  return { result, steps: ctx.steps };
}
