import type { FleetResult, HostResult } from '../fleet/result.js';
import { RunStore, scanFromHostResult, type RunMeta } from '../store/index.js';
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
 * The history side of a run: startRun before the first host, one small transaction per host as
 * it finishes, finishRun at the end, then the notifications. A store that cannot be opened or
 * written is a warning, never a reason to stop patching.
 */
export class RunRecorder {
  private store: RunStore | null = null;
  private readonly ownsStore: boolean;
  private runId: string | undefined;
  private indexing: boolean;

  constructor(private readonly opts: RecorderOptions) {
    this.ownsStore = !opts.store;
    this.indexing = opts.indexScans === true;
    if (!opts.history && !opts.indexScans) return;
    try {
      this.store = opts.store ?? new RunStore(opts.dbPath !== undefined ? { path: opts.dbPath } : {});
    } catch (e) {
      opts.onWarning(`run history disabled: cannot open the database: ${(e as Error).message}`);
    }
  }

  /** The run id to give the runner (undefined: the runner makes one). */
  start(meta: RunMeta): string | undefined {
    if (!this.store || !this.opts.history) return undefined;
    this.runId = this.guard('start the run', () => this.store!.startRun(meta));
    return this.runId;
  }

  /** Pass as the runner's onHostResult. */
  readonly onHostResult = (r: HostResult): void => {
    if (this.store && this.runId) this.guard(`record ${r.host}`, () => this.store!.recordHost(this.runId!, r));
    if (this.store && this.indexing) {
      const scan = scanFromHostResult(r, this.opts.now?.() ?? new Date());
      if (scan) this.guard(`index ${r.host}`, () => this.store!.recordScan(r.host, scan), 'index');
    }
  };

  /** Closes the run in the history and sends the summary. */
  async finish(result: FleetResult): Promise<void> {
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
