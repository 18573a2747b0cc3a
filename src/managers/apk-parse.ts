import type { ChangeAction, InstalledPackage, PackageChange, PackageInfo, SearchHit, UpgradablePackage } from './types.js';
import { compareApkVersions } from './version/apk.js';

// Parsers for apk-tools output, v2 (Alpine <= 3.22) and v3 (Alpine >= 3.23). apk cannot run on
// the build machine: formats come from apk-tools' sources and test suite (see the fixtures'
// provenance headers). `list`, `policy` and the commit progress lines are apk's fixed formats;
// none of them is JSON in v2 (`apk query --format json` exists only in v3).

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');

/** Splits `name-version` at the LAST `-` that is followed by a digit (apk-package(5)). */
export function splitNameVersion(s: string): { name: string; version: string } | null {
  for (let i = s.length - 2; i > 0; i--) {
    if (s[i] === '-' && s[i + 1]! >= '0' && s[i + 1]! <= '9') return { name: s.slice(0, i), version: s.slice(i + 1) };
  }
  return null;
}

/** `apk list` rows: `name-ver arch {origin} (license) [status]` (status optional). */
const LIST_ROW = /^(\S+) (\S+) \{([^}]*)\} \((.*?)\)(?: \[(.+)\])?$/;

/**
 * Installed packages from `apk list --installed` (v2 >= 2.10 and v3), also accepting v3's
 * `apk list --installed --manifest` rows (`name version`) and v2's `apk info -v` rows (`name-ver`).
 */
export function parseApkInstalled(stdout: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const line of lines(stdout)) {
    const row = LIST_ROW.exec(line);
    if (row) {
      const nv = splitNameVersion(row[1]!);
      if (nv) out.push({ name: nv.name, version: nv.version, arch: row[2]! });
      continue;
    }
    const manifest = /^(\S+) (\S+)$/.exec(line);
    if (manifest) {
      out.push({ name: manifest[1]!, version: manifest[2]! });
      continue;
    }
    const nv = /^\S+$/.test(line) ? splitNameVersion(line) : null;
    if (nv) out.push(nv);
  }
  return out;
}

/** `apk list --upgradable`: `name-new arch {origin} (license) [upgradable from: name-old]`. */
export function parseApkUpgradable(stdout: string): UpgradablePackage[] {
  const out: UpgradablePackage[] = [];
  for (const line of lines(stdout)) {
    const row = LIST_ROW.exec(line);
    const from = row?.[5] ? /^upgradable from: (\S+)$/.exec(row[5]) : null;
    const next = row ? splitNameVersion(row[1]!) : null;
    const prev = from ? splitNameVersion(from[1]!) : null;
    if (row && next) out.push({ name: next.name, from: prev?.version ?? null, to: next.version, arch: row[2]! });
  }
  return out;
}

const VERBS: Record<string, ChangeAction | null> = {
  Installing: 'install',
  Purging: 'remove',
  Upgrading: 'upgrade',
  Downgrading: 'downgrade',
  Replacing: 'reinstall',
  Reinstalling: 'reinstall',
  '[APK unavailable, skipped] Reinstalling': 'reinstall',
  // Only the repository tag changes; no package is touched.
  'Updating pinning': null,
};

/**
 * Commit progress lines, printed the same with --simulate (src/commit.c):
 * `(i/n) Verb name[@tag] (version)` or `(i/n) Verb name[@tag] (old -> new)`. The self-upgrade
 * of apk-tools that `apk upgrade` does first prints its own numbered block; both count.
 */
export function parseApkPlan(stdout: string, installed: InstalledPackage[]): PackageChange[] {
  const current = new Map(installed.map((p) => [p.name, p.version]));
  const out: PackageChange[] = [];
  const re = /^\(\d+\/\d+\) (\[APK unavailable, skipped\] Reinstalling|Updating pinning|[A-Z][a-z]+) ([^\s@]+)(?:@(\S+))? \((\S+)(?: -> (\S+))?\)$/;
  for (const line of lines(stdout)) {
    const m = re.exec(line.trim());
    if (!m) continue;
    const action = VERBS[m[1]!];
    if (!action) continue;
    const [, , name, tag, a, b] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
    let from: string | null = b !== undefined ? a : null;
    let to: string | null = b !== undefined ? b : a;
    if (action === 'remove') [from, to] = [a, null];
    if (action === 'reinstall' && b === undefined) from = current.get(name) ?? a;
    out.push({ name, action, from, to, ...(tag ? { repo: `@${tag}` } : {}), manager: 'apk' });
  }
  return out;
}

/** `apk search -v`: `name-ver - description` (`name-ver` alone without -v). */
export function parseApkSearch(stdout: string): SearchHit[] {
  const out: SearchHit[] = [];
  for (const line of lines(stdout)) {
    const m = /^(\S+)(?: - (.*))?$/.exec(line);
    const nv = m ? splitNameVersion(m[1]!) : null;
    if (nv) out.push({ name: nv.name, version: nv.version, ...(m?.[2] ? { summary: m[2] } : {}) });
  }
  return out;
}

/**
 * `apk policy NAME` (src/app_policy.c): `NAME policy:`, then per version `  VER:` followed by
 * the places that have it, `    lib/apk/db/installed` for the installed one and
 * `    [@tag ]URL` for repositories. The candidate is the highest version found in an untagged
 * repository (tagged ones are only used when asked for with name@tag).
 */
export function parseApkPolicy(stdout: string, name: string): PackageInfo | null {
  let inBlock = false;
  let version: string | null = null;
  let installed: string | null = null;
  const candidates: string[] = [];
  const fields: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const head = /^(\S+) policy:$/.exec(line);
    if (head) {
      inBlock = head[1] === name;
      continue;
    }
    if (!inBlock) continue;
    const ver = /^ {2}(\S+?)(?: \([a-z]+\))?:$/.exec(line);
    if (ver) {
      version = ver[1]!;
      continue;
    }
    const where = /^ {4}(\S.*)$/.exec(line)?.[1];
    if (!where || version === null) continue;
    fields[version] = fields[version] ? `${fields[version]}\n${where}` : where;
    if (/(^|\/)installed$/.test(where)) installed = version;
    else if (!where.startsWith('@')) candidates.push(version);
  }
  if (Object.keys(fields).length === 0) return null;
  const candidate = candidates.reduce<string | null>((best, v) => (best === null || compareApkVersions(v, best) > 0 ? v : best), null);
  return { name, installedVersion: installed, candidateVersion: candidate, fields };
}
