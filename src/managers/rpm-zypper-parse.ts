// Parsers for zypper's --xmlout documents (list-updates, dry-run plans, search) and, where
// zypper has no XML, its `info` text.
import type { ChangeAction, ExecResult, InstalledPackage, PackageChange, PackageInfo, SearchHit, UpgradablePackage } from './types.js';
import { findInstalledVersion, normalizeEvr } from './rpm-query.js';
import { xmlElements } from './rpm-zypper-xml.js';
import { compareRpmVersions } from './version/rpm.js';

/** `<update kind="package" name edition arch edition-old><source alias/></update>` */
export function parseZypperUpdates(xml: string): UpgradablePackage[] {
  return xmlElements(xml, 'update')
    .filter((u) => u.attrs.kind === 'package' && u.attrs.name && u.attrs.edition)
    .map((u) => {
      const a = u.attrs;
      const pkg: UpgradablePackage = {
        name: a.name!,
        from: a['edition-old'] ? normalizeEvr(a['edition-old']) : null,
        to: normalizeEvr(a.edition!),
      };
      if (a.arch) pkg.arch = a.arch;
      const alias = xmlElements(u.inner, 'source')[0]?.attrs.alias;
      if (alias) pkg.repo = alias;
      return pkg;
    });
}

/** Summary sections of a dry-run plan; to-change-arch / to-change-vendor replace the package. */
const PLAN_SECTIONS: Record<string, ChangeAction> = {
  'to-install': 'install',
  'to-upgrade': 'upgrade',
  'to-downgrade': 'downgrade',
  'to-reinstall': 'reinstall',
  'to-remove': 'remove',
  'to-change-arch': 'upgrade',
  'to-change-vendor': 'upgrade',
};

/**
 * `<install-summary>` of `install|remove|update|patch --dry-run`: package solvables only (a
 * patch or product "installed" alongside is metadata). edition-old is printed for upgrades and
 * downgrades; anything else missing comes from `installed`.
 */
export function parseZypperPlan(xml: string, installed: InstalledPackage[]): PackageChange[] {
  const changes: PackageChange[] = [];
  for (const [section, action] of Object.entries(PLAN_SECTIONS)) {
    for (const block of xmlElements(xml, section)) {
      for (const s of xmlElements(block.inner, 'solvable')) {
        const a = s.attrs;
        if (a.type !== 'package' || !a.name || !a.edition) continue;
        const edition = normalizeEvr(a.edition);
        const change: PackageChange = { name: a.name, action, from: null, to: edition };
        if (a.arch) change.arch = a.arch;
        if (action === 'remove') {
          change.from = edition;
          change.to = null;
        } else if (action === 'reinstall') {
          change.from = edition;
        } else if (action !== 'install') {
          change.from = a['edition-old'] ? normalizeEvr(a['edition-old']) : findInstalledVersion(installed, a.name, a['arch-old'] ?? a.arch);
        }
        changes.push(change);
      }
    }
  }
  return changes;
}

/** Whether a result holds a dry-run plan (patch --dry-run) rather than a list-updates document. */
const isPlan = (r: ExecResult | undefined) => r !== undefined && r.stdout.includes('<install-summary');

/**
 * listUpgradable() results in order: [list-updates, patch --dry-run --category security] or,
 * for security only, [patch --dry-run --category security]. The security plan marks which
 * updates a security patch brings (list-patches names no packages).
 */
export function parseZypperUpgradable(results: ExecResult[]): UpgradablePackage[] {
  const [first, second] = results;
  if (!first) return [];
  if (isPlan(first)) {
    return parseZypperPlan(first.stdout, [])
      .filter((c) => c.action === 'upgrade' || c.action === 'install')
      .map((c) => {
        const u: UpgradablePackage = { name: c.name, from: c.from, to: c.to!, security: true };
        if (c.arch) u.arch = c.arch;
        return u;
      });
  }
  const updates = parseZypperUpdates(first.stdout);
  if (!isPlan(second)) return updates;
  const secure = new Set(parseZypperPlan(second!.stdout, []).map((c) => `${c.name}.${c.arch ?? ''}`));
  return updates.map((u) => ({ ...u, security: secure.has(`${u.name}.${u.arch ?? ''}`) }));
}

/**
 * `search --details`: one solvable per version and repository; grouped by name, newest edition
 * first, installed when any of them is.
 */
export function parseZypperSearch(xml: string): SearchHit[] {
  const byName = new Map<string, SearchHit>();
  for (const s of xmlElements(xml, 'solvable')) {
    const a = s.attrs;
    if (!a.name || (a.kind && a.kind !== 'package')) continue;
    const hit = byName.get(a.name) ?? { name: a.name, installed: false };
    if (a.status === 'installed') hit.installed = true;
    const edition = a.edition ? normalizeEvr(a.edition) : undefined;
    if (edition && (hit.version === undefined || compareRpmVersions(edition, hit.version) > 0)) {
      hit.version = edition;
      if (a.repository) hit.repo = a.repository;
    }
    if (a.summary) hit.summary = a.summary;
    byName.set(a.name, hit);
  }
  return [...byName.values()];
}

/**
 * `zypper info NAME` (SCRAPES HUMAN OUTPUT: with --xmlout zypper only wraps this same text in a
 * <message>). `Key : Value` lines; Description continues on indented lines; Status reads
 * `up-to-date`, `out-of-date (version X installed)` or `not installed`.
 */
export function parseZypperInfo(stdout: string, name: string): PackageInfo | null {
  const blocks = stdout.split(/^Information for \S+ /m).slice(1);
  for (const block of blocks) {
    const fields: Record<string, string> = {};
    let last: string | null = null;
    for (const line of block.split('\n').slice(1)) {
      const kv = /^(\S[^:]*?)\s*: ?(.*)$/.exec(line);
      if (kv) {
        last = kv[1]!;
        fields[last] = kv[2]!.trimEnd();
      } else if (last && /^\s+\S/.test(line)) {
        fields[last] = `${fields[last]}\n${line.trim()}`.replace(/^\n/, '');
      }
    }
    if (fields.Name !== name || !fields.Version) continue;
    const candidate = normalizeEvr(fields.Version);
    const status = fields.Status ?? '';
    const older = /version (\S+) installed/.exec(status);
    const installedVersion = older ? normalizeEvr(older[1]!) : /^up-to-date/.test(status) || fields.Installed === 'Yes' ? candidate : null;
    const info: PackageInfo = { name, installedVersion, candidateVersion: candidate, fields };
    if (fields.Summary !== undefined) info.summary = fields.Summary;
    if (fields.Repository !== undefined) info.repo = fields.Repository;
    return info;
  }
  return null;
}
