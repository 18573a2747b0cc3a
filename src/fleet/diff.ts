import type { InstalledPackage, PackageChange, ManagerId } from '../managers/types.js';

/**
 * Changes between two installed-package lists. "changed" means a version really changed:
 * this is what makes results honest (a command that ran but changed nothing is not a change).
 */
export function diffInstalled(
  before: InstalledPackage[],
  after: InstalledPackage[],
  compare: (a: string, b: string) => number,
  manager?: ManagerId,
): PackageChange[] {
  const key = (p: InstalledPackage) => (p.arch ? `${p.name}\u0000${p.arch}` : p.name);
  const old = new Map(before.map((p) => [key(p), p]));
  const now = new Map(after.map((p) => [key(p), p]));
  const changes: PackageChange[] = [];
  for (const [k, p] of now) {
    const o = old.get(k);
    const base = { name: p.name, ...(p.arch ? { arch: p.arch } : {}), ...(manager ? { manager } : {}) };
    if (!o) changes.push({ ...base, action: 'install', from: null, to: p.version });
    else if (o.version !== p.version) {
      const c = compare(o.version, p.version);
      changes.push({ ...base, action: c > 0 ? 'downgrade' : c < 0 ? 'upgrade' : 'reinstall', from: o.version, to: p.version });
    }
  }
  for (const [k, o] of old) {
    if (!now.has(k)) {
      changes.push({ name: o.name, ...(o.arch ? { arch: o.arch } : {}), ...(manager ? { manager } : {}), action: 'remove', from: o.version, to: null });
    }
  }
  return changes.sort((a, b) => a.name.localeCompare(b.name));
}
