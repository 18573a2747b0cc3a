import type Database from 'better-sqlite3';
import type { ManagerId } from '../managers/types.js';
import type { ScanInput } from './index-types.js';

/**
 * A deterministic synthetic fleet for tests and benchmarks. Host h (0-based) runs variant
 * h % variants of every package; packages p % upgradeEvery == 0 have an update to the next
 * variant, a security one when p % (2 * upgradeEvery) == 0 on hosts h % 3 != 0. Every
 * rebootEvery-th host needs a reboot; every staleEvery-th host was last scanned 30 days earlier.
 * syntheticScan() gives one host's scan for recordScan(); fillSynthetic() writes the same data
 * for the whole fleet in bulk SQL (tests check that both agree).
 */
export interface SyntheticOptions {
  hosts: number;
  packages: number;
  managers?: ManagerId[];
  variants?: number;
  upgradeEvery?: number;
  rebootEvery?: number;
  staleEvery?: number;
  scannedAt?: Date;
}

type Resolved = Required<SyntheticOptions>;

const REAL_NAMES = ['openssl', 'openssh-server', 'bash', 'sudo', 'curl', 'systemd', 'glibc', 'zlib', 'tzdata', 'kernel'];
const ARCH: Partial<Record<ManagerId, string>> = { apt: 'amd64', dnf: 'x86_64', dnf5: 'x86_64', yum: 'x86_64', zypper: 'x86_64', pacman: 'x86_64' };
const DAY = 86_400_000;

function resolve(o: SyntheticOptions): Resolved {
  return {
    hosts: o.hosts,
    packages: o.packages,
    managers: o.managers ?? ['apt', 'dnf'],
    variants: o.variants ?? 4,
    upgradeEvery: o.upgradeEvery ?? 50,
    rebootEvery: o.rebootEvery ?? 10,
    staleEvery: o.staleEvery ?? 100,
    scannedAt: o.scannedAt ?? new Date(),
  };
}

export const syntheticHostName = (h: number) => `host-${String(h).padStart(5, '0')}`;
export const syntheticPackageName = (p: number) => REAL_NAMES[p] ?? `pkg-${String(p).padStart(5, '0')}`;
const versionPrefix = (p: number) => `${1 + (p % 9)}.`;
const versionSuffix = (p: number) => `.${p % 13}-1`;
export const syntheticVersion = (p: number, variant: number) => `${versionPrefix(p)}${variant}${versionSuffix(p)}`;

function hostFacts(h: number, o: Resolved) {
  const manager = o.managers[h % o.managers.length]!;
  return {
    manager,
    arch: ARCH[manager] ?? '',
    variant: h % o.variants,
    securityHost: h % 3 !== 0,
    reboot: h % o.rebootEvery === 0,
    scannedAt: o.scannedAt.getTime() - (h % o.staleEvery === 0 ? 30 * DAY : (h % 24) * 3_600_000),
  };
}

/** Host h's scan, as a real scan would report it. */
export function syntheticScan(h: number, options: SyntheticOptions): { host: string; scan: ScanInput } {
  const o = resolve(options);
  const f = hostFacts(h, o);
  const scan: ScanInput = { manager: f.manager, installed: [], upgradable: [], rebootRequired: f.reboot, scannedAt: new Date(f.scannedAt) };
  for (let p = 0; p < o.packages; p++) {
    const name = syntheticPackageName(p);
    const version = syntheticVersion(p, f.variant);
    scan.installed.push(f.arch ? { name, version, arch: f.arch } : { name, version });
    if (p % o.upgradeEvery === 0) {
      const security = p % (2 * o.upgradeEvery) === 0 && f.securityHost;
      scan.upgradable.push({ name, from: version, to: syntheticVersion(p, o.variants), ...(f.arch ? { arch: f.arch } : {}), security });
    }
  }
  return { host: syntheticHostName(h), scan };
}

export interface SyntheticFillReport {
  hosts: number;
  rows: number;
  ms: number;
}

