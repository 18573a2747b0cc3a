// zypper (openSUSE, SLES). Pure: builds argv commands, parses their output (--xmlout where
// zypper offers it). Global options go before the command, command options before the names.
import type { Command, PackageManager, PackageSpec, UpgradeOptions } from './types.js';
import { interpretZypperExit } from './rpm-zypper-exit.js';
import { parseZypperInfo, parseZypperPlan, parseZypperSearch, parseZypperUpgradable } from './rpm-zypper-parse.js';
import { parseRpmQa, rpmQueryAll } from './rpm-query.js';
import { assertRpmSpec, assertSearchTerm, parseRpmSpec, validateRpmName, validateRpmVersion } from './rpm-validate.js';
import { compareRpmVersions } from './version/rpm.js';
import { cacheAgeCommand, parseCacheAge } from './cache-age.js';

/** zypper has no version globs: `foo=1.1*` would silently mean `foo=1.1` (rpm ignores the `*`). */
const VERSION_RULES = { glob: false };

/**
 * libzypp waits this many seconds for /run/zypp.pid before failing with exit 7. 0 = fail at once
 * (said explicitly, whatever the host's environment): the runner's own loop waits, says "waiting
 * for the Zypper lock" and keeps to --lock-timeout.
 */
export const ZYPPER_ENV: Readonly<Record<string, string>> = { ZYPP_LOCK_TIMEOUT: '0' };

const SECURITY_PATCH = ['patch', '--category', 'security', '--with-interactive', '--auto-agree-with-licenses'];

function zypperCmd(global: string[], command: string[], root = true): Command {
  return { argv: ['zypper', '--non-interactive', ...global, ...command], env: { ...ZYPPER_ENV }, root };
}

/**
 * A change, or in check mode its --dry-run with an XML plan and no repository refresh.
 * `--with-interactive` (patch): in non-interactive mode a patch that suggests a reboot, or has a
 * message or license, counts as interactive and is otherwise SKIPPED with exit 0.
 */
function change(verb: string, args: string[], names: string[], opts: UpgradeOptions = {}): Command {
  if (opts.check) return zypperCmd(['--xmlout', '--no-refresh'], [verb, '--dry-run', ...args, ...names]);
  return zypperCmd([], [verb, ...args, ...names]);
}

/** `name=version` is a zypper capability; without a release it matches any release. */
function renderSpec(spec: PackageSpec): string {
  assertRpmSpec(spec, VERSION_RULES);
  return spec.version === undefined ? spec.name : `${spec.name}=${spec.version}`;
}

/** The security plan: which updates security patches would bring (used to mark upgradables). */
const securityPlan = (): Command => zypperCmd(['--xmlout'], [SECURITY_PATCH[0]!, '--dry-run', ...SECURITY_PATCH.slice(1)]);

export const zypper: PackageManager = {
  id: 'zypper',
  displayName: 'Zypper',
  kind: 'native',
  binaries: ['zypper'],
  securityUpgrade: 'native',
  supportsVersionPin: true,

  validateName: validateRpmName,
  validateVersion: (v) => validateRpmVersion(v, VERSION_RULES),
  parseSpec: (raw) => parseRpmSpec(raw, VERSION_RULES),

  refresh: () => [zypperCmd([], ['refresh'])],
  listInstalled: rpmQueryAll,
  // list-updates names packages but not their patches; the security patch plan says which of
  // them fix security issues (--xmlout list-patches names no packages).
  listUpgradable: (opts = {}) => (opts.security ? [securityPlan()] : [zypperCmd(['--xmlout'], ['list-updates']), securityPlan()]),

  install(specs, opts) {
    if (specs.length === 0) throw new Error('zypper: install needs at least one package');
    // A pinned version may be older than the installed one: without --oldpackage zypper only
    // says "has lower version" and exits 0 having done nothing.
    const pinned = specs.some((s) => s.version !== undefined) ? ['--oldpackage'] : [];
    return change('install', ['--auto-agree-with-licenses', ...pinned], specs.map(renderSpec), opts);
  },
  remove(names, opts) {
    if (names.length === 0) throw new Error('zypper: remove needs at least one package');
    return change('remove', [], names.map((name) => renderSpec({ name })), opts);
  },
  upgrade(targets, opts = {}) {
    // Security patches are applied as patches; they take no package names.
    if (opts.security) return change(SECURITY_PATCH[0]!, SECURITY_PATCH.slice(1), [], opts);
    if (targets.some((t) => t.version !== undefined)) {
      // Exact versions: install (which upgrades installed packages) may go up or down.
      return change('install', ['--auto-agree-with-licenses', '--oldpackage'], targets.map(renderSpec), opts);
    }
    return change('update', ['--auto-agree-with-licenses'], targets.map(renderSpec), opts);
  },
  search: (term) => zypperCmd(['--xmlout'], ['search', '--details', '--type', 'package', assertSearchTerm(term)]),
  info: (name) => zypperCmd([], ['info', renderSpec({ name })]),
  // Exit 102 when a package that asks for a reboot (installhint / /etc/zypp/needreboot) was
  // installed since boot; a patch's reboot_suggested alone does not set it.
  rebootCheck: () => ({ argv: ['zypper', '--non-interactive', 'needs-rebooting'], root: false }),

  parseInstalled: parseRpmQa,
  parseUpgradable: parseZypperUpgradable,
  parsePlan: (result, installed) => parseZypperPlan(result.stdout, installed),
  parseSearch: parseZypperSearch,
  parseInfo: parseZypperInfo,
  parseRebootRequired: (r) => r.code === 102,
  // `zypper refresh` touches each rpm-md repo's raw repomd.xml, even when it is up to date (1.14.42, lab).
  cacheAgeCommand: () => cacheAgeCommand(['/var/cache/zypp/raw/*/repodata/repomd.xml']),
  parseCacheAge,

  interpretExit: interpretZypperExit,
  compareVersions: compareRpmVersions,
};
