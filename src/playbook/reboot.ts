import { HostFailure, tail } from '../fleet/host-failure.js';
import type { TransportFactory } from '../fleet/runner.js';
import type { HostSession } from '../fleet/session.js';
import type { Command } from '../managers/types.js';
import { renderCommand } from '../remote/quote.js';
import { ConnectError } from '../remote/transport.js';
import type { RebootSpec } from './types.js';
import { sleep } from '../util/sleep.js';

/**
 * Runs the reboot command ("$@") detached, after a short pause, with no tie to our channel: the
 * command that started it returns at once, and the connection drops when the host goes down.
 * Fixed script text; the user's reboot command arrives as positional arguments.
 */
export const DETACH_SCRIPT = `trap '' HUP; (sleep 2; exec "$@") </dev/null >/dev/null 2>&1 &`;

export function detachedReboot(spec: RebootSpec): Command {
  return { argv: ['/bin/sh', '-c', DETACH_SCRIPT, 'sh', ...spec.command], root: true };
}

export interface RebootOptions {
  transportFactory: TransportFactory;
  /** Pause between polls (ms). */
  pollMs?: number;
  /** How long one probe of the old connection may take before the host counts as gone (ms). */
  probeTimeoutMs?: number;
}

const PROBE: Command = { argv: ['true'], root: false, plain: true };

/** Polls the old connection until it is gone (dropped, or no longer answering). */
interface Poll {
  pollMs: number;
  probeTimeoutMs: number;
  timeoutMs: number;
}

async function waitForDown(session: HostSession, deadline: number, opts: Poll): Promise<void> {
  const line = renderCommand(PROBE);
  while (Date.now() < deadline) {
    if (session.signal.aborted) throw new HostFailure('interrupted', 'run interrupted while waiting for the reboot');
    try {
      const r = await session.transport.exec(line, { signal: session.signal, timeoutMs: opts.probeTimeoutMs });
      if (r.signal === 'TIMEOUT') return;
    } catch (e) {
      if (e instanceof ConnectError) return;
      throw e;
    }
    await sleep(opts.pollMs, session.signal);
  }
  throw new HostFailure('timeout', `the host did not go down within ${Math.round(opts.timeoutMs / 1000)}s of the reboot command`);
}

/**
 * Reboots the host and waits for it: the reboot command runs detached as root, the old
 * connection goes away, then new connections (from the same transport factory) are tried until
 * one connects and `test_command` exits 0, or the timeout is over. The host's session then goes
 * on over the new connection.
 */
export async function rebootHost(session: HostSession, spec: RebootSpec, opts: RebootOptions): Promise<void> {
  if (session.transport.kind === 'local') {
    throw new HostFailure('unsupported', 'reboot over a local connection would reboot this machine: refused');
  }
  const o: Poll = { pollMs: opts.pollMs ?? 1000, probeTimeoutMs: opts.probeTimeoutMs ?? 5000, timeoutMs: spec.timeoutMs };
  const deadline = Date.now() + spec.timeoutMs;
  session.step('rebooting');
  const started = await session.exec(detachedReboot(spec));
  if (started.code !== 0) {
    throw new HostFailure('command', `the reboot command could not be started (exit ${started.code})`, tail(started.stderr || started.stdout), started.code);
  }
  await waitForDown(session, deadline, o);
  await session.transport.close().catch(() => undefined);

  session.step('waiting for the host to come back');
  let last = 'no connection yet';
  while (Date.now() < deadline) {
    if (session.signal.aborted) throw new HostFailure('interrupted', 'run interrupted while waiting for the host to come back');
    const next = opts.transportFactory(session.host);
    try {
      const left = Math.max(1, deadline - Date.now());
      await next.connect(AbortSignal.any([session.signal, AbortSignal.timeout(left)]));
      await session.replaceTransport(next);
      const r = await session.exec({ argv: spec.testCommand, root: false });
      if (r.code === 0) return;
      last = `test command exited ${r.code}: ${tail(r.stderr || r.stdout, 3)}`;
    } catch (e) {
      if (e instanceof HostFailure && e.kind === 'interrupted') throw e;
      last = (e as Error).message;
      if (session.transport !== next) await next.close().catch(() => undefined);
    }
    await sleep(o.pollMs, session.signal);
  }
  throw new HostFailure('timeout', `the host did not come back within ${Math.round(spec.timeoutMs / 1000)}s after the reboot (last: ${last})`);
}
