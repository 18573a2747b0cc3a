export { RunStore, type RunStoreOptions } from './run-store.js';
export { resolveDbPath } from './db-path.js';
export { SchemaTooNewError } from './migrate.js';
export { UnknownRunError } from './run-writer.js';
export { scanFromHostResult } from './scan-from-result.js';
export { fillSynthetic, syntheticScan, type SyntheticOptions } from './synthetic.js';
export type { ComplianceQuery } from './compliance-views.js';
export type { PendingSecurityOptions } from './compliance.js';
export type { ListRunsQuery, RunMeta, RunStatus, RunSummary, StoredRun } from './run-types.js';
export {
  MissingComparatorError,
  type ComplianceViews,
  type PackageHit,
  type PendingSecurityHost,
  type QueryPackageOptions,
  type RebootHost,
  type ScanInput,
  type StaleHost,
  type VersionComparator,
  type VersionComparators,
  type VersionSpread,
} from './index-types.js';
