import type { HostOutcome } from '../fleet/operation-types.js';
import { HostFailure } from '../fleet/host-failure.js';
import { firstTargetIsNative, refresh } from '../fleet/operations.js';
import { prepareHost } from '../fleet/prepare.js';
import type { HostTask, TransportFactory } from '../fleet/runner.js';
import { HostState } from './host-state.js';
import { runStep, type HostRun } from './run-step.js';
import { recordStep, type StepLog } from './step-record.js';
import type { Play } from './types.js';
import { evaluateWhen } from './when.js';

export interface PlayTaskOptions {
  check: boolean;
  /** --refresh: refresh the native manager's metadata before the first step (check mode too). */
  refresh: boolean;
  transportFactory: TransportFactory;
  /** Where each host's step records go (for --diff). */
  log: StepLog;
}

/**
 * One play on one host: gather facts, then each step in order (skipped when its `when:` does not
 * hold). The outcome is the same typed result as the ad-hoc verbs: every real version change of
 * every step, and the reboot-required signal as last read.
 */
export function playTask(play: Play, opts: PlayTaskOptions): HostTask {
  const listInstalledNext = playListsInstalledFirst(play, opts.refresh);
  return async (session, emit) => {
    const prep = await prepareHost(session, emit, { listInstalledNext });
    const run: HostRun = {
      session,
      view: { native: prep.native, present: prep.present, aliases: play.aliases },
      state: new HostState(session),
      check: opts.check,
      refreshed: false,
      emit,
      transportFactory: opts.transportFactory,
      rebootRequired: false,
      changes: [],
    };
    const host = session.host.name;
    const facts = {
      os: prep.os,
      manager: prep.native?.id ?? null,
      present: prep.present,
      groups: session.host.groups,
      vars: { ...play.vars, ...session.host.vars },
    };
    try {
      if (opts.refresh && prep.native) {
        await refresh(session, prep.native);
        run.refreshed = true;
        emit(`[PKG] ${prep.native.displayName} package metadata refreshed (--refresh)`);
      }
      for (const step of play.steps) {
        const label = `step ${step.index}/${play.steps.length} '${step.name}'`;
        const base = { play: play.name, step: step.index, name: step.name };
        const verdict = step.when ? evaluateWhen(step.when, facts) : { holds: true as const };
        if (!verdict.holds) {
          emit(`[PKG] Skipped ${label}: ${verdict.reason}`);
          recordStep(opts.log, host, { ...base, status: 'skipped', changes: [], notes: [`when: ${verdict.reason}`] });
          continue;
        }
        session.step(label);
        const before = run.changes.length;
        try {
          const r = await runStep(step, run);
          for (const n of r.notes) emit(`[PKG] ${label}: ${n}`);
          recordStep(opts.log, host, { ...base, status: r.changes.length ? 'changed' : 'ok', changes: r.changes, notes: r.notes });
        } catch (e) {
          recordStep(opts.log, host, { ...base, status: 'failed', changes: run.changes.slice(before), notes: [(e as Error).message] });
          throw e;
        }
      }
    } catch (e) {
      if (e instanceof HostFailure) throw new HostFailure(e.kind, e.message, e.stderrTail, e.exitCode, [...run.changes]);
      throw e;
    }
    const out: HostOutcome = {
      status: 'ok',
      managers: prep.present,
      os: prep.os,
      changes: run.changes,
      rebootRequired: run.rebootRequired,
    };
    if (prep.native) out.manager = prep.native.id;
    return out;
  };
}

/**
 * Whether the play most likely starts by listing the native manager's installed packages: its
 * first step is present / absent / latest and its first item a native package (a name, a
 * per-manager name, or an alias of one; not flatpak:// or docker://), and --refresh does not run
 * first. Then that listing runs in the facts round trip (fleet/prefetch.ts). Only a guess: when a
 * `when:` skips the step, or the first command is another, the prefetched list goes unused.
 */
export function playListsInstalledFirst(play: Play, refresh: boolean): boolean {
  const action = play.steps[0]?.action;
  if (refresh || !action || (action.type !== 'present' && action.type !== 'absent' && action.type !== 'latest')) return false;
  const first = action.items[0];
  // an alias names a package item directly (resolve-items.ts refuses an alias of an alias)
  const item = first?.kind === 'alias' ? play.aliases[first.alias] : first;
  if (!item || item.kind === 'alias') return false;
  return item.kind === 'per-manager' || firstTargetIsNative([item.raw]);
}
