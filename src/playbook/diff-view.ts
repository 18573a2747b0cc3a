import type { FleetResult } from '../fleet/result.js';
import { formatChange, groupOutcomes, listHosts } from '../report/summary.js';
import type { StepLog, StepRecord } from './step-record.js';

function stepLines(records: StepRecord[], check: boolean): string[] {
  const out: string[] = [];
  let play: string | null = null;
  for (const r of records) {
    if (r.play !== play) {
      play = r.play;
      out.push(`play '${r.play}'`);
    }
    const state = r.status === 'changed' ? (check ? 'would change' : 'changed') : r.status === 'ok' ? 'no change' : r.status;
    out.push(`  ${r.step}. ${r.name}: ${state}`);
    for (const c of r.changes) out.push(`       ${formatChange(c)}`);
    for (const n of r.notes) out.push(`       · ${n}`);
  }
  return out;
}

/**
 * `--diff`: per host, each step and its version changes (`name: before → after`, dependencies
 * included). Hosts whose outcome reads the same are grouped as in the summary (groupOutcomes),
 * and within a group, hosts whose steps read the same share one listing.
 */
export function renderDiff(result: FleetResult, steps: StepLog, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [`== pkgfleet play --diff${result.check ? ' (check: nothing changed)' : ''}`];
  for (const g of groupOutcomes(result)) {
    const byListing = new Map<string, string[]>();
    for (const host of g.hosts) {
      const lines = stepLines(steps.get(host) ?? [], result.check);
      const key = lines.join('\n');
      byListing.set(key, [...(byListing.get(key) ?? []), host]);
    }
    for (const [key, hosts] of byListing) {
      out.push(`--- ${g.status.toUpperCase()} ${listHosts(hosts, opts.verbose ? Infinity : 8)}`);
      if (key) out.push(...key.split('\n').map((l) => `    ${l}`));
      else out.push(...g.lines.map((l) => `    ${l}`));
    }
  }
  return out.join('\n');
}
