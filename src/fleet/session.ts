import type { Command, ExecResult, OperationKind, PackageManager, ExitVerdict } from '../managers/types.js';
import type { HostSpec } from '../inventory/types.js';
import type { Transport } from '../remote/transport.js';
import { classifyBecomeFailure, decideSudo, type SudoMode } from '../remote/become.js';
import { factsCommand, parseFacts, type HostFacts } from '../managers/detect.js';
import { HostFailure, tail } from './host-failure.js';
import { describeCleanup, execGuarded } from './guarded-exec.js';
import type { RowPool } from './row-pool.js';
import { sleep } from '../util/sleep.js';
import { renderCommand } from '../remote/quote.js';
import { PREFETCH_SPLIT, splitPrefetch, type Prefetch } from './prefetch.js';
import type { OutputCatalog } from '../remote/output-catalog.js';

export interface SessionOptions {
  signal: AbortSignal;
  commandTimeoutMs: number;
  lockTimeoutMs: number;
  /** Pause between lock retries. */
  lockPollMs?: number;
  becomePassword?: string;
  /** Live monitoring: what the host is doing now. */
  onStep?: (step: string) => void;
  /** Called for each command run (for the debug log). */
  onCommand?: (line: string, res: ExecResult) => void;
  /** The run's shared package rows (the runner makes one per run). */
  rows?: RowPool;
  /** The run's outputs that hosts print alike (Command.alike; the runner makes one per run). */
  outputs?: OutputCatalog;
}

export interface RunOutcome {
  result: ExecResult;
  verdict: ExitVerdict;
}

/**
 * One host's session: the transport (one connection for the whole run), its facts, and the
 * single way to run a manager command: sudo when needed, lock wait + retry, timeout, and
 * become/timeout failures turned into HostFailure.
 */
export class HostSession {
  facts: HostFacts | null = null;
  /** A command's result read in the facts round trip (prefetch.ts), for the very next exec only. */
  private prefetched: { line: string; result: ExecResult } | null = null;

  constructor(
    readonly host: HostSpec,
    /** The connection every command runs over; replaced only after a reboot (replaceTransport). */
    public transport: Transport,
    private readonly opts: SessionOptions,
  ) {}

  /** Aborts on a hard stop or the host deadline. */
  get signal(): AbortSignal {
    return this.opts.signal;
  }

  /**
   * After a reboot the old connection is gone: the rest of the host's commands run over `next`
   * (already connected). The old transport is closed; the runner closes the current one at the end.
   */
  async replaceTransport(next: Transport): Promise<void> {
    const old = this.transport;
    this.transport = next;
    if (old !== next) await old.close().catch(() => undefined);
  }

  step(text: string): void {
    this.opts.onStep?.(text);
  }

  /** Parsed package rows equal to another host's become that host's (frozen) objects: see RowPool. */
  shareRows<T extends object>(list: T[]): T[] {
    return this.opts.rows ? this.opts.rows.share(list) : list;
  }

  /**
   * `parse(output)` with its rows shared (shareRows); an output another host already printed
   * returns that host's list. The list and its rows are frozen (typed mutable, like shared rows).
   */
  parseShared<T extends object>(kind: string, output: string, parse: (text: string) => T[]): T[] {
    return this.opts.rows ? (this.opts.rows.parsed(kind, output, parse) as T[]) : parse(output);
  }

  /** How exec() wraps `cmd`: sudo -n, sudo -S, or not at all. */
  sudoMode(cmd: Command): SudoMode {
    if (!cmd.root) return false;
    return decideSudo({
      become: this.host.become,
      // Before the facts are read (pkgfleet ping reads none), the login name says it.
      loginIsRoot: this.facts ? this.facts.uid === 0 : this.host.user === 'root',
      ...(this.opts.becomePassword !== undefined ? { password: this.opts.becomePassword } : {}),
    });
  }

