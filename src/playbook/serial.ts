import type { SerialEntry } from './types.js';

/** Hosts in one batch for an entry: a count, or a percentage of all the play's hosts (at least 1). */
export function batchSize(entry: SerialEntry, total: number): number {
  if ('count' in entry) return entry.count;
  return Math.max(1, Math.floor((total * entry.percent) / 100));
}

/**
 * The play's hosts cut into batches: `serial` entries in order, the last one repeating until every
 * host has a batch (`[1, "25%", "100%"]`: a canary, a quarter, then the rest). No serial = one batch.
 */
export function splitBatches<T>(hosts: readonly T[], serial: readonly SerialEntry[]): T[][] {
  if (hosts.length === 0) return [];
  if (serial.length === 0) return [[...hosts]];
  const out: T[][] = [];
  let at = 0;
  let i = 0;
  while (at < hosts.length) {
    const entry = serial[Math.min(i, serial.length - 1)]!;
    const size = batchSize(entry, hosts.length);
    out.push(hosts.slice(at, at + size));
    at += size;
    i++;
  }
  return out;
}
