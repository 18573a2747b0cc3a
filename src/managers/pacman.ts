import type { Command, ExecResult, ExitVerdict, OperationKind, PackageManager, PackageSpec } from './types.js';
import {
  LOCAL_MARKER,
  parsePacmanInfo,
  parsePacmanInstalled,
  parsePacmanPlan,
  parsePacmanSearch,
  parsePacmanUpgrades,
} from './pacman-parse.js';
import { compareAlpmVersions } from './version/alpm.js';
import { kernelModulesCheck, parseKernelModulesCheck } from './reboot-modules.js';
import { cacheAgeCommand, parseCacheAge } from './cache-age.js';

/**
 * pacman (Arch, Manjaro). Facts verified with pacman 6.0.2 against a throwaway root:
 * - Partial upgrades are unsupported on Arch: `refresh()` is `-Sy`, which moves the sync
 *   database forward, so a later `-S pkg` installs a package built against newer libraries than
 *   the rest of the system. Prefer `upgrade([])` (`-Syu`), which refreshes and upgrades at once.
 *   Installs never refresh on their own (`-S --needed`, never `-Sy pkg`).
 * - A version pin `name=ver` is a dependency-style target: pacman installs it only when the
 *   sync repository carries exactly that version (`ver` without pkgrel matches any pkgrel);
 *   otherwise it fails with `error: target not found: name=ver`. It cannot fetch another version.
 * - The lock is the EXISTENCE of /var/lib/pacman/db.lck (a stale file after a crash also blocks).
 * - There is no security metadata for pacman: security-only upgrades are unsupported.
 */

const QUIET = ['--noconfirm', '--noprogressbar', '--color', 'never'];
/** Plan lines `name version repo`; removals print the repo `local`. */
const PRINT = ['--print', '--print-format', '%n %v %r'];

// makepkg's rule for pkgname: alphanumerics and @ . _ + -, not starting with - or .
const NAME = /^[A-Za-z0-9@_+][A-Za-z0-9@._+-]*$/;
// [epoch:]pkgver[-pkgrel]; pkgver has no ':', '/', '-' or whitespace; pkgrel is N or N.M.
const VERSION = /^(?:[0-9]+:)?[A-Za-z0-9._+~]+(?:-[0-9]+(?:\.[0-9]+)?)?$/;

function validateName(name: string): string | null {
  if (name === '') return 'package name is empty';
  if (name.length > 255) return 'package name is longer than 255 characters';
  if (name.startsWith('-')) return `package name ${JSON.stringify(name)} starts with '-'`;
  if (!NAME.test(name)) {
    return `invalid pacman package name ${JSON.stringify(name)}: only letters, digits and @ . _ + - are allowed, not starting with '.' or '-'`;
  }
  return null;
}

function validateVersion(version: string): string | null {
  if (version === '') return 'version is empty';
  if (version.includes('*')) return 'pacman cannot match version globs: give the exact version the repository carries';
  if (!VERSION.test(version)) return `invalid pacman version ${JSON.stringify(version)}: expected [epoch:]pkgver[-pkgrel]`;
  return null;
}

function check(reason: string | null): void {
  if (reason !== null) throw new Error(reason);
}

function parseSpec(raw: string): PackageSpec {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  check(validateName(name));
  if (eq < 0) return { name };
  const version = raw.slice(eq + 1);
  const why = validateVersion(version);
  if (why !== null) {
    throw new Error(`${why} (pacman can only install the version its sync repository carries)`);
  }
  return { name, version };
}

function target(spec: PackageSpec): string {
  check(validateName(spec.name));
  if (spec.version === undefined) return spec.name;
  check(validateVersion(spec.version));
  return `${spec.name}=${spec.version}`;
}

function names(list: string[]): string[] {
  if (list.length === 0) throw new Error('no package names given');
  for (const n of list) check(validateName(n));
  return list;
}

function noSecurity(opts?: { security?: boolean }): void {
  if (opts?.security) throw new Error('pacman has no security metadata: security-only upgrades are unsupported');
}

/** Turns a search term into a literal pattern for pacman's POSIX extended regex. */
function literalPattern(term: string): string {
  if (term.trim() === '' || term.startsWith('-') || /[\0-\x1f\x7f]/.test(term)) {
    throw new Error(`invalid search term ${JSON.stringify(term)}`);
  }
  return term.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');
}

// Prints the sync info, a marker, then the local info; exits 0 when either was found. The
// package name is the positional "$1" (validated, and quoted by renderCommand), never script text.
const INFO_SCRIPT = [
  'pacman -Si --color never -- "$1"; s=$?',
  `echo '${LOCAL_MARKER}'`,
  'pacman -Qi --color never -- "$1"; q=$?',
  '[ "$s" -eq 0 ] || [ "$q" -eq 0 ]',
].join('\n');

