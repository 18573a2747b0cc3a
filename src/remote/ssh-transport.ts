import type { Client } from 'ssh2';
import type { HostSpec } from '../inventory/types.js';
import type { TransportContext } from './context.js';
import { sharedKeyLoader, type KeyLoader } from './key-loader.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from './output-tail.js';
import { connectChain } from './ssh-connect.js';
import { execOnClient } from './ssh-exec.js';
import { resolveHops } from './ssh-settings.js';
import { ConnectError, type ExecOptions, type Transport, type TransportExecResult } from './transport.js';

/** What a transport closed by close() answers to a late exec(): one error for all of them. */
const CLOSED = new ConnectError('unreachable', 'transport closed');

/**
 * One SSH connection per host for the whole run (through jump hosts when configured); every
 * exec opens its own channel on it. A dropped connection fails the pending execs and the next
 * exec; the runner decides whether to reconnect.
 */
export class SshTransport implements Transport {
  readonly kind = 'ssh' as const;
  private clients: Client[] = [];
  private connecting: Promise<void> | undefined;
  private lost: ConnectError | undefined;
  private closing = false;
  private readonly lostListeners = new Set<(err: ConnectError) => void>();
  private readonly closed = new WeakSet<Client>();
  private readonly keyLoader: KeyLoader;
  private label: string;

  constructor(
    readonly host: HostSpec,
    private readonly ctx: TransportContext = {},
  ) {
    this.keyLoader = ctx.keyLoader ?? sharedKeyLoader(ctx.prompt);
    this.label = `${host.user ? `${host.user}@` : ''}${host.address}:${host.port}`;
  }

  connect(signal?: AbortSignal): Promise<void> {
    if (this.closing) return Promise.reject(new ConnectError('unreachable', `${this.label}: transport closed`));
    if (this.lost) {
      // Reconnect on an explicit connect() after a drop; exec() alone never reconnects.
      this.connecting = undefined;
      this.clients = [];
    }
    this.connecting ??= this.open(signal).catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  private async open(signal?: AbortSignal): Promise<void> {
    const hops = await resolveHops(this.host, this.ctx, this.keyLoader);
    const clients = await connectChain(hops, signal);
    this.clients = clients;
    this.lost = undefined;
    this.label = hops[hops.length - 1]?.label ?? this.label;
    // Any hop going away takes the target connection with it.
    for (const [i, client] of clients.entries()) {
      client.on('close', () => {
        this.closed.add(client);
        // a client of an earlier, already lost connection must not fail a newer one
        if (this.clients.includes(client)) this.onClosed(hops[i]?.label ?? this.label);
      });
    }
  }

  private onClosed(label: string): void {
    if (this.lost) return;
    // Closed by close(), with nothing waiting: the usual end of every host, no error to build.
    this.lost = this.closing && this.lostListeners.size === 0 ? CLOSED : new ConnectError('unreachable', `${label}: connection ${this.closing ? 'closed' : 'lost'}`);
    for (const c of this.clients) c.end();
    const listeners = [...this.lostListeners];
    this.lostListeners.clear();
    for (const cb of listeners) cb(this.lost);
  }

  async exec(line: string, opts: ExecOptions = {}): Promise<TransportExecResult> {
    try {
      await (this.connecting ?? this.connect(opts.signal));
    } catch (err) {
      // aborted while connecting lazily: the same answer as an abort during the command
      if (opts.signal?.aborted) return { code: null, signal: 'ABORTED', stdout: '', stderr: '', durationMs: 0 };
      throw err;
    }
    const target = this.clients[this.clients.length - 1];
    if (this.lost || !target) throw this.lost ?? new ConnectError('unreachable', `${this.label}: not connected`);
    return execOnClient(target, line, opts, {
      label: this.label,
      maxOutputBytes: this.ctx.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      onConnectionLost: (cb) => {
        this.lostListeners.add(cb);
        return () => this.lostListeners.delete(cb);
      },
    });
  }

  /** Ends the target connection first, then each jump host (reverse order). */
  async close(): Promise<void> {
    this.closing = true;
    for (const c of [...this.clients].reverse()) {
      if (this.closed.has(c)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          c.destroy();
          resolve();
        }, 2000);
        c.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        c.end();
      });
    }
  }
}
