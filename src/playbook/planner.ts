import { HostFailure } from '../fleet/host-failure.js';
import type { Prepared } from '../fleet/prepare.js';
import { resolveTargets, type TargetGroup } from '../fleet/resolve-targets.js';
import { describeSpec, parseTargets } from '../fleet/targets.js';
import type { Command, InstalledPackage, ManagerId, PackageManager, PackageSpec, UpgradablePackage } from '../managers/types.js';
import { planAbsent, planLatest, planPresent, planUpgrade } from './plan-rules.js';
import { resolveItem } from './resolve-items.js';
import type { PackageItem, StepAction } from './types.js';

/**
 * The desired-state planner, pure: what a host has (installed, upgradable, cache age) and what a
 * step wants → the concrete, minimal actions. Idempotent by construction: present installs only
 * what is missing or off its pin, absent removes only what is installed, latest installs what is
 * missing and upgrades only what the manager lists as upgradable, upgrade runs only when
 * something is upgradable. A second run therefore plans no mutating command at all.
 */
export type PlannedAction =
  | { kind: 'refresh'; manager: PackageManager }
  | { kind: 'install'; manager: PackageManager; specs: PackageSpec[] }
  | { kind: 'remove'; manager: PackageManager; names: string[] }
  /** specs empty = everything upgradable; security = the manager's own security selection. */
  | { kind: 'upgrade'; manager: PackageManager; specs: PackageSpec[]; security: boolean };

export interface StepPlan {
  actions: PlannedAction[];
  /** Why nothing (or not more) is done: "labdemo is installed (1.0)". */
  notes: string[];
}

/** What is known of one manager on the host when a step is planned. */
export interface ManagerState {
  installed?: InstalledPackage[];
  upgradable?: UpgradablePackage[];
  /** Seconds since the last metadata refresh; null = unknown. */
  cacheAgeSeconds?: number | null;
}

export interface HostView {
  native: PackageManager | null;
  present: ManagerId[];
  aliases: Record<string, PackageItem>;
}

/** What must be gathered before planning a step. */
export interface StepNeeds {
  installed: PackageManager[];
  upgradable: PackageManager[];
  cacheAge: PackageManager | null;
}

function requireNative(view: HostView): PackageManager {
  if (!view.native) throw new HostFailure('unsupported', 'no native package manager found on this host');
  return view.native;
}

/** present/absent/latest items → per-manager groups, each spec checked by its manager's grammar. */
export function resolveStepTargets(action: StepAction, view: HostView): TargetGroup[] {
  if (action.type !== 'present' && action.type !== 'absent' && action.type !== 'latest') return [];
  const raws = action.items.map((i) => resolveItem(i, view.native?.id ?? null, view.aliases));
  let targets;
  try {
    targets = parseTargets(raws);
  } catch (e) {
    throw new HostFailure('invalid', (e as Error).message);
  }
  return resolveTargets(targets, { native: view.native, present: view.present } as Prepared);
}

export function stepNeeds(action: StepAction, groups: TargetGroup[], view: HostView, opts: { refreshed?: boolean } = {}): StepNeeds {
  const none: StepNeeds = { installed: [], upgradable: [], cacheAge: null };
  switch (action.type) {
    case 'update_cache': {
      const m = requireNative(view);
      const age = action.maxAgeMs !== null && !opts.refreshed && m.cacheAgeCommand ? m : null;
      return { ...none, cacheAge: age };
    }
    case 'present':
    case 'absent':
      return { ...none, installed: groups.map((g) => g.manager) };
    case 'latest':
      return { ...none, installed: groups.map((g) => g.manager), upgradable: groups.map((g) => g.manager) };
    case 'upgrade':
      return action.mode === 'none' ? none : { ...none, upgradable: [requireNative(view)] };
    case 'reboot':
      return none;
  }
}

/** The actions of one step. `state` must hold what stepNeeds() asked for. */
export function planStep(
  action: StepAction,
  groups: TargetGroup[],
  view: HostView,
  state: (m: PackageManager) => ManagerState,
  opts: { refreshed?: boolean } = {},
): StepPlan {
  const notes: string[] = [];
  const actions: PlannedAction[] = [];
  switch (action.type) {
    case 'update_cache': {
      const m = requireNative(view);
      if (opts.refreshed) notes.push('metadata already refreshed in this run (--refresh)');
      else {
        const age = state(m).cacheAgeSeconds;
        const maxS = action.maxAgeMs === null ? null : action.maxAgeMs / 1000;
        if (maxS !== null && age !== undefined && age !== null && age <= maxS) {
          notes.push(`metadata is ${age}s old (max_age ${maxS}s): not refreshed`);
        } else actions.push({ kind: 'refresh', manager: m });
      }
      break;
    }
    case 'present':
      for (const g of groups) actions.push(...planPresent(g, state(g.manager), notes));
      break;
    case 'absent':
      for (const g of groups) actions.push(...planAbsent(g, state(g.manager), notes));
      break;
    case 'latest':
      for (const g of groups) actions.push(...planLatest(g, state(g.manager), notes));
      break;
    case 'upgrade':
      if (action.mode !== 'none') {
        const m = requireNative(view);
        actions.push(...planUpgrade(action.mode, m, state(m), notes));
      }
      break;
    case 'reboot':
      break;
  }
  return { actions, notes };
}

/** The commands an action runs (check: the manager's own simulation; refresh is never simulated). */
export function actionCommands(a: PlannedAction, check: boolean): Command[] {
  switch (a.kind) {
    case 'refresh':
      return a.manager.refresh();
    case 'install':
      return [a.manager.install(a.specs, { check })];
    case 'remove':
      return [a.manager.remove(a.names, { check })];
    case 'upgrade':
      return [a.manager.upgrade(a.specs, { check, security: a.security })];
  }
}

/** One line per action: `install labapp, labtool=1.0 (Apt)`. */
export function describePlannedAction(a: PlannedAction): string {
  const by = `(${a.manager.displayName})`;
  switch (a.kind) {
    case 'refresh':
      return `refresh metadata ${by}`;
    case 'install':
      return `install ${a.specs.map(describeSpec).join(', ')} ${by}`;
    case 'remove':
      return `remove ${a.names.join(', ')} ${by}`;
    case 'upgrade':
      if (a.specs.length) return `upgrade ${a.specs.map(describeSpec).join(', ')} ${by}`;
      return `upgrade ${a.security ? 'security updates' : 'everything'} ${by}`;
  }
}
