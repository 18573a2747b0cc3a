import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FleetResult, HostStatus } from '../fleet/result.js';
import type { PackageChange } from '../managers/types.js';
import { renderSummary } from './summary.js';

/** Where a run's summary goes when the run ends. */
export interface NotifyTargets {
  /** JSON POST to this http(s) URL. */
  webhook?: string;
  /** One JSON line appended per run. */
  file?: string;
}

/** The document POSTed / appended: docs/scheduling.md describes it. */
export interface RunNotification {
  kind: 'pkgfleet.run';
  version: 1;
  runId: string;
  operation: string;
  args: string[];
  check: boolean;
  /** complete | interrupted (stopped, or a host never started). */
  status: 'complete' | 'interrupted';
  schedule?: string;
  controller: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: Record<HostStatus, number>;
  /** The human summary, as the terminal shows it (for chat). */
  text: string;
  hosts: {
    host: string;
    status: HostStatus;
    manager?: string;
    changes: Pick<PackageChange, 'name' | 'action' | 'from' | 'to'>[];
    rebootRequired?: boolean;
    error?: { kind: string; message: string };
  }[];
}

export function buildNotification(result: FleetResult, extra: { schedule?: string; controller?: string } = {}): RunNotification {
  return {
    kind: 'pkgfleet.run',
    version: 1,
    runId: result.runId,
    operation: result.operation,
    args: result.args,
    check: result.check,
    status: result.interrupted ? 'interrupted' : 'complete',
    ...(extra.schedule ? { schedule: extra.schedule } : {}),
    controller: extra.controller ?? os.hostname(),
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    counts: result.counts,
    text: renderSummary(result),
    hosts: result.hosts.map((h) => ({
      host: h.host,
      status: h.status,
      ...(h.manager ? { manager: h.manager } : {}),
      changes: h.changes.map((c) => ({ name: c.name, action: c.action, from: c.from, to: c.to })),
      ...(h.rebootRequired !== undefined ? { rebootRequired: h.rebootRequired } : {}),
      ...(h.error ? { error: { kind: h.error.kind, message: h.error.message } } : {}),
    })),
  };
}

/** POSTs the JSON; throws on a network error, a timeout or a non-2xx answer. */
export async function postWebhook(url: string, body: unknown, opts: { timeoutMs?: number; fetchImpl?: typeof fetch } = {}): Promise<void> {
  const doFetch = opts.fetchImpl ?? fetch;
  const res = await doFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'pkgfleet' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    redirect: 'error',
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
}

/** Appends the JSON as one line (JSON Lines): a log of runs that a ticketing tool can tail. */
export function appendNotifyFile(file: string, body: unknown): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  appendFileSync(file, `${JSON.stringify(body)}\n`, { mode: 0o640 });
}

/** Sends to every target; never throws: returns one message per target that failed. */
export async function notifyRun(targets: NotifyTargets, body: RunNotification, opts: { timeoutMs?: number } = {}): Promise<string[]> {
  const problems: string[] = [];
  if (targets.file) {
    try {
      appendNotifyFile(targets.file, body);
    } catch (e) {
      problems.push(`cannot write run summary to ${targets.file}: ${(e as Error).message}`);
    }
  }
  if (targets.webhook) {
    try {
      await postWebhook(targets.webhook, body, opts);
    } catch (e) {
      const err = e as Error;
      const why = err.name === 'TimeoutError' ? 'timed out' : (err.cause as Error | undefined)?.message ?? err.message;
      problems.push(`webhook ${redactUrl(targets.webhook)} failed: ${why}`);
    }
  }
  return problems;
}

/** A URL for messages: only scheme and host (chat webhooks carry their token in the path or query). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname !== '/' || u.search ? '/…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
