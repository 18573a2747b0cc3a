import type { HostResult, HostStatus } from '../fleet/result.js';

/**
 * Puts recorded hosts in the run's planned (inventory) order; hosts recorded but not planned
 * keep their finish order at the end. When the run ended early (`endedEarly`), every planned
 * host without a result is added as skipped / not-started, and the counts follow.
 */
export function applyPlannedHosts(
  recorded: HostResult[],
  planned: string[] | null,
  counts: Record<HostStatus, number>,
  endedEarly: boolean,
): { hosts: HostResult[]; counts: Record<HostStatus, number> } {
  if (planned === null) return { hosts: recorded, counts };
  const position = new Map<string, number>();
  planned.forEach((h, i) => position.has(h) || position.set(h, i));
  const byHost = new Map(recorded.map((r) => [r.host, r]));
  const hosts: HostResult[] = [];
  let missing = 0;
  for (const name of position.keys()) {
    const r = byHost.get(name);
    if (r) hosts.push(r);
    else if (endedEarly) {
      missing++;
      hosts.push({
        host: name,
        status: 'skipped',
        changes: [],
        durationMs: 0,
        error: { kind: 'not-started', message: 'no result was recorded before the run ended' },
      });
    }
  }
  hosts.push(...recorded.filter((r) => !position.has(r.host)));
  return { hosts, counts: missing > 0 ? { ...counts, skipped: counts.skipped + missing } : counts };
}
