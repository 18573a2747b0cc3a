import type { Play } from './types.js';

/**
 * The play's host order: as in the inventory, sorted by name, or shuffled (Fisher-Yates; `random`
 * is injectable so tests can fix it). Batches are cut from this order.
 */
export function orderHosts<T extends { name: string }>(hosts: readonly T[], order: Play['order'], random: () => number = Math.random): T[] {
  const out = [...hosts];
  if (order === 'sorted') return out.sort((a, b) => a.name.localeCompare(b.name));
  if (order === 'shuffle') {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  }
  return out;
}
