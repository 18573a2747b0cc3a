import type { PackageManager, PackageSpec } from '../managers/types.js';
import { getManager } from '../managers/registry.js';
import type { Target } from './targets.js';
import type { Prepared } from './prepare.js';
import { HostFailure } from './host-failure.js';

export interface TargetGroup {
  manager: PackageManager;
  specs: PackageSpec[];
}

/**
 * Route each target to the manager that handles it on this host (native, flatpak, docker or
 * podman) and apply that manager's own grammar. Invalid or unsupported requests fail the host
 * before anything is run on it.
 */
export function resolveTargets(targets: Target[], prep: Prepared): TargetGroup[] {
  const groups = new Map<PackageManager, PackageSpec[]>();
  for (const t of targets) {
    const manager = managerFor(t, prep);
    let spec: PackageSpec;
    try {
      spec = manager.parseSpec(t.raw);
    } catch (e) {
      throw new HostFailure('invalid', `${manager.displayName}: ${(e as Error).message}`);
    }
    const bad = manager.validateName(spec.name) ?? (spec.version !== undefined ? manager.validateVersion(spec.version) : null);
    if (bad) throw new HostFailure('invalid', `${manager.displayName} refuses ${JSON.stringify(t.raw)}: ${bad}`);
    if (spec.version !== undefined && !manager.supportsVersionPin) {
      throw new HostFailure('unsupported', `${manager.displayName} cannot pin a version (${t.raw})`);
    }
    const list = groups.get(manager) ?? [];
    list.push(spec);
    groups.set(manager, list);
  }
  return [...groups].map(([manager, specs]) => ({ manager, specs }));
}

function managerFor(t: Target, prep: Prepared): PackageManager {
  if (t.scheme === 'native') {
    if (!prep.native) throw new HostFailure('unsupported', 'no native package manager found on this host');
    return prep.native;
  }
  if (t.scheme === 'flatpak') {
    if (!prep.present.includes('flatpak')) throw new HostFailure('unsupported', `flatpak is not installed on this host (${t.raw})`);
    return getManager('flatpak');
  }
  const engine = prep.present.includes('docker') ? 'docker' : prep.present.includes('podman') ? 'podman' : null;
  if (!engine) throw new HostFailure('unsupported', `neither docker nor podman is installed on this host (${t.raw})`);
  return getManager(engine);
}
