import { describe, expect, it } from 'vitest';
import { playRecording } from '../../../src/cli/play-recording.js';
import type { FleetResult, HostResult } from '../../../src/fleet/result.js';

const h = (host: string, status: HostResult['status'], extra: Partial<HostResult> = {}): HostResult => ({ host, status, changes: [], durationMs: 10, ...extra });
const upgrade = (name: string) => ({ name, action: 'upgrade' as const, from: '1.0', to: '1.1' });

describe('history of a playbook run', () => {
  it('records each host as each play finishes it, merged across plays, then what the end changed', () => {
    const recorded: HostResult[] = [];
    const rec = playRecording((r) => recorded.push(r));
    // play 1: web1 changes openssl; play 2: web1 changes nothing, db1 fails.
    rec.onEvent({ type: 'start', host: 'web1' });
    rec.onEvent({ type: 'done', result: h('web1', 'changed', { changes: [upgrade('openssl')] }) });
    rec.onEvent({ type: 'done', result: h('web1', 'ok') });
    rec.onEvent({ type: 'done', result: h('db1', 'failed', { error: { kind: 'command', message: 'boom' } }) });
    // The run stopped: web2 never started.
    rec.onEvent({ type: 'done', result: h('web2', 'skipped', { error: { kind: 'not-started', message: 'not started: stop' } }) });
    expect(recorded.map((r) => [r.host, r.status, r.changes.map((c) => c.name)])).toEqual([
      ['web1', 'changed', ['openssl']],
      // merged: the second play kept the first play's change, so web1 stays changed
      // (recorded again: its duration grew)
      ['web1', 'changed', ['openssl']],
      ['db1', 'failed', []],
      ['web2', 'skipped', []],
    ]);
    expect(recorded[1]!.durationMs).toBe(20);

    // The final result: web1's health check failed after the batch (no event for that).
    const final: FleetResult = {
      schemaVersion: 1, runId: 'R', operation: 'play', args: [], check: false, startedAt: '', finishedAt: '', durationMs: 0, interrupted: false,
      hosts: [recorded[1]!, recorded[2]!, recorded[3]!].map((r) => (r.host === 'web1' ? { ...r, status: 'failed' as const, error: { kind: 'command' as const, message: 'health check failed: exit 1' } } : r)),
      counts: { ok: 0, changed: 0, failed: 2, unreachable: 0, skipped: 1 },
    };
    recorded.length = 0;
    rec.reconcile(final);
    expect(recorded.map((r) => [r.host, r.status])).toEqual([['web1', 'failed']]);
  });

  it('a not-started note for a host that already has a result does not overwrite it', () => {
    const recorded: HostResult[] = [];
    const rec = playRecording((r) => recorded.push(r));
    rec.onEvent({ type: 'done', result: h('web1', 'changed', { changes: [upgrade('bash')] }) });
    rec.onEvent({ type: 'done', result: h('web1', 'skipped', { error: { kind: 'not-started', message: 'not started' } }) });
    expect(recorded.map((r) => r.status)).toEqual(['changed']);
  });
});
