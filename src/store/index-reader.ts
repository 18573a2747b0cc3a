import type { Database } from 'better-sqlite3';
import type { ManagerId } from '../managers/types.js';
import {
  MissingComparatorError,
  type PackageHit,
  type QueryPackageOptions,
  type VersionComparator,
  type VersionComparators,
  type VersionSpread,
} from './index-types.js';

const iso = (ms: number) => new Date(ms).toISOString();

type HitRow = [string, ManagerId, string, string, string | null, number | null, number];

const BY_NAME = `SELECT h.name, s.manager, a.arch, v.version, u.version, p.security, s.scanned_at
  FROM idx_names n
  JOIN idx_packages p ON p.name_id = n.id
  JOIN idx_scans s ON s.id = p.scan_id
  JOIN idx_hosts h ON h.id = s.host_id
  JOIN idx_arches a ON a.id = p.arch_id
  JOIN idx_versions v ON v.id = p.version_id
  LEFT JOIN idx_versions u ON u.id = p.upgradable_id
  WHERE n.name = ?
  ORDER BY h.name, s.manager, a.arch`;

/** Memoises comparisons against one version: a fleet has few distinct versions of a package. */
function belowTest(target: string, comparators: VersionComparators) {
  const cache = new Map<string, boolean>();
  return (manager: ManagerId, version: string): boolean => {
    const k = `${manager}\0${version}`;
    let r = cache.get(k);
    if (r === undefined) {
      r = (comparators[manager] as VersionComparator)(version, target) < 0;
      cache.set(k, r);
    }
    return r;
  };
}

/**
 * Every host that has `name` (installed, or with an update listed for it). With `below`, only
 * installed versions lower than it by the host's manager's rules; a manager without a
 * comparator makes the query fail rather than silently drop its hosts.
 */
export function selectPackage(
  db: Database,
  comparators: VersionComparators,
  name: string,
  opts: QueryPackageOptions = {},
): PackageHit[] {
  let rows = db.prepare(BY_NAME).raw().all(name) as HitRow[];
  if (opts.below !== undefined) {
    rows = rows.filter((r) => r[3] !== '');
    const missing = [...new Set(rows.map((r) => r[1]))].filter((m) => comparators[m] === undefined);
    if (missing.length > 0) throw new MissingComparatorError(missing);
    const isBelow = belowTest(opts.below, comparators);
    rows = rows.filter((r) => isBelow(r[1], r[3]));
  }
  return rows.map((r) => ({
    host: r[0],
    manager: r[1],
    version: r[3] === '' ? null : r[3],
    arch: r[2] === '' ? null : r[2],
    upgradableTo: r[4],
    security: r[5] === null ? null : r[5] === 1,
    scannedAt: iso(r[6]),
  }));
}

/** How many hosts run each installed version of each package, per manager. */
export function selectVersionSpread(db: Database, comparators: VersionComparators, names: string[]): VersionSpread[] {
  if (names.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT n.name, s.manager, v.version, COUNT(DISTINCT s.host_id)
       FROM idx_names n
       JOIN idx_packages p ON p.name_id = n.id AND p.version_id <> 0
       JOIN idx_scans s ON s.id = p.scan_id
       JOIN idx_versions v ON v.id = p.version_id
       WHERE n.name IN (SELECT value FROM json_each(?))
       GROUP BY n.name, s.manager, v.version`,
    )
    .raw()
    .all(JSON.stringify(names)) as [string, ManagerId, string, number][];
  const groups = new Map<string, VersionSpread>();
  for (const [name, manager, version, hosts] of rows) {
    const k = `${name}\0${manager}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { name, manager, versions: [] }));
    g.versions.push({ version, hosts });
  }
  const order = new Map(names.map((n, i) => [n, i]));
  const result = [...groups.values()].sort(
    (a, b) => order.get(a.name)! - order.get(b.name)! || a.manager.localeCompare(b.manager),
  );
  for (const g of result) {
    const cmp = comparators[g.manager] ?? ((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));
    g.versions.sort((a, b) => cmp(b.version, a.version));
  }
  return result;
}
