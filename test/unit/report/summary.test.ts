import { describe, it, expect } from 'vitest';
import { renderSummary, groupOutcomes, exitCodeFor } from '../../../src/report/summary.js';
import type { FleetResult, HostResult } from '../../../src/fleet/result.js';
import { countStatuses } from '../../../src/fleet/execute.js';

function fleet(hosts: HostResult[], over: Partial<FleetResult> = {}): FleetResult {
  return {
    schemaVersion: 1, runId: 'r1', operation: 'upgrade', args: [], check: false,
    startedAt: '2026-11-25T00:00:00.000Z', finishedAt: '2026-11-25T00:00:04.000Z', durationMs: 4200,
    interrupted: false, hosts, counts: countStatuses(hosts), ...over,
  };
}
const upgraded = (host: string): HostResult => ({
  host, status: 'changed', durationMs: 10,
  changes: [{ name: 'openssl', action: 'upgrade', from: '3.0.11', to: '3.0.13' }],
});

describe('summary', () => {
  it('groups 300 hosts into a few lines', () => {
    const hosts = [
      ...Array.from({ length: 212 }, (_, i) => upgraded(`web${i}`)),
      ...Array.from({ length: 85 }, (_, i) => ({ host: `db${i}`, status: 'ok' as const, durationMs: 5, changes: [] })),
      ...['x1', 'x2', 'x3'].map((host) => ({ host, status: 'unreachable' as const, durationMs: 5, changes: [], error: { kind: 'unreachable' as const, message: 'connect ETIMEDOUT' } })),
    ];
    const groups = groupOutcomes(fleet(hosts));
    expect(groups.map((g) => [g.status, g.hosts.length])).toEqual([['changed', 212], ['ok', 85], ['unreachable', 3]]);
    const text = renderSummary(fleet(hosts));
    expect(text).toContain('CHANGED 212 hosts: web0, web1, web2, web3, web4, web5, web6, web7, … (+204 more)');
    expect(text).toContain('    openssl: 3.0.11 → 3.0.13');
    expect(text).toContain('UNREACHABLE 3 hosts: x1, x2, x3');
    expect(text).toContain('-- ok=85 changed=212 failed=0 unreachable=3 skipped=0 in 4.2s');
    expect(text.split('\n').length).toBeLessThan(12);
  });

  it('shows failures with their stderr tail', () => {
    const text = renderSummary(fleet([{ host: 'a', status: 'failed', durationMs: 1, changes: [], error: { kind: 'lock', message: 'lock held', stderrTail: 'E: Could not get lock' } }]));
    expect(text).toContain('lock: lock held');
    expect(text).toContain('  | E: Could not get lock');
  });

  it('exit codes: 0 ok, 2 failed, 3 unreachable, 4 both, 130 interrupted', () => {
    const ok = { host: 'a', status: 'ok' as const, durationMs: 1, changes: [] };
    const failed = { ...ok, host: 'b', status: 'failed' as const };
    const unr = { ...ok, host: 'c', status: 'unreachable' as const };
    expect(exitCodeFor(fleet([ok, upgraded('d')]))).toBe(0);
    expect(exitCodeFor(fleet([ok, failed]))).toBe(2);
    expect(exitCodeFor(fleet([ok, unr]))).toBe(3);
    expect(exitCodeFor(fleet([failed, unr]))).toBe(4);
    expect(exitCodeFor(fleet([ok], { interrupted: true }))).toBe(130);
  });
});
