import os from 'node:os';
import type Database from 'better-sqlite3';
import type { HostResult } from '../fleet/result.js';
import { collectCompliance, type ComplianceQuery } from './compliance-views.js';
import {
  selectNotScannedSince,
  selectPendingSecurity,
  selectRebootRequired,
  type PendingSecurityOptions,
} from './compliance.js';
import { openDatabase } from './database.js';
import { resolveDbPath } from './db-path.js';
import { selectPackage, selectVersionSpread } from './index-reader.js';
import type {
  ComplianceViews,
  PackageHit,
  PendingSecurityHost,
  QueryPackageOptions,
  RebootHost,
  ScanInput,
  StaleHost,
  VersionComparators,
  VersionSpread,
} from './index-types.js';
import { deleteHost, writeScan } from './index-writer.js';
import { isProcessAlive } from './process-alive.js';
import { newRunId } from './run-id.js';
import { selectRun, selectRuns } from './run-reader.js';
import type { ListRunsQuery, RunMeta, RunSummary, StoredRun } from './run-types.js';
import { completeRun, deleteRunsBefore, insertHostResult, insertRun, markDeadRunsIncomplete } from './run-writer.js';

export interface RunStoreOptions {
  /** Database file; default from resolveDbPath() (PKGFLEET_DB, XDG_STATE_HOME, ~/.local/state). */
  path?: string;
  /** Each manager's compareVersions, for `below` queries and version ordering. */
  comparators?: VersionComparators;
  busyTimeoutMs?: number;
  /** Injected for tests. */
  now?: () => Date;
  pid?: number;
  hostname?: string;
  user?: string;
  isAlive?: (pid: number) => boolean;
}

function osUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? null;
  }
}

/** Run history and fleet package index in one SQLite file. Opening it marks dead runs incomplete. */
export class RunStore {
  readonly path: string;
  readonly db: Database.Database;
  private readonly comparators: VersionComparators;
  private readonly now: () => Date;
  private readonly pid: number;
  private readonly hostname: string;
  private readonly user: string | null;
  private readonly isAlive: (pid: number) => boolean;

  constructor(opts: RunStoreOptions = {}) {
    this.path = opts.path === ':memory:' ? ':memory:' : resolveDbPath(opts.path);
    this.comparators = opts.comparators ?? {};
    this.now = opts.now ?? (() => new Date());
    this.pid = opts.pid ?? process.pid;
    this.hostname = opts.hostname ?? os.hostname();
    this.user = opts.user ?? osUser();
    this.isAlive = opts.isAlive ?? isProcessAlive;
    this.db = openDatabase(this.path, { busyTimeoutMs: opts.busyTimeoutMs });
    this.markIncompleteRuns();
  }

  close(): void {
    this.db.close();
  }

  startRun(meta: RunMeta): string {
    const startedAt = meta.startedAt ?? this.now();
    const id = meta.runId ?? newRunId(startedAt);
    insertRun(this.db, {
      id,
      startedAt: startedAt.getTime(),
      operation: meta.operation,
      args: meta.args,
      user: meta.user ?? this.user,
      check: meta.check,
      pid: this.pid,
      hostname: this.hostname,
      plannedHosts: meta.hosts ?? null,
    });
    return id;
  }

  /** One host's result in its own transaction (the recorder uses recordHosts). */
  recordHost(runId: string, result: HostResult): void {
    insertHostResult(this.db, runId, result, this.now().getTime());
  }

  /** Several hosts' results in one transaction: all of them are written, or none. */
  recordHosts(runId: string, results: readonly HostResult[]): void {
    const at = this.now().getTime();
    this.db.transaction(() => {
      for (const r of results) insertHostResult(this.db, runId, r, at);
    }).immediate();
  }

  finishRun(runId: string, opts: { interrupted?: boolean } = {}): void {
    completeRun(this.db, runId, opts.interrupted ? 'interrupted' : 'complete', this.now().getTime());
  }

  /** Runs left 'running' by a controller (on this machine) that is gone become 'incomplete'. */
  markIncompleteRuns(): string[] {
    return markDeadRunsIncomplete(this.db, this.hostname, this.isAlive);
  }

  listRuns(query: ListRunsQuery = {}): RunSummary[] {
    return selectRuns(this.db, query);
  }

  getRun(runId: string): StoredRun | null {
    return selectRun(this.db, runId);
  }

  /** Retention: deletes finished runs started before `before`. Returns how many. */
  pruneRuns(before: Date): number {
    return deleteRunsBefore(this.db, before.getTime());
  }

  recordScan(host: string, scan: ScanInput): void {
    writeScan(this.db, host, scan);
  }

  forgetHost(host: string): boolean {
    return deleteHost(this.db, host);
  }

  queryPackage(name: string, opts: QueryPackageOptions = {}): PackageHit[] {
    return selectPackage(this.db, this.comparators, name, opts);
  }

  versionSpread(names: string[]): VersionSpread[] {
    return selectVersionSpread(this.db, this.comparators, names);
  }

  hostsWithPendingSecurity(opts?: PendingSecurityOptions): PendingSecurityHost[] {
    return selectPendingSecurity(this.db, opts);
  }

  hostsNeedingReboot(): RebootHost[] {
    return selectRebootRequired(this.db);
  }

  hostsNotScannedSince(since: Date, inventory?: string[]): StaleHost[] {
    return selectNotScannedSince(this.db, since, inventory);
  }

  /** The views renderComplianceHtml() shows. */
  complianceViews(query: ComplianceQuery): ComplianceViews {
    return collectCompliance(this.db, this.comparators, query, this.now());
  }
}
