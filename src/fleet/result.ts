import type {
  ManagerId,
  PackageChange,
  InstalledPackage,
  UpgradablePackage,
  SearchHit,
  PackageInfo,
} from '../managers/types.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable' | 'skipped';

export type ErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'hostkey'
  | 'auth'
  | 'become'
  | 'lock'
  | 'not-found'
  | 'unsupported'
  | 'invalid'
  | 'command'
  | 'interrupted'
  | 'not-started';

export interface HostError {
  kind: ErrorKind;
  message: string;
  /** Last lines of stderr of the failing command. */
  stderrTail?: string;
}

export interface OsFacts {
  id: string;
  idLike: string[];
  versionId?: string;
  prettyName?: string;
  kernel?: string;
}

export interface HostResult {
  host: string;
  address?: string;
  status: HostStatus;
  /** Selected native manager. */
  manager?: ManagerId;
  /** Every manager found on the host. */
  managers?: ManagerId[];
  os?: OsFacts;
  /** Package versions that changed (or, with check, would change), dependencies included. */
  changes: PackageChange[];
  installed?: InstalledPackage[];
  upgradable?: UpgradablePackage[];
  search?: SearchHit[];
  info?: PackageInfo[];
  rebootRequired?: boolean;
  exitCode?: number | null;
  durationMs: number;
  error?: HostError;
  /** Human notes (e.g. "Package 'htop' installed successfully"). */
  messages?: string[];
}

export type OperationName =
  | 'ping'
  | 'detect'
  | 'update'
  | 'upgrade'
  | 'install'
  | 'remove'
  | 'search'
  | 'info'
  | 'list'
  | 'play'
  /** `pkgfleet scan`: installed + upgradable + reboot into the fleet index. */
  | 'scan';

export interface FleetResult {
  schemaVersion: 1;
  runId: string;
  operation: OperationName;
  args: string[];
  check: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  interrupted: boolean;
  hosts: HostResult[];
  counts: Record<HostStatus, number>;
}
