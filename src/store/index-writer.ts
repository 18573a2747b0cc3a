import type { Database } from 'better-sqlite3';
import type { ScanInput } from './index-types.js';
import { replacedManagers } from './manager-kinds.js';
import { buildScanRows } from './scan-rows.js';

/** Interns a host name, returning its id. */
export function internHost(db: Database, host: string): number {
  db.prepare('INSERT OR IGNORE INTO idx_hosts (name) VALUES (?)').run(host);
  return (db.prepare('SELECT id FROM idx_hosts WHERE name = ?').get(host) as { id: number }).id;
}

/*
 * The rows travel as one JSON array ([name, arch, version, upgradableTo, security] each) and are
 * interned by SQLite itself. A rescan then touches only what changed: rows gone are deleted, new
 * rows inserted, rows whose update or security flag changed updated. Most packages do not change
 * between two scans, and every row written costs a random write in the by-name index.
 */
const INTERN_NAMES = `INSERT OR IGNORE INTO idx_names (name) SELECT DISTINCT value ->> 0 FROM json_each(?)`;
const INTERN_ARCHES = `INSERT OR IGNORE INTO idx_arches (arch) SELECT DISTINCT value ->> 1 FROM json_each(?)`;
const INTERN_VERSIONS = `INSERT OR IGNORE INTO idx_versions (version)
  SELECT value ->> 2 FROM json_each(@rows) UNION SELECT value ->> 3 FROM json_each(@rows) WHERE value ->> 3 IS NOT NULL`;
const NEW_ROWS_TABLE = `CREATE TEMP TABLE IF NOT EXISTS pkgfleet_scan_rows (
  name_id INTEGER, arch_id INTEGER, version_id INTEGER, upgradable_id INTEGER, security INTEGER,
  PRIMARY KEY (name_id, arch_id, version_id)) WITHOUT ROWID`;
const FILL_NEW_ROWS = `INSERT OR REPLACE INTO temp.pkgfleet_scan_rows
  SELECT n.id, a.id, v.id, u.id, j.value ->> 4
  FROM json_each(?) j
  JOIN idx_names n ON n.name = j.value ->> 0
  JOIN idx_arches a ON a.arch = j.value ->> 1
  JOIN idx_versions v ON v.version = j.value ->> 2
  LEFT JOIN idx_versions u ON u.version = j.value ->> 3`;
const DELETE_GONE = `DELETE FROM idx_packages AS p WHERE p.scan_id = ? AND NOT EXISTS (
  SELECT 1 FROM temp.pkgfleet_scan_rows r
  WHERE r.name_id = p.name_id AND r.arch_id = p.arch_id AND r.version_id = p.version_id)`;
const UPSERT_ROWS = `INSERT INTO idx_packages (scan_id, name_id, arch_id, version_id, upgradable_id, security)
  SELECT ?, name_id, arch_id, version_id, upgradable_id, security FROM temp.pkgfleet_scan_rows WHERE true
  ON CONFLICT (scan_id, name_id, arch_id, version_id) DO UPDATE
  SET upgradable_id = excluded.upgradable_id, security = excluded.security
  WHERE upgradable_id IS NOT excluded.upgradable_id OR security IS NOT excluded.security`;

/** Upserts the (host, manager) scan row, dropping scans it replaces. Returns its id. */
function upsertScan(db: Database, host: string, scan: ScanInput): number {
  const hostId = internHost(db, host);
  const others = replacedManagers(scan.manager).filter((m) => m !== scan.manager);
  if (others.length > 0) {
    db.prepare(`DELETE FROM idx_scans WHERE host_id = ? AND manager IN (${others.map(() => '?').join(', ')})`).run(hostId, ...others);
  }
  const values = {
    host_id: hostId,
    manager: scan.manager,
    os: scan.os === undefined ? null : JSON.stringify(scan.os),
    scanned_at: scan.scannedAt.getTime(),
    reboot_required: scan.rebootRequired === undefined ? null : scan.rebootRequired ? 1 : 0,
    installed_count: scan.installed.length,
    upgradable_count: scan.upgradable.length,
    security_count: scan.upgradable.filter((u) => u.security === true).length,
  };
  return db
    .prepare(
      `INSERT INTO idx_scans (host_id, manager, os, scanned_at, reboot_required, installed_count, upgradable_count, security_count)
       VALUES (@host_id, @manager, @os, @scanned_at, @reboot_required, @installed_count, @upgradable_count, @security_count)
       ON CONFLICT (host_id, manager) DO UPDATE SET os = excluded.os, scanned_at = excluded.scanned_at,
         reboot_required = excluded.reboot_required, installed_count = excluded.installed_count,
         upgradable_count = excluded.upgradable_count, security_count = excluded.security_count
       RETURNING id`,
    )
    .pluck()
    .get(values) as number;
}

/** Replaces what the index knows of `host` for this manager (and, if native, any other native one). */
export function writeScan(db: Database, host: string, scan: ScanInput): void {
  const rows = buildScanRows(scan.installed, scan.upgradable);
  const json = JSON.stringify(rows);
  db.transaction(() => {
    const scanId = upsertScan(db, host, scan);
    db.prepare(INTERN_NAMES).run(json);
    db.prepare(INTERN_ARCHES).run(json);
    db.prepare(INTERN_VERSIONS).run({ rows: json });
    db.exec(NEW_ROWS_TABLE);
    db.exec('DELETE FROM temp.pkgfleet_scan_rows');
    db.prepare(FILL_NEW_ROWS).run(json);
    db.prepare(DELETE_GONE).run(scanId);
    db.prepare(UPSERT_ROWS).run(scanId);
    db.exec('DELETE FROM temp.pkgfleet_scan_rows');
  }).immediate();
}

/** Drops a host (decommissioned) from the index. Returns whether it was there. */
export function deleteHost(db: Database, host: string): boolean {
  return db.prepare('DELETE FROM idx_hosts WHERE name = ?').run(host).changes > 0;
}
