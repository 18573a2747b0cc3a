import { ConnectError } from './transport.js';

/** What ssh2 attaches to its errors. */
export interface Ssh2Error extends Error {
  level?: string;
  code?: string;
}

export interface ConnectFailureContext {
  /** `user@host:port`, or `jump host user@host:port`. */
  label: string;
  connectTimeoutMs: number;
  /** Set by the host verifier when it refused the key: the full explanation. */
  hostKeyMessage?: string;
  /** Filled by the auth plan: what we tried and what the server allows. */
  describeAuth?: () => string;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/**
 * Errors ssh2 reports but recovers from by trying the next auth method: the agent being
 * unavailable, a signing failure. Anything else ends the connection attempt.
 */
export function isRecoverableAuthError(err: Ssh2Error): boolean {
  if (err.level === 'agent') return true;
  return err.level === 'client-authentication' && !/all configured authentication methods failed/i.test(err.message);
}

/** Maps an ssh2 connect-time error onto the ConnectError kinds the runner understands. */
export function toConnectError(err: Ssh2Error, ctx: ConnectFailureContext): ConnectError {
  if (ctx.hostKeyMessage) return new ConnectError('hostkey', ctx.hostKeyMessage);
  const { label } = ctx;
  if (err.level === 'client-authentication') {
    return new ConnectError('auth', `authentication failed for ${label}${ctx.describeAuth ? ` (${ctx.describeAuth()})` : ''}`);
  }
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
    return new ConnectError('timeout', `${label}: no SSH handshake within ${ctx.connectTimeoutMs} ms (${err.message})`);
  }
  if (err.code && UNREACHABLE_CODES.has(err.code)) {
    return new ConnectError('unreachable', `${label}: ${err.code} (${err.message})`);
  }
  if (err.level === 'handshake' && /host denied/i.test(err.message)) {
    return new ConnectError('hostkey', `${label}: host key refused`);
  }
  if (err.level === 'handshake') {
    return new ConnectError('unreachable', `${label}: SSH handshake failed: ${err.message}`);
  }
  return new ConnectError('unreachable', `${label}: ${err.message}`);
}
