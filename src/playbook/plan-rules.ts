import { HostFailure } from '../fleet/host-failure.js';
import type { TargetGroup } from '../fleet/resolve-targets.js';
import { describeSpec } from '../fleet/targets.js';
import type { PackageManager, PackageSpec } from '../managers/types.js';
import type { ManagerState, PlannedAction } from './planner.js';
import { installedEntries, pinMatches } from './version-match.js';

// The desired-state rules of the planner, one per step kind (pure). Each returns the actions
// needed and adds a note for every package it leaves alone, saying why.

export function planPresent(g: TargetGroup, st: ManagerState, notes: string[]): PlannedAction[] {
  const installed = st.installed ?? [];
  const missing: PackageSpec[] = [];
  for (const spec of g.specs) {
    const have = installedEntries(installed, spec.name);
    if (have.length === 0) missing.push(spec);
    else if (spec.version !== undefined && !have.some((p) => pinMatches(p.version, spec.version!, g.manager.id))) {
      notes.push(`${spec.name} is ${have[0]!.version}, wanted ${spec.version}`);
      missing.push(spec);
    } else notes.push(`${describeSpec(spec)} is installed (${have[0]!.version})`);
  }
  return missing.length ? [{ kind: 'install', manager: g.manager, specs: missing }] : [];
}

export function planAbsent(g: TargetGroup, st: ManagerState, notes: string[]): PlannedAction[] {
  const installed = st.installed ?? [];
  const names = g.specs.map((s) => s.name).filter((n, i, all) => all.indexOf(n) === i);
  const present = names.filter((n) => installedEntries(installed, n).length > 0);
  for (const n of names.filter((x) => !present.includes(x))) notes.push(`${n} is not installed`);
  return present.length ? [{ kind: 'remove', manager: g.manager, names: present }] : [];
}

export function planLatest(g: TargetGroup, st: ManagerState, notes: string[]): PlannedAction[] {
  const installed = st.installed ?? [];
  const upgradable = st.upgradable ?? [];
  const missing: PackageSpec[] = [];
  const behind: PackageSpec[] = [];
  for (const spec of g.specs) {
    const have = installedEntries(installed, spec.name);
    const up = upgradable.find((u) => u.name === spec.name || u.name.startsWith(`${spec.name}:`));
    if (have.length === 0) missing.push({ name: spec.name });
    else if (up) behind.push({ name: spec.name });
    else notes.push(`${spec.name} is the newest version available (${have[0]!.version})`);
  }
  const out: PlannedAction[] = [];
  if (missing.length) out.push({ kind: 'install', manager: g.manager, specs: missing });
  if (behind.length) out.push({ kind: 'upgrade', manager: g.manager, specs: behind, security: false });
  return out;
}

export function planUpgrade(mode: 'all' | 'security', m: PackageManager, st: ManagerState, notes: string[]): PlannedAction[] {
  const upgradable = st.upgradable ?? [];
  if (mode === 'all') {
    if (upgradable.length === 0) notes.push('nothing to upgrade');
    return upgradable.length ? [{ kind: 'upgrade', manager: m, specs: [], security: false }] : [];
  }
  if (m.securityUpgrade === 'unsupported') {
    throw new HostFailure('unsupported', `${m.displayName} has no security metadata: 'upgrade: security' cannot run here (use 'when: {manager: …}' to give these hosts 'upgrade: all')`);
  }
  const sec = upgradable.filter((u) => u.security === true);
  if (sec.length === 0) {
    notes.push('no security updates pending');
    return [];
  }
  // from-list (apt): exactly the security updates, at exactly the versions listed.
  if (m.securityUpgrade === 'from-list') return [{ kind: 'upgrade', manager: m, specs: sec.map((u) => ({ name: u.name, version: u.to })), security: false }];
  return [{ kind: 'upgrade', manager: m, specs: [], security: true }];
}
