import type { InstalledPackage, UpgradablePackage } from '../managers/types.js';

/** One idx_packages row before interning: [name, arch, version, upgradableTo, security]. */
export type ScanRow = [string, string, string, string | null, 0 | 1 | null];

const key = (name: string, arch: string, version: string) => `${name}\0${arch}\0${version}`;

/**
 * Joins a scan's installed list with its upgradable list. An update matches the installed rows
 * of the same name and arch (every arch when either side has none); an update with no installed
 * match becomes a row of its own whose version is its `from` ('' when unknown).
 */
export function buildScanRows(installed: InstalledPackage[], upgradable: UpgradablePackage[]): ScanRow[] {
  const rows = new Map<string, ScanRow>();
  const byName = new Map<string, ScanRow[]>();
  for (const p of installed) {
    const arch = p.arch ?? '';
    const k = key(p.name, arch, p.version);
    if (rows.has(k)) continue;
    const row: ScanRow = [p.name, arch, p.version, null, null];
    rows.set(k, row);
    const list = byName.get(p.name);
    if (list) list.push(row);
    else byName.set(p.name, [row]);
  }
  for (const u of upgradable) {
    const arch = u.arch ?? '';
    const security = u.security === undefined ? null : u.security ? 1 : 0;
    const matches = (byName.get(u.name) ?? []).filter((r) => arch === '' || r[1] === '' || r[1] === arch);
    if (matches.length > 0) {
      for (const r of matches) {
        r[3] = u.to;
        r[4] = security;
      }
      continue;
    }
    const version = u.from ?? '';
    const k = key(u.name, arch, version);
    const existing = rows.get(k);
    if (existing) {
      existing[3] = u.to;
      existing[4] = security;
    } else rows.set(k, [u.name, arch, version, u.to, security]);
  }
  return [...rows.values()];
}
