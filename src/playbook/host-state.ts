import type { HostSession } from '../fleet/session.js';
import { listInstalled, listUpgradable } from '../fleet/operations.js';
import type { InstalledPackage, ManagerId, PackageChange, PackageManager, UpgradablePackage } from '../managers/types.js';
import type { ManagerState, StepNeeds } from './planner.js';

/** The installed list after `changes` (check mode carries the predicted state to the next step). */
export function projectInstalled(installed: readonly InstalledPackage[], changes: readonly PackageChange[]): InstalledPackage[] {
  const out = installed.map((p) => ({ ...p }));
  for (const c of changes) {
    const i = out.findIndex((p) => p.name === c.name && (c.arch === undefined || p.arch === undefined || p.arch === c.arch));
    if (c.action === 'remove') {
      if (i >= 0) out.splice(i, 1);
    } else if (c.to !== null) {
      if (i >= 0) out[i]!.version = c.to;
      else out.push({ name: c.name, version: c.to, ...(c.arch ? { arch: c.arch } : {}) });
    }
  }
  return out;
}

/** Upgradable entries a predicted change has dealt with are gone. */
export function projectUpgradable(upgradable: readonly UpgradablePackage[], changes: readonly PackageChange[]): UpgradablePackage[] {
  const touched = new Set(changes.map((c) => c.name));
  return upgradable.filter((u) => !touched.has(u.name));
}

/**
 * What one host's managers look like during a play: read from the host when a step needs it,
 * forgotten after a real change (read again when next needed), projected forward in check mode.
 */
export class HostState {
  private readonly known = new Map<ManagerId, ManagerState>();

  constructor(private readonly session: HostSession) {}

  get(m: PackageManager): ManagerState {
    return this.known.get(m.id) ?? {};
  }

  private update(m: PackageManager, patch: ManagerState): void {
    this.known.set(m.id, { ...this.get(m), ...patch });
  }

  async gather(needs: StepNeeds): Promise<void> {
    for (const m of needs.installed) {
      if (!this.get(m).installed) this.update(m, { installed: await listInstalled(this.session, m) });
    }
    for (const m of needs.upgradable) {
      if (!this.get(m).installed) this.update(m, { installed: await listInstalled(this.session, m) });
      if (!this.get(m).upgradable) this.update(m, { upgradable: await listUpgradable(this.session, m) });
    }
    const c = needs.cacheAge;
    if (c?.cacheAgeCommand && c.parseCacheAge && this.get(c).cacheAgeSeconds === undefined) {
      this.session.step('reading the metadata cache age');
      this.update(c, { cacheAgeSeconds: c.parseCacheAge(await this.session.exec(c.cacheAgeCommand())) });
    }
  }

  /** After a real change or refresh: nothing known about this manager is trusted any more. */
  forget(m: PackageManager): void {
    this.known.delete(m.id);
  }

  /** Check mode: the next step sees the state this step's simulation predicted. */
  project(m: PackageManager, changes: PackageChange[]): void {
    const st = this.get(m);
    this.update(m, {
      ...(st.installed ? { installed: projectInstalled(st.installed, changes) } : {}),
      ...(st.upgradable ? { upgradable: projectUpgradable(st.upgradable, changes) } : {}),
    });
  }
}
