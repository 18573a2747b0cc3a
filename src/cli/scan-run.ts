import type { HostSpec } from '../inventory/types.js';
import type { FleetResult } from '../fleet/result.js';
import type { HostOutcome } from '../fleet/operation-types.js';
import { runAsFleetResult, type FleetRunOptions } from '../fleet/execute.js';
import { listInstalled, listUpgradable, refresh } from '../fleet/operations.js';
import { prepareHost } from '../fleet/prepare.js';
import type { HostTask } from '../fleet/runner.js';
import { HostFailure } from '../fleet/host-failure.js';

/**
 * One host's scan for the fleet index: installed packages, available updates (security flagged
 * where the manager can say) and whether a reboot is pending, from the native manager. Read-only
 * (unless `refresh`).
 */
export function scanTask(opts: { refresh?: boolean } = {}): HostTask {
  return async (session, emit): Promise<HostOutcome> => {
    const prep = await prepareHost(session, emit, { listInstalledNext: !opts.refresh });
    if (!prep.native) throw new HostFailure('unsupported', 'no native package manager found on this host');
    const m = prep.native;
    if (opts.refresh) await refresh(session, m);
    const installed = await listInstalled(session, m);
    const upgradable = await listUpgradable(session, m);
    const check = m.rebootCheck();
    let rebootRequired = false;
    if (check) {
      session.step('checking whether a reboot is pending');
      rebootRequired = m.parseRebootRequired(await session.exec(check));
    }
    const security = upgradable.filter((u) => u.security).length;
    emit(`[PKG] Scanned ${installed.length} installed, ${upgradable.length} upgradable${security ? ` (${security} security)` : ''}${rebootRequired ? ', reboot required' : ''}`);
    return { status: 'ok', manager: m.id, managers: prep.present, os: prep.os, installed, upgradable, rebootRequired };
  };
}

export interface ScanRunOptions extends FleetRunOptions {
  refresh?: boolean;
}

/** Scans every host in one parallel pass (the runner's forks), as one FleetResult. */
export async function executeScan(hosts: HostSpec[], opts: ScanRunOptions): Promise<FleetResult> {
  return runAsFleetResult(hosts, scanTask({ refresh: opts.refresh === true }), opts, { operation: 'scan', check: false, args: ['scan'] });
}
