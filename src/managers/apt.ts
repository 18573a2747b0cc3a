// apt / dpkg (Debian, Ubuntu and derivatives). Pure: builds argv commands, parses their output.
import type { Command, PackageManager, PackageSpec, UpgradeOptions } from './types.js';
import { interpretAptExit } from './apt-exit.js';
import { parseAptPlan, parseAptSearch, parseAptUpgradable, parseDpkgQuery } from './apt-parse.js';
import { parseAptPolicy } from './apt-policy.js';
import {
  aptSearchPattern,
  assertAptSpec,
  parseAptSpec,
  validateAptName,
  validateAptVersion,
} from './apt-validate.js';
import { compareDebianVersions } from './version/dpkg.js';
import { cacheAgeCommand, parseCacheAge } from './cache-age.js';

/** Sent with every apt command: no debconf prompts, no listchanges pager, needrestart only lists. */
export const APT_ENV: Readonly<Record<string, string>> = {
  DEBIAN_FRONTEND: 'noninteractive',
  APT_LISTCHANGES_FRONTEND: 'none',
  NEEDRESTART_MODE: 'l',
  NEEDRESTART_SUSPEND: '1',
};

/**
 * Non-interactive flags for commands that change the system. confdef/confold: keep the local
 * conffile unless dpkg has a default answer, never prompt. No lock wait inside apt-get
 * (DPkg::Lock::Timeout=0, said explicitly: the `apt` binary defaults to 120): a held lock fails at
 * once and the runner's own loop waits, says "waiting for the Apt lock" and keeps to --lock-timeout.
 * (With a wait here, --lock-timeout 3 took 5-6 s: one attempt alone waited 5 s.)
 */
export const APT_CHANGE_FLAGS: readonly string[] = [
  '-y',
  '-q',
  '-o',
  'Dpkg::Options::=--force-confdef',
  '-o',
  'Dpkg::Options::=--force-confold',
  '-o',
  'DPkg::Lock::Timeout=0',
];

export const DPKG_QUERY_FORMAT = '${binary:Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n';
export const REBOOT_REQUIRED_FILE = '/var/run/reboot-required';

/**
 * apt-get with the change flags; in check mode the same line with `-s` (simulate: no lock, no
 * cache refresh, no marking), so the plan shows what the real run would do, refusals included.
 * A simulation needs no root.
 */
function aptGet(args: string[], opts: UpgradeOptions = {}): Command {
  const argv = ['apt-get', ...(opts.check ? ['-s'] : []), ...APT_CHANGE_FLAGS, ...args];
  return { argv, env: { ...APT_ENV }, root: !opts.check };
}

function renderSpec(spec: PackageSpec): string {
  assertAptSpec(spec);
  return spec.version === undefined ? spec.name : `${spec.name}=${spec.version}`;
}

function renderNames(names: string[]): string[] {
  return names.map((name) => renderSpec({ name }));
}

export const apt: PackageManager = {
  id: 'apt',
  displayName: 'Apt',
  kind: 'native',
  binaries: ['apt-get', 'apt-cache', 'dpkg', 'dpkg-query'],
  securityUpgrade: 'from-list',
  supportsVersionPin: true,
  afterStop: "dpkg may have been stopped half way: the next run says so, and 'dpkg --configure -a' (as root) finishes it",

  validateName: validateAptName,
  validateVersion: validateAptVersion,
  parseSpec: parseAptSpec,

  // The lists lock is not covered by DPkg::Lock::Timeout: a held lock fails at once with
  // exit 100, interpretExit reports lockHeld and the runner retries.
  refresh: () => [{ argv: ['apt-get', 'update', '-q'], env: { ...APT_ENV }, root: true }],

  listInstalled: () => ({ argv: ['dpkg-query', '-W', `--showformat=${DPKG_QUERY_FORMAT}`], root: false, localQuery: true, alike: {} }),

  // The same resolver run as upgrade([]) below, so what is listed is what gets applied.
  listUpgradable: () => [{ argv: ['apt-get', '-s', 'dist-upgrade'], env: { ...APT_ENV }, root: false }],

  install(specs, opts) {
    if (specs.length === 0) throw new Error('apt: install needs at least one package');
    const rendered = specs.map(renderSpec);
    // A pinned version may be older than the installed one; the user asked for that exact version.
    const downgrade = specs.some((s) => s.version !== undefined) ? ['--allow-downgrades'] : [];
    return aptGet(['install', ...downgrade, ...rendered], opts);
  },

  remove(names, opts) {
    if (names.length === 0) throw new Error('apt: remove needs at least one package');
    return aptGet(['remove', ...renderNames(names)], opts);
  },

  upgrade(targets, opts = {}) {
    if (targets.length > 0) {
      // Named upgrades (the security list, or the user's): never installs a package that is not
      // there yet; `name=version` goes to exactly that version.
      return aptGet(['install', '--only-upgrade', ...targets.map(renderSpec)], opts);
    }
    if (opts.security) {
      // from-list: the runner passes the security updates as targets. An empty list must never
      // turn into a full upgrade.
      throw new Error('apt: a security upgrade needs the list of security updates as targets');
    }
    // dist-upgrade, not upgrade: Debian stable security and point-release updates sometimes need
    // a new package (a kernel ABI bump installs linux-image-<new abi> under linux-image-amd64),
    // which `apt-get upgrade` keeps back, leaving the host unpatched while reporting success.
    // Removals it may plan show in check mode (Remv lines) before anything runs.
    return aptGet(['dist-upgrade'], opts);
  },

  search: (term) => ({
    argv: ['apt-cache', 'search', '--names-only', aptSearchPattern(term)],
    root: false,
  }),

  // apt-cache policy gives installed + candidate as the resolver sees them (pins included);
  // it prints no description.
  info: (name) => ({ argv: ['apt-cache', 'policy', renderSpec({ name })], root: false }),

  rebootCheck: () => ({ argv: ['test', '-e', REBOOT_REQUIRED_FILE], root: false }),

  parseInstalled: parseDpkgQuery,
  parseUpgradable: parseAptUpgradable,
  parsePlan: parseAptPlan,
  parseSearch: parseAptSearch,
  parseInfo: parseAptPolicy,
  parseRebootRequired: (result) => result.code === 0,
  // `apt-get update` rewrites lists/partial every time, even when no list changed (apt 2.6.1, lab).
  cacheAgeCommand: () => cacheAgeCommand(['/var/lib/apt/lists/partial']),
  parseCacheAge,

  interpretExit: interpretAptExit,
  compareVersions: compareDebianVersions,
};
