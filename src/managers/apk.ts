import type { Command, ExecResult, ExitVerdict, OperationKind, PackageManager, PackageSpec } from './types.js';
import { parseApkInstalled, parseApkPlan, parseApkPolicy, parseApkSearch, parseApkUpgradable } from './apk-parse.js';
import { kernelModulesCheck, parseKernelModulesCheck } from './reboot-modules.js';
import { compareApkVersions, isValidApkVersion } from './version/apk.js';
import { cacheAgeCommand, parseCacheAge } from './cache-age.js';

/**
 * apk (Alpine), apk-tools v2 and v3. Not runnable on the build machine: written from apk-tools'
 * sources, man pages and test suite.
 * - apk never prompts unless told to (`--interactive`), so no "yes" flag exists or is needed.
 * - Locks: /lib/apk/db/lock is an flock; a held one fails at once with exit 99 and
 *   `Unable to lock database`. No `--wait N`: the runner's own loop waits, says "waiting for the
 *   Apk lock" and keeps to --lock-timeout.
 * - Pins: `name=ver` (exact) and `name=1.24*` (mapped to apk's fuzzy `name~1.24`). apk records a
 *   constraint in /etc/apk/world, so a pinned package STAYS pinned for later upgrades until it is
 *   added again without a version.
 * - Check mode: `--simulate` opens the database read-only and does not refresh indexes.
 * - No security metadata: security-only upgrades are unsupported.
 */

const WAIT = ['--no-progress'];

// apk's package-name characters (apk_ctype PKGNAME): letters, digits and + - . _
const NAME = /^[A-Za-z0-9_][A-Za-z0-9+._-]*$/;

function validateName(name: string): string | null {
  if (name === '') return 'package name is empty';
  if (name.length > 255) return 'package name is longer than 255 characters';
  if (name.startsWith('-')) return `package name ${JSON.stringify(name)} starts with '-'`;
  if (!NAME.test(name)) return `invalid apk package name ${JSON.stringify(name)}: only letters, digits and + - . _ are allowed`;
  return null;
}

function validateVersion(version: string): string | null {
  if (version === '') return 'version is empty';
  const base = version.endsWith('*') ? version.slice(0, -1) : version;
  if (base === '' || !isValidApkVersion(base)) {
    return `invalid apk version ${JSON.stringify(version)}: expected digits{.digits}[letter]{_suffix[N]}[~hash][-rN], optionally ending in '*'`;
  }
  return null;
}

function must(reason: string | null): void {
  if (reason !== null) throw new Error(reason);
}

function parseSpec(raw: string): PackageSpec {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  must(validateName(name));
  if (eq < 0) return { name };
  const version = raw.slice(eq + 1);
  must(validateVersion(version));
  return { name, version };
}

/** The apk dependency string for a spec: name, name=ver, or name~prefix for `ver*`. */
function target(spec: PackageSpec): string {
  must(validateName(spec.name));
  if (spec.version === undefined) return spec.name;
  must(validateVersion(spec.version));
  return spec.version.endsWith('*') ? `${spec.name}~${spec.version.slice(0, -1)}` : `${spec.name}=${spec.version}`;
}

function names(list: string[]): string[] {
  if (list.length === 0) throw new Error('no package names given');
  for (const n of list) must(validateName(n));
  return list;
}

function noSecurity(opts?: { security?: boolean }): void {
  if (opts?.security) throw new Error('apk has no security metadata: security-only upgrades are unsupported');
}

const simulate = (opts?: { check?: boolean }) => (opts?.check ? ['--simulate'] : []);

const LOCK = /Unable to lock database|Waiting for repository lock/;
const NOT_FOUND = /(\S+) \(no such package\)|No such package: (\S+)/;

function interpretExit(_op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  if (LOCK.test(text)) return { ok: false, lockHeld: true, message: 'the apk database is locked by another process' };
  const nf = NOT_FOUND.exec(text);
  if (nf) return { ok: false, notFound: true, message: `package not found: ${nf[1] ?? nf[2]}` };
  if (r.code === 0) return { ok: true };
  // Exit codes: 1-98 = number of errors, 99 = internal failure or >= 99 errors.
  const errors = text.split('\n').filter((l) => /^ERROR:/.test(l.trim()));
  return { ok: false, message: errors.join('\n') || `apk exited with ${r.code ?? r.signal}` };
}

export const apk: PackageManager = {
  id: 'apk',
  displayName: 'Apk',
  kind: 'native',
  binaries: ['apk'],
  securityUpgrade: 'unsupported',
  supportsVersionPin: true,

  validateName,
  validateVersion,
  parseSpec,

  refresh: (): Command[] => [{ argv: ['apk', 'update', ...WAIT], root: true }],
  listInstalled: (): Command => ({ argv: ['apk', 'list', '--installed'], root: false, localQuery: true, alike: {} }),
  listUpgradable: (opts): Command[] => {
    noSecurity(opts);
    return [{ argv: ['apk', 'list', '--upgradable'], root: false }];
  },
  install: (specs, opts): Command => {
    if (specs.length === 0) throw new Error('no packages to install');
    return { argv: ['apk', 'add', ...WAIT, ...simulate(opts), ...specs.map(target)], root: true };
  },
  remove: (list, opts): Command => ({ argv: ['apk', 'del', ...WAIT, ...simulate(opts), ...names(list)], root: true }),
  upgrade: (targets, opts): Command => {
    noSecurity(opts);
    // An exact version can only be reached through `add` (which records it in the world file).
    if (targets.some((t) => t.version !== undefined)) {
      return { argv: ['apk', 'add', '--upgrade', ...WAIT, ...simulate(opts), ...targets.map(target)], root: true };
    }
    return { argv: ['apk', 'upgrade', ...WAIT, ...simulate(opts), ...targets.map(target)], root: true };
  },
  search: (term): Command => {
    if (!/^[A-Za-z0-9+._-]+$/.test(term) || term.startsWith('-')) throw new Error(`invalid search term ${JSON.stringify(term)}`);
    return { argv: ['apk', 'search', '-v', term], root: false };
  },
  info: (name): Command => {
    must(validateName(name));
    return { argv: ['apk', 'policy', name], root: false };
  },
  // Alpine has no reboot flag; the kernel-modules heuristic (reboot-modules.ts) applies.
  rebootCheck: kernelModulesCheck,

  parseInstalled: parseApkInstalled,
  parseUpgradable: (results) => parseApkUpgradable(results[0]?.stdout ?? ''),
  parsePlan: (result, installed) => parseApkPlan(result.stdout, installed),
  parseSearch: parseApkSearch,
  parseInfo: parseApkPolicy,
  parseRebootRequired: parseKernelModulesCheck,
  // `apk update` writes the indexes here (apk-tools source; not run: no Alpine host in the lab).
  cacheAgeCommand: () => cacheAgeCommand(['/var/cache/apk/APKINDEX.*.tar.gz', '/etc/apk/cache/APKINDEX.*.tar.gz']),
  parseCacheAge,

  interpretExit,
  compareVersions: compareApkVersions,
};
