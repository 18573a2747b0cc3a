import type { Command, ExecResult } from '../managers/types.js';
import { prepareExec, type SudoMode } from '../remote/become.js';
import {
  GUARD_SCRIPT,
  KILL_GRACE_S,
  killGroupCommand,
  readGuardPgid,
  remoteDeadlineS,
  stoppedByRemoteDeadline,
  stripGuardMarker,
} from '../remote/guard.js';
import { quote } from '../remote/quote.js';
import type { Transport } from '../remote/transport.js';
import type { ShareOptions } from '../remote/output-catalog.js';

const QUOTED_GUARD = quote(GUARD_SCRIPT);

/** The line for the debug log: the guard's script text (the same every time) left out. */
function logLine(line: string): string {
  return line.split(QUOTED_GUARD).join("'<pkgfleet guard script>'");
}

export interface GuardedExecOptions {
  sudo: SudoMode;
  password?: string;
  /** Aborts the command (hard stop, host deadline). */
  signal: AbortSignal;
  /** The local deadline; the host's own is a little shorter (remoteDeadlineS). */
  timeoutMs: number;
  /** After an abort, how long to wait for the guard's PGID line if it has not arrived yet. */
  pgidWaitMs?: number;
  /** Called for each line run, the clean-up included (debug log). */
  onCommand?: (line: string, res: ExecResult) => void;
  /** The command's output is compared with the run's catalog (Command.alike, remote/output-catalog.ts). */
  share?: ShareOptions;
}

/** What the clean-up found (KILL_SCRIPT's answer), or why there was none. */
export type Cleanup = 'gone' | 'stopped' | 'killed' | 'failed' | 'no-pgid';

export interface GuardedExecResult {
  /** The command's result; stderr without the guard's PGID line. */
  result: ExecResult;
  /** Set when the command was stopped: by a deadline (the host's or ours), or by an abort. */
  stopped?: 'timeout' | 'aborted';
  /** Only when stopped over SSH. */
  cleanup?: Cleanup;
}

const PGID_WAIT_MS = 2000;

/**
 * Runs one command so that a timeout or an abort really ends it on the host: over SSH inside the
 * process-group guard (remote/guard.ts), and when it was stopped, the group is signalled over
 * the same connection (TERM, KILL after the grace period), with the same sudo as the command.
 * The local transport needs none of this: it kills its own process group.
 *
 * Every command runs inside the guard except the local queries (`Command.localQuery`: the facts
 * script and the installed-package list), which read files and the package database, touch no
 * network and no lock, and end by themselves. For those the guard's processes (a shell, setsid,
 * a watcher) would cost the host more than the query: ~12 ms of CPU per command, a quarter of a
 * `list --installed` run at 50 hosts (docs/performance.md). Everything that can wait on the
 * network or a lock (refresh, upgradable lists, search, info, simulations, every change) stays
 * guarded.
 */
export async function execGuarded(transport: Transport, cmd: Command, o: GuardedExecOptions): Promise<GuardedExecResult> {
  if (transport.kind !== 'ssh' || cmd.localQuery) {
    const { line, stdin } = prepareExec(cmd, o.sudo, o.password);
    const result = await transport.exec(line, {
      ...(stdin !== undefined ? { stdin } : {}),
      ...(o.share ? { share: o.share } : {}),
      signal: o.signal,
      timeoutMs: o.timeoutMs,
    });
    o.onCommand?.(line, result);
    const stopped = result.signal === 'TIMEOUT' ? 'timeout' : result.signal === 'ABORTED' ? 'aborted' : undefined;
    return stopped ? { result, stopped } : { result };
  }

  const deadlineS = remoteDeadlineS(o.timeoutMs);
  const { line, stdin } = prepareExec(cmd, o.sudo, o.password, undefined, { deadlineS, killAfterS: KILL_GRACE_S });
  // An abort closes the channel once the PGID is known: without it, nothing could be signalled.
  const stop = new AbortController();
  let pgid: number | undefined;
  let head = '';
  let waitTimer: NodeJS.Timeout | undefined;
  const onStderr = (chunk: string): void => {
    if (pgid !== undefined || head.length > 64 * 1024) return;
    head += chunk;
    pgid = readGuardPgid(head);
    if (pgid !== undefined && o.signal.aborted) stop.abort();
  };
  const onAbort = (): void => {
    if (pgid !== undefined) stop.abort();
    else waitTimer = setTimeout(() => stop.abort(), o.pgidWaitMs ?? PGID_WAIT_MS);
  };
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener('abort', onAbort, { once: true });
  let raw: ExecResult;
  try {
    raw = await transport.exec(line, {
      ...(stdin !== undefined ? { stdin } : {}),
      ...(o.share ? { share: o.share } : {}),
      signal: stop.signal,
      timeoutMs: o.timeoutMs,
      onStderr,
    });
  } finally {
    if (waitTimer) clearTimeout(waitTimer);
    o.signal.removeEventListener('abort', onAbort);
  }
  pgid ??= readGuardPgid(raw.stderr);
  const result: ExecResult = { ...raw, stderr: stripGuardMarker(raw.stderr) };
  o.onCommand?.(logLine(line), result);

  const stopped =
    raw.signal === 'TIMEOUT' || stoppedByRemoteDeadline(raw.stderr) ? 'timeout' : raw.signal === 'ABORTED' ? 'aborted' : undefined;
  if (!stopped) return { result };
  // Even when the host's deadline ended the command, a process that ignored TERM may be left.
  const cleanup = pgid === undefined ? 'no-pgid' : await killGroup(transport, pgid, cmd.root, o);
  return { result, stopped, cleanup };
}

async function killGroup(transport: Transport, pgid: number, root: boolean, o: GuardedExecOptions): Promise<Cleanup> {
  const { line, stdin } = prepareExec(killGroupCommand(pgid, root), o.sudo, o.password);
  try {
    const res = await transport.exec(line, { ...(stdin !== undefined ? { stdin } : {}), timeoutMs: (KILL_GRACE_S + 10) * 1000 });
    o.onCommand?.(logLine(line), res);
    const said = res.stdout.trim();
    return said === 'gone' || said === 'stopped' || said === 'killed' ? said : 'failed';
  } catch {
    // The connection is gone: the host's own deadline (timeout -k) is all that is left.
    return 'failed';
  }
}

/** How a stopped command's processes ended, for the host's error message. */
export function describeCleanup(cleanup: Cleanup | undefined): string {
  switch (cleanup) {
    case undefined:
      return '';
    case 'gone':
    case 'stopped':
      return '; its processes on the host have ended';
    case 'killed':
      return `; its processes on the host ignored TERM and were killed after ${KILL_GRACE_S}s`;
    default:
      return '; pkgfleet could not confirm that its processes on the host have ended';
  }
}
