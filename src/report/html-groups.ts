import type { HostResult, HostStatus } from '../fleet/result.js';
import type { PackageChange } from '../managers/types.js';
import { naturalCompare } from './html-format.js';

/** Hosts whose change sets are identical (same names, actions and versions; arch ignored). */
export interface ChangeGroup {
  changes: PackageChange[];
  hosts: string[];
  /** How many of these hosts ended failed (changes made before the failure). */
  failed: number;
}

const changeKey = (c: PackageChange) => JSON.stringify([c.name, c.action, c.from, c.to]);

export function groupChanges(hosts: HostResult[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const h of hosts) {
    if (h.changes.length === 0) continue;
    const seen = new Set<string>();
    const changes = [...h.changes]
      .sort((a, b) => naturalCompare(a.name, b.name) || changeKey(a).localeCompare(changeKey(b)))
      .filter((c) => !seen.has(changeKey(c)) && seen.add(changeKey(c)));
    const key = changes.map(changeKey).join('\n');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { changes, hosts: [], failed: 0 }));
    g.hosts.push(h.host);
    if (h.status === 'failed') g.failed++;
  }
  for (const g of groups.values()) g.hosts.sort(naturalCompare);
  return [...groups.values()].sort((a, b) => b.hosts.length - a.hosts.length || naturalCompare(a.hosts[0]!, b.hosts[0]!));
}

/** Hosts that ended the same bad way: same status, error kind, message and stderr tail. */
export interface ProblemGroup {
  status: HostStatus;
  kind: string;
  message: string;
  stderrTail: string;
  hosts: string[];
}

export function groupProblems(hosts: HostResult[], statuses: HostStatus[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const h of hosts) {
    if (!statuses.includes(h.status)) continue;
    const kind = h.error?.kind ?? h.status;
    const message = h.error?.message ?? h.messages?.join('; ') ?? '';
    const stderrTail = h.error?.stderrTail?.trimEnd() ?? '';
    const key = JSON.stringify([h.status, kind, message, stderrTail]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { status: h.status, kind, message, stderrTail, hosts: [] }));
    g.hosts.push(h.host);
  }
  for (const g of groups.values()) g.hosts.sort(naturalCompare);
  const order = (s: HostStatus) => statuses.indexOf(s);
  return [...groups.values()].sort((a, b) => order(a.status) - order(b.status) || b.hosts.length - a.hosts.length);
}
