import { DEFAULT_MAX_OUTPUT_BYTES, OutputTail, collectedResult } from './output-tail.js';
import { SharedOutput } from './output-catalog.js';
import type { ExecOptions, Transport, TransportExecResult } from './transport.js';
import { importEsm } from '../util/import-esm.js';
import { monotonicMs } from '../util/clock.js';

export interface LocalTransportOptions {
  /** Per-stream output cap (the tail is kept). */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL to the process group on timeout/abort. */
  killGraceMs?: number;
}

/**
 * Runs lines with `/bin/sh -c LINE` on this machine, same result shape as ssh. Each command is
 * its own process group, so a timeout or abort kills the whole group (TERM, then KILL).
 */
export class LocalTransport implements Transport {
  readonly kind = 'local' as const;

  constructor(private readonly options: LocalTransportOptions = {}) {}

  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  async exec(line: string, opts: ExecOptions = {}): Promise<TransportExecResult> {
    // Loaded on first use: a fleet run over SSH never pays for execa's module graph.
    const { execa } = await importEsm<typeof import('execa')>('execa');
    const started = monotonicMs();
    const max = this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const grace = this.options.killGraceMs ?? 2000;
    const stdout = opts.share ? new SharedOutput(opts.share, max, opts.onStdout) : new OutputTail(max, opts.onStdout);
    const stderr = new OutputTail(max, opts.onStderr);
    const result = (code: number | null, signal: string | null): TransportExecResult => collectedResult(stdout, stderr, code, signal, started);
    if (opts.signal?.aborted) return result(null, 'ABORTED');

    const child = execa('/bin/sh', ['-c', line], {
      buffer: false,
      reject: false,
      detached: true,
      stripFinalNewline: false,
      ...(opts.stdin !== undefined ? { input: opts.stdin } : { stdin: 'ignore' as const }),
    });
    child.stdout?.on('data', (d: Buffer) => stdout.push(d));
    child.stderr?.on('data', (d: Buffer) => stderr.push(d));

    let stopped: 'TIMEOUT' | 'ABORTED' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let giveUp: (() => void) | undefined;
    const killGroup = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // group already gone
      }
    };
    const stop = (reason: 'TIMEOUT' | 'ABORTED'): void => {
      if (stopped) return;
      stopped = reason;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => {
        killGroup('SIGKILL');
        // A descendant that left the group may hold our pipes open: stop waiting for it.
        killTimer = setTimeout(() => giveUp?.(), 1000);
      }, grace);
    };
    const onAbort = (): void => stop('ABORTED');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutMs && opts.timeoutMs > 0 ? setTimeout(() => stop('TIMEOUT'), opts.timeoutMs) : undefined;
    const abandoned = new Promise<undefined>((resolve) => {
      giveUp = () => resolve(undefined);
    });
    try {
      const done = await Promise.race([child, abandoned]);
      if (stopped) return result(null, stopped);
      if (!done) return result(null, null);
      if (done.failed && done.exitCode === undefined && !done.signal) {
        stderr.push(`pkgfleet: ${done.message}\n`);
      }
      return result(done.exitCode ?? null, done.signal ?? null);
    } finally {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}
