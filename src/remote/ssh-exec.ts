import type { Client, ClientChannel } from 'ssh2';
import { OutputTail, collectedResult } from './output-tail.js';
import { SharedOutput } from './output-catalog.js';
import { ConnectError, type ExecOptions, type TransportExecResult } from './transport.js';
import { monotonicMs } from '../util/clock.js';

interface ChannelInternals {
  outgoing?: { id: number; state: string };
  _client?: { _protocol?: { signal(id: number, name: string): void } };
}

/**
 * Asks the server to signal the command. ssh2's channel.signal() silently does nothing once our
 * side ended stdin (we always do), although RFC 4254 allows requests until the channel is closed;
 * so after EOF the request goes through the protocol object directly. Servers that do not
 * support signals ignore it; closing the channel still ends the session.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const inner = channel as unknown as ChannelInternals;
  try {
    const out = inner.outgoing;
    const protocol = inner._client?._protocol;
    if (out && protocol && (out.state === 'open' || out.state === 'eof')) protocol.signal(out.id, name);
    else channel.signal(name);
  } catch {
    // best effort
  }
}

export interface ExecContext {
  label: string;
  maxOutputBytes: number;
  /** Registers a callback for a dropped connection; returns the unregister function. */
  onConnectionLost(cb: (err: ConnectError) => void): () => void;
}

/**
 * Runs one line on its own channel. Never rejects for a non-zero code; rejects with
 * ConnectError('unreachable') only when the connection goes away before the command ends.
 * On timeout/abort it asks the server to TERM the process (OpenSSH honours signal requests),
 * closes the channel and resolves at once with code null and signal 'TIMEOUT' / 'ABORTED'.
 */
export function execOnClient(client: Client, line: string, opts: ExecOptions, ctx: ExecContext): Promise<TransportExecResult> {
  const started = monotonicMs();
  const stdout = opts.share ? new SharedOutput(opts.share, ctx.maxOutputBytes, opts.onStdout) : new OutputTail(ctx.maxOutputBytes, opts.onStdout);
  const stderr = new OutputTail(ctx.maxOutputBytes, opts.onStderr);
  return new Promise((resolve, reject) => {
    let channel: ClientChannel | undefined;
    let exitCode: number | null | undefined;
    let exitSignal: string | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const unregister = ctx.onConnectionLost((err) => {
      if (exitCode !== undefined) settle(exitCode, exitSignal);
      else finish(() => reject(err));
    });
    const onAbort = (): void => stop('ABORTED');
    function finish(action: () => void): void {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
      action();
    }
    function settle(code: number | null, signal: string | null): void {
      finish(() => resolve(collectedResult(stdout, stderr, code, signal, started)));
    }
    function stop(reason: 'TIMEOUT' | 'ABORTED'): void {
      if (settled) return;
      if (channel) {
        sendSignal(channel, 'TERM');
        channel.close();
      }
      settle(null, reason);
    }
    if (opts.signal?.aborted) return stop('ABORTED');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) timer = setTimeout(() => stop('TIMEOUT'), opts.timeoutMs);
    try {
      client.exec(line, (err, ch) => {
        if (err) {
          // The connection is alive (a drop is reported above first) but refused a session,
          // e.g. MaxSessions: a failed command, not an unreachable host.
          stderr.push(`pkgfleet: ${ctx.label} refused a session channel: ${err.message}\n`);
          return settle(null, 'CHANNEL_FAILED');
        }
        if (settled) {
          // Timed out or aborted while the channel was opening: stop it all the same.
          sendSignal(ch, 'TERM');
          ch.close();
          return;
        }
        channel = ch;
        ch.on('data', (d: Buffer) => stdout.push(d));
        ch.stderr.on('data', (d: Buffer) => stderr.push(d));
        ch.on('exit', (code: number | null, signal?: string) => {
          exitCode = typeof code === 'number' ? code : null;
          exitSignal = signal ?? null;
        });
        ch.on('close', () => settle(exitCode ?? null, exitSignal));
        if (opts.stdin !== undefined && opts.stdin !== '') ch.end(opts.stdin);
        else ch.end();
      });
    } catch (err) {
      finish(() => reject(new ConnectError('unreachable', `${ctx.label}: ${(err as Error).message}`)));
    }
  });
}
