import type { ExecResult } from '../managers/types.js';
import type { ShareOptions } from './output-catalog.js';

export interface ExecOptions {
  /** Written to the remote command's stdin, then stdin is closed. */
  stdin?: string;
  /** Aborting closes the channel (ssh) or kills the process (local). */
  signal?: AbortSignal;
  /** Per-command timeout in ms; on expiry the channel is closed and code is null, signal 'TIMEOUT'. */
  timeoutMs?: number;
  /** Called with output as it arrives (live monitoring). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Compare stdout (or its part after `share.after`) with the run's catalog as it arrives (output-catalog.ts). */
  share?: ShareOptions;
}

/**
 * What the ssh and local transports actually return: an ExecResult, plus how many bytes of
 * each stream were dropped from the front when output exceeded the cap (only the tail is kept).
 */
export interface TransportExecResult extends ExecResult {
  truncated?: { stdout: number; stderr: number };
}

/** Why a connection could not be made; the runner maps these onto host results. */
export type ConnectErrorKind = 'unreachable' | 'timeout' | 'hostkey' | 'auth' | 'proxy';

export class ConnectError extends Error {
  constructor(
    readonly kind: ConnectErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

/**
 * One transport per host per run: connect once, run every command of the run over it.
 * exec() takes the already-rendered shell line (see quote.ts) and never throws on non-zero codes;
 * it rejects only when the connection itself is gone (ConnectError 'unreachable').
 */
export interface Transport {
  readonly kind: 'ssh' | 'local';
  connect(signal?: AbortSignal): Promise<void>;
  exec(line: string, opts?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}
