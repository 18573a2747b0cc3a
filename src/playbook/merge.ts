import type { HostResult, HostStatus } from '../fleet/result.js';

/** A host that failed or was unreachable in a play takes no part in later plays. */
export function isDown(r: HostResult | undefined): boolean {
  return r?.status === 'failed' || r?.status === 'unreachable';
}

function combined(a: HostStatus, b: HostStatus): HostStatus {
  if (b === 'failed' || b === 'unreachable') return b;
  if (a === 'changed' || b === 'changed') return 'changed';
  if (a === 'ok' || b === 'ok') return 'ok';
  return b;
}

/**
 * One host's results of two plays as one HostResult: the later play's failure wins, any change
 * makes it changed, changes and messages add up, facts and the reboot signal are the latest.
 */
export function mergeHostResults(prev: HostResult | undefined, next: HostResult): HostResult {
  if (!prev) return next;
  const out: HostResult = {
    ...prev,
    ...next,
    status: combined(prev.status, next.status),
    changes: [...prev.changes, ...next.changes],
    durationMs: prev.durationMs + next.durationMs,
  };
  const messages = [...(prev.messages ?? []), ...(next.messages ?? [])];
  if (messages.length) out.messages = messages;
  if (!next.error && prev.error) out.error = prev.error;
  if (next.rebootRequired === undefined && prev.rebootRequired !== undefined) out.rebootRequired = prev.rebootRequired;
  return out;
}

/** A host a stopped run never started (or, with an earlier result, a note on it). */
export function notStarted(host: { name: string; address: string }, reason: string, prev?: HostResult): HostResult {
  if (prev) return { ...prev, messages: [...(prev.messages ?? []), `[PKG] ${reason}`] };
  return {
    host: host.name,
    address: host.address,
    status: 'skipped',
    changes: [],
    durationMs: 0,
    error: { kind: 'not-started', message: reason },
  };
}
