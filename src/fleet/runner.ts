import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { HostSpec } from '../inventory/types.js';
import type { Transport } from '../remote/transport.js';
import { ConnectError } from '../remote/transport.js';
import type { HostResult, HostStatus, ErrorKind } from './result.js';
import type { HostOutcome } from './operation-types.js';
import { HostSession } from './session.js';
import { HostFailure } from './host-failure.js';
import { RowPool } from './row-pool.js';
import { OutputCatalog } from '../remote/output-catalog.js';

export type FleetEvent =
  | { type: 'start'; host: string }
  | { type: 'step'; host: string; step: string }
  | { type: 'line'; host: string; line: string }
  | { type: 'done'; result: HostResult };

export type HostTask = (session: HostSession, emit: (line: string) => void) => Promise<HostOutcome>;
export type TransportFactory = (host: HostSpec) => Transport;

export interface RunOptions {
  /** Hosts at once; 0 = all at once. */
  forks: number;
  transportFactory: TransportFactory;
  commandTimeoutMs: number;
  lockTimeoutMs: number;
  /** Whole-host deadline (connect + every command); undefined = none. */
  hostTimeoutMs?: number;
  lockPollMs?: number;
  /** Soft stop (first Ctrl-C): no new host starts; running hosts finish their transaction. */
  stopSignal?: AbortSignal;
  /** Hard abort (second Ctrl-C): channels are closed. */
  abortSignal?: AbortSignal;
  becomePasswordFor?: (host: HostSpec) => string | undefined;
  onEvent?: (e: FleetEvent) => void;
  logger?: Logger;
}

/**
 * Runs one task on every host through a queue of `forks` workers. One host failing never fails
 * the fleet: every host ends as exactly one typed HostResult, in inventory order.
 */
export async function runFleet(hosts: HostSpec[], task: HostTask, opts: RunOptions): Promise<HostResult[]> {
  const queue = new PQueue({ concurrency: opts.forks > 0 ? opts.forks : Infinity });
  const results = new Map<string, HostResult>();
  const rows = new RowPool();
  const outputs = new OutputCatalog();
  const stop = () => queue.clear();
  opts.stopSignal?.addEventListener('abort', stop, { once: true });

  for (const host of hosts) {
    void queue.add(async () => {
      if (opts.stopSignal?.aborted) return;
      const r = await runHost(host, task, opts, { rows, outputs });
      results.set(host.name, r);
      opts.onEvent?.({ type: 'done', result: r });
    });
  }
  await queue.onIdle();
  opts.stopSignal?.removeEventListener('abort', stop);

  return hosts.map((h) => {
    const r = results.get(h.name);
    if (r) return r;
    const skipped: HostResult = {
      host: h.name,
      address: h.address,
      status: 'skipped',
      changes: [],
      durationMs: 0,
      error: { kind: 'not-started', message: 'not started: the run was interrupted before this host began' },
    };
    opts.onEvent?.({ type: 'done', result: skipped });
    return skipped;
  });
}

async function runHost(host: HostSpec, task: HostTask, opts: RunOptions, shared: { rows: RowPool; outputs: OutputCatalog }): Promise<HostResult> {
  const started = Date.now();
  const log = opts.logger?.child({ host: host.name });
  const messages: string[] = [];
  const emit = (line: string) => {
    messages.push(line);
    log?.info({ event: 'line' }, line);
    opts.onEvent?.({ type: 'line', host: host.name, line });
  };
  opts.onEvent?.({ type: 'start', host: host.name });
  const signals = [opts.abortSignal, opts.hostTimeoutMs ? AbortSignal.timeout(opts.hostTimeoutMs) : undefined].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  const signal = signals.length ? AbortSignal.any(signals) : new AbortController().signal;
  const transport = opts.transportFactory(host);
  const session = new HostSession(host, transport, {
    signal,
    ...shared,
    commandTimeoutMs: host.commandTimeoutMs ?? opts.commandTimeoutMs,
    lockTimeoutMs: host.lockTimeoutMs ?? opts.lockTimeoutMs,
    ...(opts.lockPollMs !== undefined ? { lockPollMs: opts.lockPollMs } : {}),
    ...(() => {
      const pw = opts.becomePasswordFor?.(host);
      return pw !== undefined ? { becomePassword: pw } : {};
    })(),
    onStep: (step) => {
      log?.debug({ event: 'step' }, step);
      opts.onEvent?.({ type: 'step', host: host.name, step });
    },
    onCommand: (line, res) => log?.debug({ event: 'command', code: res.code, ms: res.durationMs }, line),
  });

  const finish = (fields: Partial<HostResult> & { status: HostStatus }): HostResult => {
    const r: HostResult = {
      host: host.name,
      address: host.address,
      changes: [],
      ...fields,
      durationMs: Date.now() - started,
      ...(messages.length ? { messages } : {}),
    };
    log?.info({ event: 'done', status: r.status, manager: r.manager, changes: r.changes.length, error: r.error?.kind }, `host ${r.status}`);
    return r;
  };

  try {
    await transport.connect(signal);
  } catch (e) {
    await transport.close().catch(() => undefined);
    return finish(connectFailure(e, signal, opts.hostTimeoutMs));
  }
  try {
    const out = await task(session, emit);
    const changes = out.changes ?? [];
    const status: HostStatus = out.status === 'skipped' || out.status === 'failed' ? out.status : changes.length ? 'changed' : 'ok';
    return finish({ ...out, changes, status });
  } catch (e) {
    const facts = session.facts;
    const base = facts ? { os: { id: facts.os.id, idLike: facts.os.idLike } } : {};
    if (e instanceof ConnectError) {
      return finish({ ...base, status: 'unreachable', error: { kind: 'unreachable', message: `connection lost: ${e.message}` } });
    }
    if (e instanceof HostFailure) {
      const timedOut = e.kind === 'interrupted' && signal.aborted && !opts.abortSignal?.aborted;
      return finish({
        ...base,
        status: 'failed',
        changes: e.changes,
        ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
        error: {
          kind: timedOut ? 'timeout' : e.kind,
          message: timedOut ? `host timed out after ${Math.round((opts.hostTimeoutMs ?? 0) / 1000)}s` : e.message,
          ...(e.stderrTail ? { stderrTail: e.stderrTail } : {}),
        },
      });
    }
    return finish({ ...base, status: 'failed', error: { kind: 'command', message: `internal error: ${(e as Error).stack ?? String(e)}` } });
  } finally {
    // The session's current transport: a reboot may have replaced the first one.
    await session.transport.close().catch(() => undefined);
  }
}

function connectFailure(e: unknown, signal: AbortSignal, hostTimeoutMs?: number): Partial<HostResult> & { status: HostStatus } {
  if (e instanceof ConnectError) {
    const unreachable = e.kind === 'unreachable' || e.kind === 'timeout' || e.kind === 'proxy';
    const kind: ErrorKind = e.kind === 'proxy' ? 'unreachable' : e.kind;
    return { status: unreachable ? 'unreachable' : 'failed', error: { kind, message: e.message } };
  }
  if (signal.aborted) {
    return { status: 'unreachable', error: { kind: 'timeout', message: `connect aborted${hostTimeoutMs ? ` (host timeout ${Math.round(hostTimeoutMs / 1000)}s)` : ''}` } };
  }
  return { status: 'unreachable', error: { kind: 'unreachable', message: (e as Error).message ?? String(e) } };
}
