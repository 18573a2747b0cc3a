/**
 * The schema, as an ordered list of steps. A shipped step is never edited: a change is a new
 * step at the end. `PRAGMA user_version` holds the number of steps applied.
 * Times are integers (ms since the epoch, UTC); JSON columns hold arrays/objects as text.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const V1_RUN_HISTORY = `
CREATE TABLE runs (
  id              TEXT PRIMARY KEY,
  started_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'interrupted')),
  operation       TEXT NOT NULL,
  args            TEXT NOT NULL DEFAULT '[]',
  user            TEXT,
  check_mode      INTEGER NOT NULL DEFAULT 0,
  controller_pid  INTEGER,
  controller_host TEXT,
  planned_hosts   TEXT,
  count_ok          INTEGER NOT NULL DEFAULT 0,
  count_changed     INTEGER NOT NULL DEFAULT 0,
  count_failed      INTEGER NOT NULL DEFAULT 0,
  count_unreachable INTEGER NOT NULL DEFAULT 0,
  count_skipped     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_started_at ON runs (started_at);
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';

CREATE TABLE host_results (
  id              INTEGER PRIMARY KEY,
  run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  host            TEXT NOT NULL,
  address         TEXT,
  status          TEXT NOT NULL CHECK (status IN ('ok', 'changed', 'failed', 'unreachable', 'skipped')),
  manager         TEXT,
  managers        TEXT,
  os              TEXT,
  exit_code       INTEGER,
  duration_ms     INTEGER NOT NULL,
  reboot_required INTEGER,
  error_kind      TEXT,
  error_message   TEXT,
  stderr_tail     TEXT,
  messages        TEXT,
  finished_at     INTEGER NOT NULL,
  UNIQUE (run_id, host)
);
CREATE INDEX host_results_host ON host_results (host, run_id);

CREATE TABLE package_changes (
  host_result_id INTEGER NOT NULL REFERENCES host_results (id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  action         TEXT NOT NULL,
  from_version   TEXT,
  to_version     TEXT,
  arch           TEXT,
  repo           TEXT,
  manager        TEXT
);
CREATE INDEX package_changes_host_result ON package_changes (host_result_id);
CREATE INDEX package_changes_name ON package_changes (name);
`;

/*
 * The fleet package index: one "scan" per (host, manager), replaced as a whole by each new scan.
 * Strings that repeat millions of times (package names, versions, arches) are interned, so a
 * package row is six small integers (arch 0 = unknown, version 0 = not installed: an update for a
 * package the scan did not list). Several installed versions of one name (kernels) are several
 * rows. The table is clustered by scan (a rescan deletes one key range); idx_packages_by_name
 * covers the by-name query so it never touches the table.
 */
const V2_PACKAGE_INDEX = `
CREATE TABLE idx_hosts (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE idx_names (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE idx_versions (
  id      INTEGER PRIMARY KEY,
  version TEXT NOT NULL UNIQUE
);
INSERT INTO idx_versions (id, version) VALUES (0, '');
CREATE TABLE idx_arches (
  id   INTEGER PRIMARY KEY,
  arch TEXT NOT NULL UNIQUE
);
INSERT INTO idx_arches (id, arch) VALUES (0, '');

CREATE TABLE idx_scans (
  id               INTEGER PRIMARY KEY,
  host_id          INTEGER NOT NULL REFERENCES idx_hosts (id) ON DELETE CASCADE,
  manager          TEXT NOT NULL,
  os               TEXT,
  scanned_at       INTEGER NOT NULL,
  reboot_required  INTEGER,
  installed_count  INTEGER NOT NULL,
  upgradable_count INTEGER NOT NULL,
  security_count   INTEGER NOT NULL,
  UNIQUE (host_id, manager)
);
CREATE INDEX idx_scans_scanned_at ON idx_scans (scanned_at);

CREATE TABLE idx_packages (
  scan_id       INTEGER NOT NULL REFERENCES idx_scans (id) ON DELETE CASCADE,
  name_id       INTEGER NOT NULL,
  arch_id       INTEGER NOT NULL,
  version_id    INTEGER NOT NULL,
  upgradable_id INTEGER,
  security      INTEGER,
  PRIMARY KEY (scan_id, name_id, arch_id, version_id)
) WITHOUT ROWID;
CREATE INDEX idx_packages_by_name
  ON idx_packages (name_id, scan_id, arch_id, version_id, upgradable_id, security);
CREATE INDEX idx_packages_security ON idx_packages (scan_id, name_id, upgradable_id) WHERE security = 1;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'run history: runs, host_results, package_changes', sql: V1_RUN_HISTORY },
  { version: 2, description: 'fleet package index: interned names, scans, packages', sql: V2_PACKAGE_INDEX },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
