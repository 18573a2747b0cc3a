// Upgradable / security / search listings of dnf4, dnf5 and yum 3.
import type { ExecResult, InstalledPackage, SearchHit, UpgradablePackage } from './types.js';
import { findInstalledVersion, formatEvr, normalizeEvr, parseNevra, parseRpmQa } from './rpm-query.js';

/** repoquery --qf fields, `|`-separated; the summary (free text) goes last so it may hold `|`. */
export const REPOQUERY_FORMAT = '%{name}|%{epoch}|%{version}|%{release}|%{arch}|%{repoid}';
export const REPOQUERY_SEARCH_FORMAT = `${REPOQUERY_FORMAT}|%{summary}`;

export interface Candidate {
  name: string;
  evr: string;
  arch: string;
  repo: string;
  summary?: string;
}

/** Lines printed by `repoquery --qf REPOQUERY_FORMAT[|%{summary}]` (machine-readable). */
export function parseRepoquery(stdout: string): Candidate[] {
  const out: Candidate[] = [];
  for (const line of stdout.split('\n')) {
    const f = line.split('|');
    if (f.length < 6) continue;
    const [name, epoch, version, release, arch, repo] = f as [string, string, string, string, string, string];
    if (name === '' || version === '') continue;
    const c: Candidate = { name, evr: formatEvr(epoch, version, release), arch, repo };
    if (f.length > 6) c.summary = f.slice(6).join('|');
    out.push(c);
  }
  return out;
}

/**
 * yum 3 `check-update` (SCRAPES HUMAN OUTPUT; yum-utils' repoquery is not always installed):
 * `name.arch  [E:]V-R  repo`, an overlong `name.arch` alone on its line with the rest on the
 * next one; the `Obsoleting Packages` block that may follow is not a list of upgrades.
 */
export function parseCheckUpdate(stdout: string): Candidate[] {
  const out: Candidate[] = [];
  let pending: string | null = null;
  for (const line of stdout.split('\n')) {
    if (/^Obsoleting Packages/.test(line)) break;
    const t = line.trim().split(/\s+/).filter(Boolean);
    if (t.length === 1 && /^\S+\.[^.\s]+$/.test(t[0]!) && !/^\s/.test(line)) {
      pending = t[0]!;
      continue;
    }
    const tokens = pending && t.length === 2 && /^\s/.test(line) ? [pending, ...t] : t;
    pending = null;
    if (tokens.length !== 3) continue;
    const [na, evr, repo] = tokens as [string, string, string];
    const dot = na.lastIndexOf('.');
    if (dot <= 0 || !/\d/.test(evr)) continue;
    out.push({ name: na.slice(0, dot), arch: na.slice(dot + 1), evr: normalizeEvr(evr), repo });
  }
  return out;
}

/**
 * Packages named by security advisories, as `name.arch` keys. Reads dnf4/yum
 * `updateinfo list` (`ID  Severity/Sec.  NEVRA`) and dnf5 `advisory list`
 * (`Name Type Severity Package Issued`). SCRAPES HUMAN OUTPUT (dnf5 --json only since 5.3).
 */
export function parseSecurityAdvisories(stdout: string): Set<string> {
  const keys = new Set<string>();
  for (const line of stdout.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t.length < 3) continue;
    const security = t.some((x) => /\/Sec\.$/.test(x) || x.toLowerCase() === 'security');
    if (!security) continue;
    for (const token of t.slice(2)) {
      const nevra = parseNevra(token);
      if (nevra && /\d/.test(nevra.evr)) {
        keys.add(`${nevra.name}.${nevra.arch}`);
        break;
      }
    }
  }
  return keys;
}

/** Candidates + the installed set (from-versions) + security keys (null = could not tell). */
export function joinUpgradable(
  candidates: Candidate[],
  installed: InstalledPackage[],
  security: Set<string> | null,
): UpgradablePackage[] {
  return candidates.map((c) => {
    const u: UpgradablePackage = {
      name: c.name,
      from: findInstalledVersion(installed, c.name, c.arch),
      to: c.evr,
      arch: c.arch,
      repo: c.repo,
    };
    if (security) u.security = security.has(`${c.name}.${c.arch}`);
    return u;
  });
}

export function searchHitsFromRepoquery(stdout: string): SearchHit[] {
  return parseRepoquery(stdout).map((c) => {
    const hit: SearchHit = { name: c.name, version: c.evr, repo: c.repo };
    if (c.summary !== undefined) hit.summary = c.summary;
    return hit;
  });
}

/**
 * yum 3 `search` (SCRAPES HUMAN OUTPUT): `name.arch : summary` under `=== N/S matched ===`
 * banners; long summaries continue on lines starting with spaces and ` : `.
 */
export function parseYumSearch(stdout: string): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\.([^.\s]+) : (.*)$/.exec(line);
    if (m) {
      hits.push({ name: m[1]!, summary: m[3]!.trim() });
      continue;
    }
    const more = /^\s+: (.*)$/.exec(line);
    const prev = hits[hits.length - 1];
    if (more && prev) prev.summary = `${prev.summary ?? ''} ${more[1]!.trim()}`.trim();
  }
  return hits;
}

/**
 * Results of a dnf-family listUpgradable(), in order: repoquery --upgrades, rpm -qa, and the
 * security advisory list (dnf4 `updateinfo`, dnf5 `advisory`; one output format for both).
 */
export function parseDnfFamilyUpgradable(results: ExecResult[]): UpgradablePackage[] {
  const [upgrades, rpmdb, advisories] = results;
  if (!upgrades || upgrades.code !== 0) return [];
  const security = advisories && advisories.code === 0 ? parseSecurityAdvisories(advisories.stdout) : null;
  return joinUpgradable(parseRepoquery(upgrades.stdout), parseRpmQa(rpmdb?.stdout ?? ''), security);
}
