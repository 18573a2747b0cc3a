// Parsers for apt-get / apt-cache / dpkg-query output (LC_ALL=C); apt-cache policy is in apt-policy.ts.
// dpkg-query -W -f is machine-readable. apt has no machine-readable simulate or search output:
// the `Inst`/`Remv` lines of `apt-get -s` and `apt-cache search` are human output, scraped here
// (formats checked against apt 2.6 on Debian 12, see test/fixtures/apt).
import { compareDebianVersions } from './version/dpkg.js';
import type {
  ExecResult,
  InstalledPackage,
  PackageChange,
  SearchHit,
  UpgradablePackage,
} from './types.js';

export const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/\r$/, ''));

/** `libc6:amd64` → { name: 'libc6', arch: 'amd64' }; names without a qualifier pass through. */
export function splitArch(fullName: string): { name: string; arch?: string } {
  const colon = fullName.indexOf(':');
  if (colon < 0) return { name: fullName };
  return { name: fullName.slice(0, colon), arch: fullName.slice(colon + 1) };
}

/**
 * Status (second letter of db:Status-Abbrev) that count as installed: i = installed,
 * t = triggers pending, W = triggers awaited. Left out: c (config files only), U (unpacked),
 * F (half-configured), H (half-installed), n (not installed).
 */
const INSTALLED_STATUS = new Set(['i', 't', 'W']);

/**
 * Rows of `dpkg-query -W -f='${binary:Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n'`.
 * It reads every host's full package list on every listing, so it scans the text with indexOf
 * instead of splitting it into lines and fields (about 3x faster, and no per-line garbage).
 * Same rules as a split: a row needs name, version and a status field; the status's second
 * letter must say installed; a trailing CR is ignored; fields after the fourth are ignored.
 */
export function parseDpkgQuery(stdout: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (let start = 0; start < stdout.length; ) {
    let end = stdout.indexOf('\n', start);
    if (end < 0) end = stdout.length;
    const row = dpkgRow(stdout, start, end > start && stdout.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (row) out.push(row);
    start = end + 1;
  }
  return out;
}

/** The next tab in text[from, end), or -1. */
function tabIn(text: string, from: number, end: number): number {
  const i = text.indexOf('\t', from);
  return i >= 0 && i < end ? i : -1;
}

/** One row text[start, end): name[:arch] TAB version TAB arch TAB status [TAB ...]. */
function dpkgRow(text: string, start: number, end: number): InstalledPackage | null {
  const t1 = tabIn(text, start, end);
  const t2 = t1 < 0 ? -1 : tabIn(text, t1 + 1, end);
  const t3 = t2 < 0 ? -1 : tabIn(text, t2 + 1, end);
  if (t3 < 0 || t1 === start || t2 === t1 + 1) return null;
  const t4 = tabIn(text, t3 + 1, end);
  const statusEnd = t4 < 0 ? end : t4;
  if (t3 + 2 >= statusEnd || !INSTALLED_STATUS.has(text.charAt(t3 + 2))) return null;
  const colon = text.indexOf(':', start);
  const name = text.slice(start, colon >= 0 && colon < t1 ? colon : t1);
  const version = text.slice(t1 + 1, t2);
  return t3 > t2 + 1 ? { name, version, arch: text.slice(t2 + 1, t3) } : { name, version };
}

export interface SimLine {
  op: 'Inst' | 'Remv' | 'Purg';
  name: string;
  arch?: string;
  /** The installed version apt printed in [brackets], if any. */
  from: string | null;
  /** The candidate version (Inst only). */
  to: string | null;
  /** The candidate's origins as apt prints them: `Debian:12.15/oldstable, Debian-Security:12/oldstable-security`. */
  release?: string;
}

// Inst NAME [OLD] (NEW RELEASE[, RELEASE…] [ARCH]) [trailing notes…]
const INST = /^Inst (\S+)(?: \[([^\]]*)\])? \((\S+) (.*?) ?\[([^\]\s]+)\]\)/;
// Remv NAME [OLD] / Purg NAME [OLD]
const REMV = /^(Remv|Purg) (\S+)(?: \[([^\]]*)\])?/;

/** The `Inst`, `Remv` and `Purg` lines of an `apt-get -s` run, in apt's order. `Conf` lines are skipped. */
export function parseSimulation(stdout: string): SimLine[] {
  const out: SimLine[] = [];
  for (const line of lines(stdout)) {
    const inst = INST.exec(line);
    if (inst) {
      const { name } = splitArch(inst[1]!);
      out.push({ op: 'Inst', name, arch: inst[5]!, from: inst[2] || null, to: inst[3]!, release: inst[4]! });
      continue;
    }
    const remv = REMV.exec(line);
    if (remv) {
      const { name, arch } = splitArch(remv[2]!);
      const entry: SimLine = { op: remv[1] as 'Remv' | 'Purg', name, from: remv[3] || null, to: null };
      if (arch) entry.arch = arch;
      out.push(entry);
    }
  }
  return out;
}

/** True when any origin of the candidate names a security archive (Debian-Security, *-security, Lab-Security). */
export function isSecurityRelease(release: string | undefined): boolean {
  return release !== undefined && /security/i.test(release);
}

/** `apt-get -s dist-upgrade`: every Inst line (new dependencies have from = null). */
export function parseAptUpgradable(results: ExecResult[]): UpgradablePackage[] {
  const first = results[0];
  if (!first) return [];
  return parseSimulation(first.stdout)
    .filter((l) => l.op === 'Inst' && l.to !== null)
    .map((l) => {
      const item: UpgradablePackage = { name: l.name, from: l.from, to: l.to!, security: isSecurityRelease(l.release) };
      if (l.arch) item.arch = l.arch;
      if (l.release) item.repo = l.release;
      return item;
    });
}

function findInstalled(installed: InstalledPackage[], name: string, arch?: string): InstalledPackage | undefined {
  const same = installed.filter((p) => p.name === name);
  // 'all' packages and native-arch packages are printed without a qualifier: match loosely.
  return same.find((p) => arch === undefined || p.arch === arch || p.arch === 'all' || arch === 'all') ?? same[0];
}

/** Any `apt-get -s` run → changes, before → after, dependencies included. */
export function parseAptPlan(result: ExecResult, installed: InstalledPackage[]): PackageChange[] {
  return parseSimulation(result.stdout).map((l) => {
    const from = l.from ?? findInstalled(installed, l.name, l.arch)?.version ?? null;
    let action: PackageChange['action'];
    if (l.op !== 'Inst') action = 'remove';
    else if (from === null) action = 'install';
    else {
      const c = compareDebianVersions(l.to!, from);
      action = c > 0 ? 'upgrade' : c < 0 ? 'downgrade' : 'reinstall';
    }
    const change: PackageChange = { name: l.name, action, from, to: l.to, manager: 'apt' };
    if (l.arch) change.arch = l.arch;
    if (l.release) change.repo = l.release;
    return change;
  });
}

/** `apt-cache search --names-only`: `name - summary` per line. */
export function parseAptSearch(stdout: string): SearchHit[] {
  const out: SearchHit[] = [];
  for (const line of lines(stdout)) {
    const sep = line.indexOf(' - ');
    if (sep <= 0) continue;
    out.push({ name: line.slice(0, sep), summary: line.slice(sep + 3) });
  }
  return out;
}
