import { buildGroupGraph, sortGroups } from './groups.js';
import { buildBaseHost, mergeLevels } from './host-settings.js';
import type { BaseHost, HostContext } from './host-settings.js';
import { resolveJumps } from './jumps.js';
import type { RawInventory } from './raw.js';
import type { Inventory } from './types.js';

/**
 * Turns the merged raw inventory into resolved hosts: groups validated, vars and settings merged
 * (all < groups by depth/priority/name < host), ssh_config applied, jump chains resolved.
 */
export function resolveInventory(raw: RawInventory, ctx: HostContext, files: string[]): Inventory {
  const graph = buildGroupGraph(raw);
  const warnings = [...raw.warnings];
  for (const g of raw.groups.values()) {
    if (raw.hosts.has(g.name)) warnings.push({ ...g.loc, message: `'${g.name}' is both a group and a host` });
  }

  const bases = new Map<string, BaseHost>();
  for (const host of raw.hosts.values()) {
    const names = sortGroups(raw, graph, graph.hostGroups.get(host.name) ?? []);
    const levels = [raw.all, ...names.map((n) => raw.groups.get(n)!.level), host.level];
    const { settings, vars } = mergeLevels(levels);
    const real = names.filter((n) => n !== 'ungrouped');
    const groups = real.length > 0 ? real : ['ungrouped'];
    bases.set(host.name, buildBaseHost(host.name, settings, { groups, vars, source: host.loc }, ctx));
  }
  resolveJumps(bases, ctx);

  const hosts = [...bases.values()].map((b) => b.spec);
  const groups = new Map<string, string[]>();
  groups.set('all', hosts.map((h) => h.name));
  groups.set('ungrouped', hosts.filter((h) => h.groups.length === 1 && h.groups[0] === 'ungrouped').map((h) => h.name));
  for (const name of raw.groups.keys()) {
    if (name === 'ungrouped') continue;
    groups.set(name, hosts.filter((h) => graph.hostGroups.get(h.name)?.has(name)).map((h) => h.name));
  }
  return { hosts, groups, files, warnings };
}
