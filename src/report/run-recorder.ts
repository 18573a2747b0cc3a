import type { FleetResult, HostResult } from '../fleet/result.js';
import type { RunStore, RunMeta } from '../store/index.js';
import { newRunId } from '../store/run-id.js';
import { scanFromHostResult } from '../store/scan-from-result.js';
import { buildNotification, notifyRun, type NotifyTargets } from './notify.js';

export interface RecorderOptions {
  /** false: --no-history. */
  history: boolean;
  /** --db; else PKGFLEET_DB / XDG state (see src/store/db-path.ts). */
  dbPath?: string;
  notify?: NotifyTargets;
  /** Also write each host's package lists into the fleet index (scan). */
  indexScans?: boolean;
  /** Marks the notification with the schedule that started the run. */
  schedule?: string;
  /** Problems that must not stop the run (store unavailable, webhook down). */
  onWarning: (message: string) => void;
  /** Injected for tests. */
  store?: RunStore;
  now?: () => Date;
}

/**
 * The history side of a run: the run is started in the store before the first host result, host
 * results are written as they finish, finishRun at the end, then the notifications. A store that
 * cannot be opened or written is a warning, never a reason to stop patching.
 *
 * Results are written one event-loop turn after they arrive, all those that arrived in that turn
 * in one transaction: at 1,000 hosts they finish in bursts, and a transaction per host cost ~0.4 ms
 * of the controller's CPU each (docs/performance.md). A crash loses at most the results of the
 * turn it happened in, which were not written either way; finish() writes what is left first.
 *
 * The store (better-sqlite3, its native module and the schema check: about 40 ms) is opened one
 * macrotask after start(), so the runner has already sent every host's connection on its way and
 * the opening overlaps the network and sshd's work instead of delaying every host. Host results
 * that arrive before the store is open wait in memory and are written as soon as it is.
 */
export class RunRecorder {
  private store: RunStore | null = null;
  private readonly ownsStore: boolean;
  private runId: string | undefined;
  private indexing: boolean;
  private opening: Promise<void> | null = null;
  /** Results not written yet: waiting for the store to open, or for the next turn. */
  private pending: HostResult[] = [];
  private opened = false;
  private flushing: NodeJS.Immediate | null = null;

  constructor(private readonly opts: RecorderOptions) {
    this.ownsStore = !opts.store;
    this.indexing = opts.indexScans === true;
    if (opts.store) this.store = opts.store;
  }

  private get wanted(): boolean {
    return this.opts.history || this.indexing;
  }

  /** The run id to give the runner (undefined: no history, the runner makes one). */
  start(meta: RunMeta): string | undefined {
    if (!this.wanted) return undefined;
    const startedAt = meta.startedAt ?? this.opts.now?.() ?? new Date();
    const runId = this.opts.history ? (meta.runId ?? newRunId(startedAt)) : undefined;
    this.runId = runId;
    this.opening = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.open({ ...meta, startedAt, ...(runId ? { runId } : {}) }));
    return runId;
  }

  private async open(meta: RunMeta): Promise<void> {
    if (!this.store) {
      try {
        const { RunStore: Store } = await import('../store/index.js');
        this.store = new Store(this.opts.dbPath !== undefined ? { path: this.opts.dbPath } : {});
      } catch (e) {
        this.opts.onWarning(`run history disabled: cannot open the database: ${(e as Error).message}`);
        this.runId = undefined;
        this.indexing = false;
      }
    }
    // A failed start turns the history off (guard clears runId), so no host is recorded into nothing.
    if (this.store && this.runId) this.guard('start the run', () => this.store!.startRun(meta));
    this.opened = true;
    this.flush();
  }

  /** Pass as the runner's onHostResult. */
  readonly onHostResult = (r: HostResult): void => {
    if (!this.wanted) return;
    this.pending.push(r);
    if (this.opened && !this.flushing) this.flushing = setImmediate(() => this.flush());
  };

  /** Writes the waiting results: the history's in one transaction, then each host's index scan. */
  private flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (this.store && this.runId) {
      const what = batch.length === 1 ? `record ${batch[0]!.host}` : `record ${batch.length} hosts (${batch[0]!.host} …)`;
      this.guard(what, () => this.store!.recordHosts(this.runId!, batch));
    }
    if (this.store && this.indexing) {
      for (const r of batch) {
        const scan = scanFromHostResult(r, this.opts.now?.() ?? new Date());
        if (scan) this.guard(`index ${r.host}`, () => this.store!.recordScan(r.host, scan), 'index');
      }
    }
  }

  /** Closes the run in the history and sends the summary. */
  async finish(result: FleetResult): Promise<void> {
    await this.opening;
    this.flush();
    if (this.store && this.runId) {
      const id = this.runId;
      this.guard('finish the run', () => this.store!.finishRun(id, { interrupted: result.interrupted }));
    }
    const targets = this.opts.notify ?? {};
    if (targets.webhook || targets.file) {
      const body = buildNotification(result, this.opts.schedule ? { schedule: this.opts.schedule } : {});
      for (const p of await notifyRun(targets, body)) this.opts.onWarning(p);
    }
  }

  close(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    if (this.ownsStore) this.store?.close();
    this.store = null;
  }

  /** A failed write warns once and turns that part off; the run itself goes on. */
  private guard<T>(what: string, fn: () => T, part: 'history' | 'index' = 'history'): T | undefined {
    try {
      return fn();
    } catch (e) {
      const off = part === 'history' ? 'the run goes on without history' : 'the run goes on without updating the index';
      this.opts.onWarning(`${part === 'history' ? 'run history' : 'package index'}: cannot ${what}: ${(e as Error).message}; ${off}`);
      if (part === 'history') this.runId = undefined;
      else this.indexing = false;
      return undefined;
    }
  }
}