/** Fills an EMPTY package index with the whole synthetic fleet, in one transaction. */
export function fillSynthetic(
  target: Database.Database | { db: Database.Database },
  options: SyntheticOptions,
): SyntheticFillReport {
  const db = 'db' in target ? target.db : target;
  const o = resolve(options);
  const t0 = Date.now();
  if ((db.prepare('SELECT COUNT(*) FROM idx_hosts').pluck().get() as number) > 0) {
    throw new Error('fillSynthetic needs an empty package index');
  }
  // Secondary indexes are dropped for the bulk insert and rebuilt after it (a sort, much faster).
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'idx_packages' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[];
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('cache_size = -131072');
  db.pragma('temp_store = MEMORY');
  try {
    db.transaction(() => {
      for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
      const counts = writeDictionaries(db, o);
      writeHosts(db, o, counts);
      db.prepare(
        `INSERT INTO idx_packages (scan_id, name_id, arch_id, version_id, upgradable_id, security)
         SELECT h.scan_id, v.name_id, h.arch_id, v.version_id, v.upgradable_id,
                CASE WHEN v.upgradable_id IS NOT NULL THEN v.security AND h.security_host END
         FROM syn_host h CROSS JOIN syn_ver v WHERE v.variant = h.variant`,
      ).run();
      db.exec('DROP TABLE syn_ver; DROP TABLE syn_host;');
      for (const ix of indexes) db.exec(ix.sql);
    }).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`temp_store = ${tempStore}`);
  }
  return { hosts: o.hosts, rows: o.hosts * o.packages, ms: Date.now() - t0 };
}

/** Names, versions and the (variant, package) → ids table the bulk insert joins with. */
function writeDictionaries(db: Database.Database, o: Resolved) {
  db.exec(`CREATE TEMP TABLE syn_ver (variant INTEGER, p INTEGER, name_id INTEGER, version_id INTEGER,
             upgradable_id INTEGER, security INTEGER, PRIMARY KEY (variant, p)) WITHOUT ROWID`);
  const intern = (table: string, col: string) => {
    const ins = db.prepare(`INSERT OR IGNORE INTO ${table} (${col}) VALUES (?)`);
    const get = db.prepare(`SELECT id FROM ${table} WHERE ${col} = ?`).pluck();
    return (value: string) => (ins.run(value), get.get(value) as number);
  };
  const nameId = intern('idx_names', 'name');
  const versionId = intern('idx_versions', 'version');
  const row = db.prepare('INSERT INTO syn_ver VALUES (?, ?, ?, ?, ?, ?)');
  let upgradable = 0;
  let security = 0;
  for (let p = 0; p < o.packages; p++) {
    const name = nameId(syntheticPackageName(p));
    const up = p % o.upgradeEvery === 0;
    const sec = up && p % (2 * o.upgradeEvery) === 0;
    const target = up ? versionId(syntheticVersion(p, o.variants)) : null;
    for (let v = 0; v < o.variants; v++) row.run(v, p, name, versionId(syntheticVersion(p, v)), target, sec ? 1 : 0);
    if (up) upgradable++;
    if (sec) security++;
  }
  return { upgradable, security };
}

function writeHosts(db: Database.Database, o: Resolved, counts: { upgradable: number; security: number }) {
  db.exec('CREATE TEMP TABLE syn_host (scan_id INTEGER PRIMARY KEY, arch_id INTEGER, variant INTEGER, security_host INTEGER)');
  const arch = db.prepare('INSERT OR IGNORE INTO idx_arches (arch) VALUES (?)');
  const archId = db.prepare('SELECT id FROM idx_arches WHERE arch = ?').pluck();
  const host = db.prepare('INSERT INTO idx_hosts (name) VALUES (?)');
  const scan = db.prepare(
    `INSERT INTO idx_scans (host_id, manager, scanned_at, reboot_required, installed_count, upgradable_count, security_count)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const row = db.prepare('INSERT INTO syn_host VALUES (?, ?, ?, ?)');
  for (let h = 0; h < o.hosts; h++) {
    const f = hostFacts(h, o);
    arch.run(f.arch);
    const hostId = host.run(syntheticHostName(h)).lastInsertRowid;
    const security = f.securityHost ? counts.security : 0;
    const scanId = scan.run(hostId, f.manager, f.scannedAt, f.reboot ? 1 : 0, o.packages, counts.upgradable, security).lastInsertRowid;
    row.run(scanId, archId.get(f.arch), f.variant, f.securityHost ? 1 : 0);
  }
}
