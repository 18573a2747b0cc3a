import type { FleetEvent } from '../fleet/runner.js';
import type { FleetResult, HostResult } from '../fleet/result.js';
import { mergeHostResults } from '../playbook/merge.js';
import { runPlaybook, type PlaybookRun, type PlaybookRunOptions, type PlaybookTargets } from '../playbook/index.js';
import { recordedRun, type HistoryFlags } from './history-options.js';

/**
 * History for a playbook run. The runner reports each host after each play ('done' events);
 * a host in several plays is recorded merged the way the runner merges it, so a controller
 * killed mid-run leaves every finished host on disk. reconcile() then records the hosts whose
 * final result differs (health checks, notes added to hosts that did not start).
 */
export function playRecording(record: (r: HostResult) => void): { onEvent(e: FleetEvent): void; reconcile(result: FleetResult): void } {
  const merged = new Map<string, HostResult>();
  const written = new Map<string, string>();
  const write = (r: HostResult) => {
    const text = JSON.stringify(r);
    if (written.get(r.host) === text) return;
    written.set(r.host, text);
    record(r);
  };
  return {
    onEvent(e) {
      if (e.type !== 'done') return;
      const prev = merged.get(e.result.host);
      const next = prev && e.result.status === 'skipped' && e.result.error?.kind === 'not-started' ? prev : mergeHostResults(prev, e.result);
      merged.set(next.host, next);
      write(next);
    },
    reconcile(result) {
      for (const h of result.hosts) write(h);
    },
  };
}

/** runPlaybook with the history wired in (the `play` command and scheduled playbooks). */
export async function runPlaybookRecorded(
  flags: HistoryFlags,
  targets: PlaybookTargets,
  opts: PlaybookRunOptions,
  extra: { schedule?: string; onWarning?: (message: string) => void } = {},
): Promise<PlaybookRun> {
  let steps: PlaybookRun['steps'] | undefined;
  const result = await recordedRun(
    flags,
    { operation: 'play', args: opts.args ?? [], check: opts.check, hosts: targets.hosts.map((h) => h.name) },
    async (hooks) => {
      const rec = playRecording(hooks.onHostResult);
      const run = await runPlaybook(targets, {
        ...opts,
        onEvent: (e) => {
          opts.onEvent?.(e);
          rec.onEvent(e);
        },
        ...(hooks.runId ? { runId: hooks.runId } : {}),
      });
      rec.reconcile(run.result);
      steps = run.steps;
      return run.result;
    },
    extra,
  );
  return { result, steps: steps ?? new Map() };
}
