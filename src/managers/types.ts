// Shared vocabulary of the pure manager modules. Nothing here does I/O.

export type ManagerId =
  | 'apt'
  | 'dnf'
  | 'dnf5'
  | 'yum'
  | 'zypper'
  | 'pacman'
  | 'apk'
  | 'flatpak'
  | 'snap'
  | 'docker'
  | 'podman';

/** native = the OS package manager (one is selected per host); the others live beside it. */
export type ManagerKind = 'native' | 'flatpak' | 'snap' | 'image';

/** A command is an argv array plus env; exactly one function (remote/quote.ts) renders it. */
export interface Command {
  argv: string[];
  /** Extra environment, rendered as an `env K=V ...` prefix (sshd drops env it was not told to accept). */
  env?: Record<string, string>;
  /** Needs root: the runner wraps it with sudo when the login user is not root. */
  root: boolean;
  /**
   * Reads only local state (files, the installed-package database), never the network or a
   * manager's lock, and ends by itself in bounded time: it runs without the process-tree guard
   * (docs/security.md, "Timeouts"), which would cost the host more than the query itself.
   */
  localQuery?: true;
  /**
   * Its output is not read and no locale can change what it does (`true` for ping and the reboot
   * probe): rendered as its words alone, without the `env LC_ALL=C LANG=C` prefix, which would be
   * an extra process on the host. Ignored when the command has env of its own.
   */
  plain?: true;
  /**
   * Its output is likely byte for byte the same on many hosts (an installed-package list): the
   * session compares it with the run's other outputs as it arrives instead of keeping a copy per
   * host (remote/output-catalog.ts). With `after`, only the output after the line containing
   * those bytes is, and the result carries that part apart, in `stdoutRest`.
   */
  alike?: { after?: string };
}

/** What every transport returns; it never throws on a non-zero code. */
export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /**
   * Only for a command run with `alike.after` whose output had that line: the output after it
   * (then `stdout` holds what came before, that line included). Kept apart so that the part many
   * hosts print alike stays one shared string.
   */
  stdoutRest?: string;
}

/** A validated package request: `htop`, `nginx=1.24*`. */
export interface PackageSpec {
  name: string;
  version?: string;
}

export type ChangeAction = 'install' | 'upgrade' | 'downgrade' | 'remove' | 'reinstall';

export interface PackageChange {
  name: string;
  action: ChangeAction;
  from: string | null;
  to: string | null;
  arch?: string;
  repo?: string;
  manager?: ManagerId;
}

export interface InstalledPackage {
  name: string;
  version: string;
  arch?: string;
}

export interface UpgradablePackage {
  name: string;
  from: string | null;
  to: string;
  arch?: string;
  repo?: string;
  /** true when the manager says this update fixes a security issue; undefined when it cannot say. */
  security?: boolean;
}

export interface SearchHit {
  name: string;
  version?: string;
  summary?: string;
  installed?: boolean;
  repo?: string;
}

export interface PackageInfo {
  name: string;
  installedVersion: string | null;
  candidateVersion: string | null;
  summary?: string;
  repo?: string;
  /** Every field the manager printed, as it printed it. */
  fields: Record<string, string>;
}

/** How the manager's own exit code / output reads. */
export interface ExitVerdict {
  ok: boolean;
  /** The package database lock was held by another process: the runner waits and retries. */
  lockHeld?: boolean;
  /** A package asked for does not exist. */
  notFound?: boolean;
  /** The manager itself said a reboot is needed (zypper 102). */
  rebootRequired?: boolean;
  message?: string;
}

export type OperationKind =
  | 'refresh'
  | 'upgrade'
  | 'install'
  | 'remove'
  | 'search'
  | 'info'
  | 'list-installed'
  | 'list-upgradable'
  | 'reboot-check'
  | 'simulate';

export interface UpgradeOptions {
  /** Only updates that fix a security issue. */
  security?: boolean;
  /** Simulate with the manager's own dry-run; change nothing. */
  check?: boolean;
}

/**
 * A manager module: data and pure functions only (no ssh2, pino, fs or clock).
 * Commands that the runner may want to retry on a held lock are marked by interpretExit().
 */
export interface PackageManager {
  id: ManagerId;
  /** Human name used in log lines: `[PKG] Selected Apt as active package manager`. */
  displayName: string;
  kind: ManagerKind;
  /** Binaries whose presence (command -v) says the manager is installed. */
  binaries: string[];
  /**
   * How `upgrade --security` works: 'native' = upgrade(…, {security:true}) is one command
   * (dnf --security, zypper patch --category security); 'from-list' = the runner lists upgradable
   * packages, keeps those marked security, and upgrades exactly those versions (apt: security
   * origin in the simulation); 'unsupported' = the manager has no security metadata (pacman, apk):
   * the host is skipped with that reason, never silently fully upgraded.
   */
  securityUpgrade: 'native' | 'from-list' | 'unsupported';
  /** Can it pin an exact version at install time? */
  supportsVersionPin: boolean;
  /**
   * What a root command of this manager that pkgfleet had to stop (timeout, abort) can leave
   * behind that needs a person; added to the host's error message. Absent: nothing to do.
   */
  afterStop?: string;

  /** null when valid, else a reason. The runner refuses the whole request before connecting. */
  validateName(name: string): string | null;
  validateVersion(version: string): string | null;
  /** Parse a user's `name[=version]` (manager-specific grammar). */
  parseSpec(raw: string): PackageSpec;

  refresh(): Command[];
  listInstalled(): Command;
  listUpgradable(opts?: UpgradeOptions): Command[];
  install(specs: PackageSpec[], opts?: UpgradeOptions): Command;
  remove(names: string[], opts?: UpgradeOptions): Command;
  /** targets empty = everything. A target's version, when set, is the exact version to go to. */
  upgrade(targets: PackageSpec[], opts?: UpgradeOptions): Command;
  search(term: string): Command;
  info(name: string): Command;
  /** A read-only command whose output parseRebootRequired() reads; null if the manager has none. */
  rebootCheck(): Command | null;

  parseInstalled(stdout: string): InstalledPackage[];
  /** Reads the outputs of the listUpgradable() commands, in order. */
  parseUpgradable(results: ExecResult[]): UpgradablePackage[];
  /** Reads a simulate (check) run's output; `installed` fills in from-versions the tool does not print. */
  parsePlan(result: ExecResult, installed: InstalledPackage[]): PackageChange[];
  parseSearch(stdout: string): SearchHit[];
  parseInfo(stdout: string, name: string): PackageInfo | null;
  parseRebootRequired(result: ExecResult): boolean;
  /**
   * Optional: a read-only command telling how old the metadata cache is, and its parser (seconds
   * since the last refresh; null = unknown or never). Playbooks use it for `update_cache: {max_age}`.
   */
  cacheAgeCommand?(): Command;
  parseCacheAge?(result: ExecResult): number | null;

  interpretExit(op: OperationKind, result: ExecResult): ExitVerdict;
  /** -1, 0, 1 by the manager's own version rules. */
  compareVersions(a: string, b: string): number;
}
