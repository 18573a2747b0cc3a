import { LimitPatternError, selectHosts } from '../inventory/index.js';
import type { HostSpec, Inventory } from '../inventory/types.js';
import { PlaybookError } from './errors.js';
import type { Play, Playbook } from './types.js';

export interface PlayTarget {
  play: Play;
  /** The play's hosts (its pattern on the whole inventory, within `allowed`), in inventory order. */
  hosts: HostSpec[];
}

export interface PlaybookTargets {
  plays: PlayTarget[];
  /** Every host some play runs on, in inventory order. */
  hosts: HostSpec[];
}

/**
 * Each play's `hosts:` pattern is matched against the whole inventory (so a group is known even
 * when --limit left none of its hosts), then restricted to `allowed` (the hosts --limit kept,
 * with the command-line settings applied). A pattern that names nothing is a playbook error.
 */
export function resolvePlays(pb: Playbook, inventory: Inventory, allowed: readonly HostSpec[]): PlaybookTargets {
  const plays = pb.plays.map((play) => {
    let names: Set<string>;
    try {
      names = new Set(selectHosts(inventory, play.hosts).map((h) => h.name));
    } catch (e) {
      if (e instanceof LimitPatternError) throw new PlaybookError(play.hostsAt, `hosts: ${e.message}`);
      throw e;
    }
    return { play, hosts: allowed.filter((h) => names.has(h.name)) };
  });
  const used = new Set(plays.flatMap((p) => p.hosts.map((h) => h.name)));
  return { plays, hosts: allowed.filter((h) => used.has(h.name)) };
}