const LOCK = /unable to lock database|could not lock database/;
const NOT_FOUND = /error: target not found: (\S+)|error: package '([^']+)' was not found/;

function interpretExit(op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  if (LOCK.test(text)) return { ok: false, lockHeld: true, message: 'pacman database is locked (db.lck exists)' };
  const nf = NOT_FOUND.exec(text);
  if (op === 'info' && r.code === 0) return { ok: true };
  if (nf) return { ok: false, notFound: true, message: `package not found: ${nf[1] ?? nf[2]}` };
  if (r.code === 0) return { ok: true };
  const quiet = r.stdout.trim() === '' && !/^error:/m.test(r.stderr);
  // -Qu exits 1 with no output when nothing is upgradable; -Ss exits 1 when nothing matches.
  if (r.code === 1 && quiet && (op === 'list-upgradable' || op === 'search')) return { ok: true };
  const errors = text.split('\n').filter((l) => /^(error|::)/.test(l.trim()));
  return { ok: false, message: errors.join('\n') || `pacman exited with ${r.code ?? r.signal}` };
}

export const pacman: PackageManager = {
  id: 'pacman',
  displayName: 'Pacman',
  kind: 'native',
  binaries: ['pacman'],
  securityUpgrade: 'unsupported',
  supportsVersionPin: true,
  afterStop: 'a stopped pacman leaves its lock /var/lib/pacman/db.lck behind: remove it once no pacman runs on the host',

  validateName,
  validateVersion,
  parseSpec,

  refresh: (): Command[] => [{ argv: ['pacman', '-Sy', ...QUIET], root: true }],
  listInstalled: (): Command => ({ argv: ['pacman', '-Q', '--color', 'never'], root: false, localQuery: true, alike: {} }),
  // Reads the sync database as last refreshed; the runner calls refresh() first when it wants news.
  listUpgradable: (opts): Command[] => {
    noSecurity(opts);
    return [{ argv: ['pacman', '-Qu', '--color', 'never'], root: false }];
  },
  install: (specs, opts): Command => {
    if (specs.length === 0) throw new Error('no packages to install');
    const targets = specs.map(target);
    if (opts?.check) return { argv: ['pacman', '-S', '--needed', ...QUIET, ...PRINT, ...targets], root: false };
    return { argv: ['pacman', '-S', '--needed', ...QUIET, ...targets], root: true };
  },
  remove: (list, opts): Command => {
    const targets = names(list);
    if (opts?.check) return { argv: ['pacman', '-R', ...QUIET, ...PRINT, ...targets], root: false };
    return { argv: ['pacman', '-R', ...QUIET, ...targets], root: true };
  },
  upgrade: (targets, opts): Command => {
    noSecurity(opts);
    if (targets.length === 0) {
      // Check mode plans against the sync database as it is (-Su, no -y): it changes nothing.
      if (opts?.check) return { argv: ['pacman', '-Su', ...QUIET, ...PRINT], root: false };
      return { argv: ['pacman', '-Syu', ...QUIET], root: true };
    }
    // pacman has no "upgrade only these" operation: -S takes the sync repository's version and
    // --needed skips packages already at it. It does NOT refresh (no -y), so it never causes a
    // partial upgrade by itself; it installs a named package that is not installed yet, so the
    // runner passes only installed, upgradable names here.
    const argv = ['pacman', '-S', '--needed', ...QUIET, ...(opts?.check ? PRINT : []), ...targets.map(target)];
    return { argv, root: !opts?.check };
  },
  search: (term): Command => ({ argv: ['pacman', '-Ss', '--color', 'never', literalPattern(term)], root: false }),
  info: (name): Command => {
    check(validateName(name));
    return { argv: ['sh', '-c', INFO_SCRIPT, 'sh', name], root: false };
  },
  // Heuristic: the running kernel's module tree is gone after a kernel upgrade (reboot-modules.ts).
  rebootCheck: kernelModulesCheck,

  parseInstalled: parsePacmanInstalled,
  parseUpgradable: (results) => parsePacmanUpgrades(results[0]?.stdout ?? ''),
  parsePlan: (result, installed) => parsePacmanPlan(result.stdout, installed),
  parseSearch: parsePacmanSearch,
  parseInfo: parsePacmanInfo,
  parseRebootRequired: parseKernelModulesCheck,
  // -Sy rewrites a sync db it downloads; a mirror answering "up to date" leaves it as it was.
  cacheAgeCommand: () => cacheAgeCommand(['/var/lib/pacman/sync/*.db']),
  parseCacheAge,

  interpretExit,
  compareVersions: compareAlpmVersions,
};

export { INFO_SCRIPT as PACMAN_INFO_SCRIPT };
