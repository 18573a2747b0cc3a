import { HostFailure } from '../fleet/host-failure.js';
import type { ManagerId } from '../managers/types.js';
import type { NativeManagerId, PackageItem } from './types.js';

/** dnf5 and yum hosts use the `dnf` name when the map has none of their own. */
const FALLBACK: Partial<Record<ManagerId, NativeManagerId>> = { dnf5: 'dnf', yum: 'dnf' };

function describeMap(names: Partial<Record<string, string>>): string {
  return `{${Object.entries(names).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

/**
 * The package reference an item means on a host whose native manager is `manager`: a plain name
 * or ref as written, an alias's entry, or the map's entry for the manager (then `dnf` for dnf5/yum,
 * then `default`). A map with no name for this manager fails the host, never guesses.
 */
export function resolveItem(item: PackageItem, manager: ManagerId | null, aliases: Record<string, PackageItem>): string {
  if (item.kind === 'ref') return item.raw;
  if (item.kind === 'alias') {
    const target = aliases[item.alias];
    if (!target || target.kind === 'alias') throw new HostFailure('invalid', `alias '${item.alias}' is not defined`);
    return resolveItem(target, manager, aliases);
  }
  const fallback = manager ? FALLBACK[manager] : undefined;
  const name =
    (manager ? item.names[manager as NativeManagerId] : undefined) ?? (fallback ? item.names[fallback] : undefined) ?? item.names.default;
  if (name === undefined) {
    throw new HostFailure('unsupported', `no package name for ${manager ?? 'a host without a native manager'} in ${describeMap(item.names)} (add '${manager ?? 'default'}:' or 'default:')`);
  }
  return name;
}