  /**
   * Runs a command once; throws HostFailure on timeout, abort or a become (sudo) failure.
   * A timeout or abort ends the command's whole process tree on the host (see guarded-exec.ts).
   */
  async exec(cmd: Command): Promise<ExecResult> {
    if (this.opts.signal.aborted) throw new HostFailure('interrupted', 'run interrupted before this step');
    const pre = this.prefetched;
    this.prefetched = null;
    if (pre && cmd.localQuery && !cmd.root) {
      const line = renderCommand(cmd);
      if (line === pre.line) {
        this.opts.onCommand?.(`${line} (ran with the facts)`, pre.result);
        return pre.result;
      }
    }
    const sudo = this.sudoMode(cmd);
    const catalog = this.opts.outputs;
    const { result: res, stopped, cleanup } = await execGuarded(this.transport, cmd, {
      sudo,
      ...(cmd.alike && catalog ? { share: { ...cmd.alike, catalog } } : {}),
      ...(this.opts.becomePassword !== undefined ? { password: this.opts.becomePassword } : {}),
      signal: this.opts.signal,
      timeoutMs: this.opts.commandTimeoutMs,
      ...(this.opts.onCommand ? { onCommand: this.opts.onCommand } : {}),
    });
    if (stopped === 'timeout') {
      const what = `command timed out after ${Math.round(this.opts.commandTimeoutMs / 1000)}s: ${cmd.argv.slice(0, 3).join(' ')}`;
      throw new HostFailure('timeout', `${what}${describeCleanup(cleanup)}`, tail(res.stderr));
    }
    if (stopped === 'aborted') throw new HostFailure('interrupted', `command aborted${describeCleanup(cleanup)}`, tail(res.stderr));
    if (sudo && res.code !== 0) {
      const why = classifyBecomeFailure(res);
      if (why) throw new HostFailure('become', why, tail(res.stderr), res.code);
    }
    return res;
  }

  /**
   * Reads the host's facts in one round trip. With `prefetch`, the same round trip also runs the
   * command the host will most likely need next (prefetch.ts); exec() hands its result to that
   * command if, and only if, it is the next one run.
   */
  async gatherFacts(prefetch: Prefetch | null = null): Promise<HostFacts> {
    // The follow-up's output is what hosts print alike; the facts before it are each host's own.
    const res = await this.exec(prefetch ? { ...factsCommand(prefetch.script), alike: { after: PREFETCH_SPLIT } } : factsCommand());
    const split = splitPrefetch(res, prefetch);
    // With a follow-up, the exit status is the follow-up's: the facts are whole when @@end is there.
    if (res.code !== 0 && !split.prefetched) throw new HostFailure('command', `fact gathering failed (exit ${res.code})`, tail(res.stderr), res.code);
    this.facts = parseFacts(split.facts);
    this.prefetched = split.prefetched ?? null;
    return this.facts;
  }

  /**
   * Runs a manager command and reads its exit with the manager's own table. When the manager
   * says its database lock is held, waits and retries until lockTimeoutMs, then fails saying so.
   */
  async run(manager: PackageManager, op: OperationKind, cmd: Command): Promise<RunOutcome> {
    const started = Date.now();
    let waited = false;
    for (;;) {
      const result = await this.exec(cmd).catch((e: unknown) => {
        throw cmd.root ? withAfterStop(e, manager) : e;
      });
      const verdict = manager.interpretExit(op, result);
      if (!verdict.lockHeld) return { result, verdict };
      const elapsed = Date.now() - started;
      if (elapsed >= this.opts.lockTimeoutMs) {
        throw new HostFailure(
          'lock',
          `the ${manager.displayName} package database lock was held by another process for ${Math.round(elapsed / 1000)}s (lock timeout ${Math.round(this.opts.lockTimeoutMs / 1000)}s)`,
          tail(result.stderr || result.stdout),
          result.code,
        );
      }
      if (!waited) this.step(`waiting for the ${manager.displayName} lock`);
      waited = true;
      await sleep(Math.min(this.opts.lockPollMs ?? 2000, this.opts.lockTimeoutMs - elapsed), this.opts.signal);
    }
  }

  /** Like run(), but a non-ok verdict fails the host with the manager's message and stderr tail. */
  async runOk(manager: PackageManager, op: OperationKind, cmd: Command): Promise<ExecResult> {
    const { result, verdict } = await this.run(manager, op, cmd);
    if (!verdict.ok) {
      const kind = verdict.notFound ? 'not-found' : 'command';
      const msg = verdict.message ?? `${cmd.argv[0]} exited with ${result.code}`;
      throw new HostFailure(kind, msg, tail(result.stderr || result.stdout), result.code);
    }
    return result;
  }
}

/** A stopped root command of the manager: what it may have left behind, in the message. */
function withAfterStop(e: unknown, manager: PackageManager): unknown {
  if (!(e instanceof HostFailure) || !manager.afterStop || (e.kind !== 'timeout' && e.kind !== 'interrupted')) return e;
  return new HostFailure(e.kind, `${e.message} (${manager.afterStop})`, e.stderrTail, e.exitCode, e.changes);
}
