import type { Database } from 'better-sqlite3';
import { countIndexedHosts, selectNotScannedSince, selectPendingSecurity, selectRebootRequired } from './compliance.js';
import { selectVersionSpread } from './index-reader.js';
import type { ComplianceViews, VersionComparators } from './index-types.js';

export interface ComplianceQuery {
  /** Scans older than this are stale. */
  staleBefore: Date;
  /** Packages whose version spread to show (e.g. openssl, openssh-server, the kernel). */
  spreadPackages: string[];
  /** Inventory host names, so hosts never scanned show as stale too. */
  inventory?: string[];
}

export function collectCompliance(
  db: Database,
  comparators: VersionComparators,
  q: ComplianceQuery,
  now: Date,
): ComplianceViews {
  return db.transaction(() => ({
    generatedAt: now.toISOString(),
    hostsIndexed: countIndexedHosts(db),
    pendingSecurity: selectPendingSecurity(db),
    rebootRequired: selectRebootRequired(db),
    stale: { since: q.staleBefore.toISOString(), hosts: selectNotScannedSince(db, q.staleBefore, q.inventory) },
    spread: selectVersionSpread(db, comparators, q.spreadPackages),
  }))();
}
