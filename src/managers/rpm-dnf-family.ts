// dnf4, dnf5 and yum 3 share their shape: one builder, three profiles (dnf.ts, dnf5.ts, yum.ts).
import type { Command, ExecResult, ManagerId, PackageManager, PackageSpec, SearchHit, UpgradeOptions, UpgradablePackage } from './types.js';
import { interpretDnfFamilyExit, type DnfExitRules } from './rpm-dnf-exit.js';
import { parseDnfInfo } from './rpm-dnf-info.js';
import { parseTransactionTable } from './rpm-dnf-table.js';
import { parseRpmQa, rpmQueryAll } from './rpm-query.js';
import { assertRpmSpec, assertSearchTerm, parseRpmSpec, validateRpmName, validateRpmVersion } from './rpm-validate.js';
import { compareRpmVersions } from './version/rpm.js';
import { cacheAgeCommand, parseCacheAge } from './cache-age.js';

/**
 * Repo metadata a refresh rewrites or touches: dnf4 (/var/cache/dnf, primary's mtime is reset by
 * `makecache --refresh` even when nothing changed: dnf 4.14, lab), dnf5 (/var/cache/libdnf5) and
 * yum 3 (/var/cache/yum/ARCH/RELEASEVER/REPO). Globs that match nothing are skipped.
 */
export const DNF_FAMILY_CACHE_PATHS = ['/var/cache/dnf/*/repodata/*', '/var/cache/libdnf5/*/repodata/*', '/var/cache/yum/*/*/*/repomd.xml'];

export interface DnfProfile {
  id: ManagerId;
  displayName: string;
  binary: string;
  binaries: string[];
  /** Options on every call of the binary (dnf4/yum: fail at once on a held lock). */
  common: string[];
  /** Extra environment for check-mode plans (dnf5: a wide table, so nothing is truncated). */
  planEnv?: Record<string, string>;
  /** The upgrade verb: `upgrade` (dnf4/dnf5) or `update` (yum 3). */
  upgradeVerb: string;
  /** Commands whose results parseUpgradable reads, in order. */
  listUpgradable(security: boolean): Command[];
  parseUpgradable(results: ExecResult[]): UpgradablePackage[];
  search(term: string): Command;
  parseSearch(stdout: string): SearchHit[];
  rebootCheck: Command | null;
  exit: DnfExitRules;
}

const VERSION_RULES = { glob: true };

/** `name-version` is a NEVRA pattern to dnf and yum: `foo-1.2`, `foo-1.2-3`, `foo-2:1.2*`. */
export function renderNevraSpec(spec: PackageSpec): string {
  assertRpmSpec(spec, VERSION_RULES);
  return spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`;
}

export function createDnfFamily(p: DnfProfile): PackageManager {
  const tool = (args: string[], root: boolean, env?: Record<string, string>): Command => {
    const cmd: Command = { argv: [p.binary, ...p.common, ...args], root };
    if (env) cmd.env = { ...env };
    return cmd;
  };

  /**
   * A change, or in check mode the same request with --assumeno: dnf resolves, prints the
   * transaction table and declines. `-C` (cache only) so check mode refreshes nothing.
   */
  const change = (args: string[], opts: UpgradeOptions = {}): Command =>
    opts.check ? tool(['-C', '--assumeno', ...args], true, p.planEnv) : tool(['-y', ...args], true);

  const needOne = (what: string, n: number) => {
    if (n === 0) throw new Error(`${p.id}: ${what} needs at least one package`);
  };

  return {
    id: p.id,
    displayName: p.displayName,
    kind: 'native',
    binaries: p.binaries,
    securityUpgrade: 'native',
    supportsVersionPin: true,

    validateName: validateRpmName,
    validateVersion: (v) => validateRpmVersion(v, VERSION_RULES),
    parseSpec: (raw) => parseRpmSpec(raw, VERSION_RULES),

    refresh: () => [tool(['-q', 'makecache', '--refresh'], true)],
    listInstalled: rpmQueryAll,
    listUpgradable: (opts = {}) => p.listUpgradable(opts.security === true),

    install(specs, opts) {
      needOne('install', specs.length);
      // dnf4 and dnf5 turn `install foo-<older>` into a downgrade (recorded with dnf 4.14).
      return change(['install', ...specs.map(renderNevraSpec)], opts);
    },
    remove(names, opts) {
      needOne('remove', names.length);
      return change(['remove', ...names.map((name) => renderNevraSpec({ name }))], opts);
    },
    upgrade(targets, opts = {}) {
      const security = opts.security ? ['--security'] : [];
      return change([p.upgradeVerb, ...security, ...targets.map(renderNevraSpec)], opts);
    },
    search: (term) => p.search(assertSearchTerm(term)),
    info: (name) => tool(['-q', 'info', renderNevraSpec({ name })], true),
    rebootCheck: () => p.rebootCheck,

    parseInstalled: parseRpmQa,
    parseUpgradable: (results) => p.parseUpgradable(results),
    parsePlan: (result, installed) => parseTransactionTable(result.stdout, installed),
    parseSearch: (stdout) => p.parseSearch(stdout),
    parseInfo: parseDnfInfo,
    // needs-restarting -r: exit 1 and this sentence when a reboot is due; a missing plugin also
    // exits 1 but prints no such sentence.
    parseRebootRequired: (r) => r.code === 1 && /Reboot is required/.test(r.stdout),
    cacheAgeCommand: () => cacheAgeCommand(DNF_FAMILY_CACHE_PATHS),
    parseCacheAge,

    interpretExit: (op, r) => interpretDnfFamilyExit(p.exit, op, r),
    compareVersions: compareRpmVersions,
  };
}
