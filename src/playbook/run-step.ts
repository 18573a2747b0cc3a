import { HostFailure } from '../fleet/host-failure.js';
import { applyGroup, refresh } from '../fleet/operations.js';
import type { EmitLine } from '../fleet/prepare.js';
import type { TransportFactory } from '../fleet/runner.js';
import type { HostSession } from '../fleet/session.js';
import type { PackageChange, PackageManager } from '../managers/types.js';
import { formatChange } from '../report/summary.js';
import type { HostState } from './host-state.js';
import { actionCommands, describePlannedAction, planStep, resolveStepTargets, stepNeeds, type HostView, type PlannedAction } from './planner.js';
import { rebootHost } from './reboot.js';
import type { RebootSpec, Step } from './types.js';

/** One host's run of a play: its session, what is known about it, and what happened so far. */
export interface HostRun {
  session: HostSession;
  view: HostView;
  state: HostState;
  check: boolean;
  /** Metadata was refreshed before the first step (--refresh): update_cache steps have nothing to do. */
  refreshed: boolean;
  emit: EmitLine;
  transportFactory: TransportFactory;
  /** The reboot-required signal as last read (a manager's reboot check, or zypper's exit 102). */
  rebootRequired: boolean;
  /** Every version change of the host so far (reported even when a later step fails). */
  changes: PackageChange[];
}

export interface StepResult {
  changes: PackageChange[];
  notes: string[];
}

const OP = { install: 'install', remove: 'remove', upgrade: 'upgrade' } as const;

async function applyAction(a: PlannedAction, run: HostRun): Promise<PackageChange[]> {
  const { session, state, check } = run;
  if (a.kind === 'refresh') {
    if (check) return [];
    await refresh(session, a.manager);
    state.forget(a.manager);
    return [];
  }
  const known = state.get(a.manager).installed;
  const build = (c: boolean) => actionCommands(a, c)[0]!;
  let r;
  try {
    r = await applyGroup(session, a.manager, OP[a.kind], build, check, known);
  } catch (e) {
    // Whatever did change before the failure is still reported (the host task rethrows with all of it).
    if (e instanceof HostFailure) run.changes.push(...e.changes);
    throw e;
  }
  if (check) state.project(a.manager, r.changes);
  else state.forget(a.manager);
  run.rebootRequired ||= r.rebootRequired;
  run.changes.push(...r.changes);
  return r.changes;
}

async function readRebootSignal(m: PackageManager | null, run: HostRun): Promise<boolean> {
  const cmd = m?.rebootCheck();
  if (!m || !cmd) return false;
  run.session.step('checking whether a reboot is required');
  return m.parseRebootRequired(await run.session.exec(cmd));
}

async function rebootStep(spec: RebootSpec, run: HostRun, notes: string[]): Promise<void> {
  if (spec.mode === 'never') {
    notes.push('never reboots');
    return;
  }
  const required = run.rebootRequired || (await readRebootSignal(run.view.native, run));
  run.rebootRequired = required;
  if (spec.mode === 'if_required' && !required) {
    notes.push(run.check && run.changes.length ? 'no reboot required now; the real run reboots if its changes ask for one' : 'no reboot required');
    return;
  }
  const why = spec.mode === 'always' ? 'always' : 'a reboot is required';
  if (run.check) {
    notes.push(`would reboot (${why})`);
    return;
  }
  run.emit(`[PKG] Rebooting (${why})`);
  await rebootHost(run.session, spec, { transportFactory: run.transportFactory });
  run.rebootRequired = await readRebootSignal(run.view.native, run);
  notes.push(`rebooted (${why}) and back${run.rebootRequired ? ', but the host still says a reboot is required' : ''}`);
  run.emit(`[PKG] Host is back after the reboot`);
}

/** Gather what the step needs, plan it (pure), apply or simulate each action, report. */
export async function runStep(step: Step, run: HostRun): Promise<StepResult> {
  const notes: string[] = [];
  if (step.action.type === 'reboot') {
    await rebootStep(step.action.reboot, run, notes);
    return { changes: [], notes };
  }
  const groups = resolveStepTargets(step.action, run.view);
  await run.state.gather(stepNeeds(step.action, groups, run.view, { refreshed: run.refreshed }));
  const plan = planStep(step.action, groups, run.view, (m) => run.state.get(m), { refreshed: run.refreshed });
  notes.push(...plan.notes);
  const changes: PackageChange[] = [];
  for (const a of plan.actions) {
    if (a.kind === 'refresh' && run.check) {
      notes.push('would refresh metadata (check mode refreshes nothing; --check --refresh does)');
      continue;
    }
    run.session.step(describePlannedAction(a));
    const done = await applyAction(a, run);
    changes.push(...done);
    if (a.kind === 'refresh') run.emit(`[PKG] ${a.manager.displayName} package metadata refreshed`);
    for (const c of done) run.emit(`[PKG] ${run.check ? 'Would change' : 'Changed'} ${formatChange(c)}`);
    if (a.kind !== 'refresh' && done.length === 0) notes.push(`${describePlannedAction(a)}: no version changed`);
  }
  return { changes, notes };
}
