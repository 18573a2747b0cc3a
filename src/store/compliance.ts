import type { Database } from 'better-sqlite3';
import type { ManagerId } from '../managers/types.js';
import type { PendingSecurityHost, RebootHost, StaleHost } from './index-types.js';

const iso = (ms: number) => new Date(ms).toISOString();

export interface PendingSecurityOptions {
  /** Also list the packages (default true); false answers from the per-scan counts alone. */
  packages?: boolean;
}

/**
 * Hosts with at least one update the manager marks as a security fix, most first. `count` is the
 * number of security updates the scan listed; `packages` the installed rows they apply to.
 */
export function selectPendingSecurity(db: Database, opts: PendingSecurityOptions = {}): PendingSecurityHost[] {
  const scans = db
    .prepare(
      `SELECT s.id, h.name, s.manager, s.scanned_at, s.security_count
       FROM idx_scans s JOIN idx_hosts h ON h.id = s.host_id
       WHERE s.security_count > 0`,
    )
    .raw()
    .all() as [number, string, ManagerId, number, number][];
  const byScan = new Map<number, PendingSecurityHost>();
  for (const [id, host, manager, scannedAt, count] of scans) {
    byScan.set(id, { host, manager, scannedAt: iso(scannedAt), count, packages: [] });
  }
  if (opts.packages !== false && byScan.size > 0) {
    // Rows come in scan order from the partial index; sorting per host in JS is cheaper than ORDER BY.
    const rows = db
      .prepare(
        `SELECT p.scan_id, n.name, v.version, u.version
         FROM idx_packages p
         JOIN idx_names n ON n.id = p.name_id
         JOIN idx_versions v ON v.id = p.version_id
         LEFT JOIN idx_versions u ON u.id = p.upgradable_id
         WHERE p.security = 1`,
      )
      .raw()
      .all() as [number, string, string, string | null][];
    for (const [scanId, name, version, to] of rows) {
      byScan.get(scanId)?.packages.push({ name, version: version === '' ? null : version, upgradableTo: to });
    }
    for (const entry of byScan.values()) entry.packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return [...byScan.values()].sort(
    (a, b) => b.count - a.count || (a.host < b.host ? -1 : a.host > b.host ? 1 : a.manager < b.manager ? -1 : 1),
  );
}

/** Hosts whose latest scan says a reboot is pending. */
export function selectRebootRequired(db: Database): RebootHost[] {
  const rows = db
    .prepare(
      `SELECT h.name, json_group_array(s.manager), MAX(s.scanned_at)
       FROM idx_scans s JOIN idx_hosts h ON h.id = s.host_id
       WHERE s.reboot_required = 1
       GROUP BY h.id ORDER BY h.name`,
    )
    .raw()
    .all() as [string, string, number][];
  return rows.map(([host, managers, at]) => ({
    host,
    managers: JSON.parse(managers) as ManagerId[],
    scannedAt: iso(at),
  }));
}

/**
 * Hosts whose newest scan (any manager) is older than `since`, oldest first. Hosts named in
 * `inventory` that the index has never seen come first, with lastScannedAt null.
 */
export function selectNotScannedSince(db: Database, since: Date, inventory: string[] = []): StaleHost[] {
  const rows = db
    .prepare(
      `SELECT h.name, MAX(s.scanned_at) AS last
       FROM idx_hosts h LEFT JOIN idx_scans s ON s.host_id = h.id
       GROUP BY h.id HAVING last IS NULL OR last < ?
       ORDER BY last, h.name`,
    )
    .raw()
    .all(since.getTime()) as [string, number | null][];
  const unseen = db
    .prepare(
      `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT name FROM idx_hosts) ORDER BY value`,
    )
    .pluck()
    .all(JSON.stringify([...new Set(inventory)])) as string[];
  return [
    ...unseen.map((host) => ({ host, lastScannedAt: null })),
    ...rows.map(([host, last]) => ({ host, lastScannedAt: last === null ? null : iso(last) })),
  ];
}

export function countIndexedHosts(db: Database): number {
  return db.prepare('SELECT COUNT(*) FROM idx_hosts').pluck().get() as number;
}
