import type { HostResult } from '../fleet/result.js';
import type { ScanInput } from './index-types.js';

/**
 * The index scan a host result carries, if it carries one: a result with the host's manager and
 * its installed list (a `list` / scan operation). Without the installed list the index would
 * lose the host's packages, so such results give null.
 */
export function scanFromHostResult(result: HostResult, scannedAt: Date): ScanInput | null {
  if (!result.manager || !result.installed) return null;
  if (result.status === 'failed' || result.status === 'unreachable' || result.status === 'skipped') return null;
  const scan: ScanInput = {
    manager: result.manager,
    installed: result.installed,
    upgradable: result.upgradable ?? [],
    scannedAt,
  };
  if (result.os) scan.os = result.os;
  if (result.rebootRequired !== undefined) scan.rebootRequired = result.rebootRequired;
  return scan;
}
