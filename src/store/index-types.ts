import type { OsFacts } from '../fleet/result.js';
import type { InstalledPackage, ManagerId, UpgradablePackage } from '../managers/types.js';

/** A manager's own version order: negative, 0 or positive like Array.sort's comparator. */
export type VersionComparator = (a: string, b: string) => number;
export type VersionComparators = Partial<Record<ManagerId, VersionComparator>>;

/** What one host's scan with one manager found. */
export interface ScanInput {
  manager: ManagerId;
  os?: OsFacts;
  installed: InstalledPackage[];
  upgradable: UpgradablePackage[];
  rebootRequired?: boolean;
  scannedAt: Date;
}

export interface PackageHit {
  host: string;
  manager: ManagerId;
  /** null: not installed (the scan listed an update for it, e.g. a new dependency). */
  version: string | null;
  arch: string | null;
  upgradableTo: string | null;
  /** null: the manager cannot say. */
  security: boolean | null;
  scannedAt: string;
}

export interface QueryPackageOptions {
  /** Only installed versions strictly lower than this, by each manager's own rules. */
  below?: string;
}

export interface PendingSecurityHost {
  host: string;
  manager: ManagerId;
  scannedAt: string;
  count: number;
  packages: { name: string; version: string | null; upgradableTo: string | null }[];
}

export interface RebootHost {
  host: string;
  managers: ManagerId[];
  scannedAt: string;
}

export interface StaleHost {
  host: string;
  /** null: in the inventory given, never scanned. */
  lastScannedAt: string | null;
}

export interface VersionSpread {
  name: string;
  manager: ManagerId;
  /** Newest first (by the manager's comparator, else as strings). */
  versions: { version: string; hosts: number }[];
}

/** Everything the compliance report shows, gathered from the index in one go. */
export interface ComplianceViews {
  generatedAt: string;
  hostsIndexed: number;
  pendingSecurity: PendingSecurityHost[];
  rebootRequired: RebootHost[];
  stale: { since: string; hosts: StaleHost[] };
  spread: VersionSpread[];
}

export class MissingComparatorError extends Error {
  constructor(readonly managers: ManagerId[]) {
    super(`no version comparator for ${managers.join(', ')}: cannot answer a "below" query for those hosts`);
    this.name = 'MissingComparatorError';
  }
}
