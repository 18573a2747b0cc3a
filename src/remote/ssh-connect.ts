import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import type { AuthPlan } from './auth.js';
import { algorithmsForKeyType } from './host-key.js';
import { knownHostsOf, verifyHostKey, type HostKeyCheck } from './host-key-verifier.js';
import { knownKeyTypes } from './known-hosts.js';
import type { KnownHostsView } from './known-hosts-cache.js';
import { isRecoverableAuthError, toConnectError, type ConnectFailureContext, type Ssh2Error } from './ssh-errors.js';
import { ConnectError } from './transport.js';

/** Everything needed to open one SSH connection (a jump host or the target). */
export interface HopSettings {
  host: string;
  port: number;
  username: string;
  /** `user@host:port`, or `jump host user@host:port`: used in every message. */
  label: string;
  auth: AuthPlan;
  hostKey: HostKeyCheck;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

export function abortError(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const err = new Error('connect aborted');
  err.name = 'AbortError';
  return err;
}

function describeAuth(plan: AuthPlan): string {
  const parts = [`tried: ${plan.tried().join(', ') || 'nothing usable'}`];
  if (plan.serverMethods().length) parts.push(`server accepts: ${plan.serverMethods().join(', ')}`);
  if (plan.skipped.length) parts.push(`skipped: ${plan.skipped.join('; ')}`);
  return parts.join('; ');
}

/** Offers host key algorithms of the key types already known for this host first. */
function preferredHostKeyAlgorithms(hop: HopSettings, known: KnownHostsView): string[] {
  return knownKeyTypes(known.entriesFor(hop.host, hop.port), hop.host, hop.port).flatMap(algorithmsForKeyType);
}

/**
 * Opens one ssh2 connection with every safety setting explicit (hostVerifier, readyTimeout,
 * keepalive). `sock` is the forwarded stream from the previous hop when jumping.
 */
export async function connectHop(hop: HopSettings, sock?: Duplex, signal?: AbortSignal): Promise<Client> {
  if (signal?.aborted) throw abortError(signal);
  // known_hosts is read once per connection: to order the host key algorithms, then to verify.
  const known = await knownHostsOf(hop.hostKey);
  const prefer = preferredHostKeyAlgorithms(hop, known);
  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client();
    const failure: ConnectFailureContext = {
      label: hop.label,
      connectTimeoutMs: hop.connectTimeoutMs,
      describeAuth: () => describeAuth(hop.auth),
    };
    let settled = false;
    const onAbort = (): void => fail(abortError(signal as AbortSignal));
    const finish = (): void => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    function fail(err: Error): void {
      if (settled) return;
      finish();
      client.destroy();
      reject(err);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => {
      if (settled) return;
      finish();
      resolve(client);
    });
    // Stays attached for the life of the client: ssh2 emits 'error' after ready too.
    client.on('error', (err: Ssh2Error) => {
      if (settled || isRecoverableAuthError(err)) return;
      fail(toConnectError(err, failure));
    });
    client.on('close', () => {
      if (settled) return; // (no error built: this runs for every connection that closes)
      fail(
        failure.hostKeyMessage
          ? new ConnectError('hostkey', failure.hostKeyMessage)
          : new ConnectError('unreachable', `${hop.label}: connection closed during the SSH handshake`),
      );
    });
    const config: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.username,
      readyTimeout: hop.connectTimeoutMs,
      keepaliveInterval: hop.keepaliveIntervalMs,
      keepaliveCountMax: hop.keepaliveCountMax,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void): void => {
        verifyHostKey(hop.hostKey, key, known).then(
          (verdict) => {
            if (!verdict.ok) failure.hostKeyMessage = verdict.message;
            verify(verdict.ok);
          },
          (err: unknown) => {
            failure.hostKeyMessage = `${hop.label}: host key check failed: ${String(err)}`;
            verify(false);
          },
        );
      },
      authHandler: hop.auth.handler,
    };
    if (sock) config.sock = sock;
    if (prefer.length) config.algorithms = { serverHostKey: { prepend: prefer } } as ConnectConfig['algorithms'];
    try {
      client.connect(config);
    } catch (err) {
      fail(new ConnectError('unreachable', `${hop.label}: ${(err as Error).message}`));
    }
  });
}

/** Asks an established hop to open a TCP channel to the next hop (what ProxyJump does). */
export function forwardTo(via: Client, viaLabel: string, host: string, port: number, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new ConnectError('proxy', `${viaLabel} did not open a channel to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    via.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
      clearTimeout(timer);
      if (timedOut) {
        stream?.close();
        return;
      }
      if (err) reject(new ConnectError('proxy', `${viaLabel} could not open a channel to ${host}:${port}: ${err.message}`));
      else resolve(stream);
    });
  });
}

/** Connects through each hop in order, verifying every hop's host key; returns all clients, target last. */
export async function connectChain(hops: HopSettings[], signal?: AbortSignal): Promise<Client[]> {
  const clients: Client[] = [];
  try {
    for (const [i, hop] of hops.entries()) {
      const prev = i > 0 ? clients[i - 1] : undefined;
      const prevHop = i > 0 ? hops[i - 1] : undefined;
      const sock = prev && prevHop ? await forwardTo(prev, prevHop.label, hop.host, hop.port, hop.connectTimeoutMs) : undefined;
      clients.push(await connectHop(hop, sock, signal));
    }
    return clients;
  } catch (err) {
    for (const c of clients.reverse()) c.end();
    throw err;
  }
}
