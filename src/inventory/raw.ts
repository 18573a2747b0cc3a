import { deepEqual } from './deep-equal.js';
import { InventoryError, formatLocation } from './errors.js';
import { SECRET_KEYS, emptyLevel } from './settings.js';
import type { Level, Located, SettingKey } from './settings.js';
import type { InventoryWarning, SourceLocation } from './types.js';

/** A host as read from one or more files, before groups and precedence are applied. */
export interface RawHost {
  name: string;
  /** First definition (or first mention when it is only listed in a group). */
  loc: SourceLocation;
  defined: boolean;
  level: Level;
}

export interface RawGroup {
  name: string;
  loc: SourceLocation;
  defined: boolean;
  level: Level;
  hosts: Located<string>[];
  children: Located<string>[];
  /** Ansible's ansible_group_priority (default 1): orders groups of the same depth. */
  priority?: Located<number>;
}

/** Everything read from all files, merged; insertion order = inventory order. */
export interface RawInventory {
  all: Level;
  hosts: Map<string, RawHost>;
  groups: Map<string, RawGroup>;
  warnings: InventoryWarning[];
}

export function emptyRaw(): RawInventory {
  return { all: emptyLevel(), hosts: new Map(), groups: new Map(), warnings: [] };
}

function show(key: SettingKey | null, v: unknown): string {
  if (key && SECRET_KEYS.has(key)) return '(secret)';
  if (key === 'jump' && v && typeof v === 'object' && 'hops' in v) return JSON.stringify((v as { hops: unknown }).hops);
  return JSON.stringify(v) ?? String(v);
}

function conflict(owner: string, now: Located<unknown>, before: Located<unknown>, key: SettingKey | null) {
  return new InventoryError(
    now.loc,
    `${owner} is defined twice with different values for '${now.key}': ${show(key, now.value)} here, ` +
      `${show(key, before.value)} at ${formatLocation(before.loc)}`,
  );
}

/** Adds `from` into `into`; the same key with a different value is an error naming both places. */
export function mergeLevel(into: Level, from: Level, owner: string): void {
  for (const k of Object.keys(from.settings) as SettingKey[]) {
    const now = from.settings[k] as Located<unknown>;
    const before = into.settings[k] as Located<unknown> | undefined;
    if (before && !deepEqual(before.value, now.value)) throw conflict(owner, now, before, k);
    if (!before) (into.settings as Record<string, Located<unknown>>)[k] = now;
  }
  for (const [name, now] of from.vars) {
    const before = into.vars.get(name);
    if (before && !deepEqual(before.value, now.value)) throw conflict(owner, now, before, null);
    if (!before) into.vars.set(name, now);
  }
}

/** Mentions or defines a host (`level` given = a definition with settings/vars). */
export function addHost(raw: RawInventory, name: string, loc: SourceLocation, level?: Level): RawHost {
  let host = raw.hosts.get(name);
  if (!host) {
    host = { name, loc, defined: false, level: emptyLevel() };
    raw.hosts.set(name, host);
  }
  if (level) {
    if (!host.defined) host.loc = loc;
    host.defined = true;
    mergeLevel(host.level, level, `host '${name}'`);
  }
  return host;
}

/** Mentions or defines a group; several definitions merge (hosts and children add up). */
export function addGroup(raw: RawInventory, name: string, loc: SourceLocation, level?: Level): RawGroup {
  let group = raw.groups.get(name);
  if (!group) {
    group = { name, loc, defined: false, level: emptyLevel(), hosts: [], children: [] };
    raw.groups.set(name, group);
  }
  if (level) {
    if (!group.defined) group.loc = loc;
    group.defined = true;
    mergeLevel(group.level, level, `group '${name}'`);
  }
  return group;
}

const memberSets = new WeakMap<Located<string>[], Set<string>>();

/** Appends `item` unless a member of that name is already listed (constant time per call). */
export function addMember(list: Located<string>[], item: Located<string>): void {
  let seen = memberSets.get(list);
  if (!seen) {
    seen = new Set(list.map((x) => x.value));
    memberSets.set(list, seen);
  }
  if (seen.has(item.value)) return;
  seen.add(item.value);
  list.push(item);
}
