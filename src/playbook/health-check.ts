import { HostFailure, tail } from '../fleet/host-failure.js';
import type { HostResult } from '../fleet/result.js';
import { runFleet, type HostTask, type RunOptions } from '../fleet/runner.js';
import type { HostSpec } from '../inventory/types.js';
import type { HealthCheck } from './types.js';

/**
 * The play's health check on every host of a finished batch, over a new connection each, as the
 * login user (no sudo). `timeout` bounds each host (connect + command). A non-zero exit, a
 * timeout or an unreachable host is a failed check.
 */
export function runHealthCheck(hosts: HostSpec[], hc: HealthCheck, opts: RunOptions): Promise<HostResult[]> {
  const task: HostTask = async (session) => {
    session.step('health check');
    const r = await session.exec({ argv: hc.command, root: false });
    if (r.code !== 0) throw new HostFailure('command', `exit ${r.code ?? r.signal}`, tail(r.stderr || r.stdout, 5), r.code);
    return { status: 'ok' };
  };
  return runFleet(hosts, task, {
    ...opts,
    hostTimeoutMs: hc.timeoutMs,
    commandTimeoutMs: hc.timeoutMs,
    // Progress counts the play's hosts once: only the check's lines and steps are passed on.
    onEvent: (e) => {
      if (e.type === 'step' || e.type === 'line') opts.onEvent?.(e);
    },
  });
}

/** A host's play result with its health check folded in: a failed check fails the host. */
export function withHealth(r: HostResult, check: HostResult): HostResult {
  const messages = [...(r.messages ?? [])];
  if (check.status === 'ok') return { ...r, messages: [...messages, '[PKG] Health check passed'] };
  if (check.status === 'skipped') return { ...r, messages: [...messages, `[PKG] Health check not run: ${check.error?.message ?? 'skipped'}`] };
  const why = check.error ?? { kind: 'command' as const, message: check.status };
  messages.push(`[PKG] Health check failed: ${why.message}`);
  return {
    ...r,
    status: check.status === 'unreachable' ? 'unreachable' : 'failed',
    error: { kind: why.kind, message: `health check failed: ${why.message}`, ...(why.stderrTail ? { stderrTail: why.stderrTail } : {}) },
    messages,
  };
}
