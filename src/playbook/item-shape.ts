import { getManager } from '../managers/registry.js';
import { parseTarget } from '../fleet/targets.js';
import { suggest } from '../inventory/suggest.js';
import { describeType } from '../inventory/zod-issue.js';
import type { NativeManagerId } from './types.js';

/** Keys of a per-manager name map. `dnf` also serves dnf5 and yum hosts that have no own entry. */
export const NAME_MAP_KEYS: readonly (NativeManagerId | 'default')[] = ['apt', 'dnf', 'dnf5', 'yum', 'zypper', 'pacman', 'apk', 'default'];

/** An item as written, shape-checked; whether a bare string is an alias is decided with the play. */
export type RawItem =
  | { kind: 'string'; value: string }
  | { kind: 'map'; names: Partial<Record<NativeManagerId | 'default', string>> };

export interface ItemProblem {
  message: string;
  /** Below the item (a key of a map), when the problem is there. */
  path?: string[];
  /** The problem is this key's name (not its value). */
  unknownKey?: string;
}

/** The universal grammar (the same one the ad-hoc verbs apply before any host is contacted). */
function checkRef(raw: string): string | null {
  try {
    parseTarget(raw);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A manager's own grammar for a value of a per-manager map. */
function checkForManager(id: NativeManagerId, raw: string): string | null {
  const universal = checkRef(raw);
  if (universal) return universal;
  if (raw.includes('://')) return `a per-manager name is a native package, not a reference (${JSON.stringify(raw)})`;
  try {
    const m = getManager(id);
    const spec = m.parseSpec(raw);
    return m.validateName(spec.name) ?? (spec.version !== undefined ? m.validateVersion(spec.version) : null);
  } catch (e) {
    return (e as Error).message;
  }
}

function fromNamed(v: Record<string, unknown>): RawItem | ItemProblem {
  for (const key of Object.keys(v)) {
    if (key !== 'name' && key !== 'version') return { message: `unknown key '${key}' in a package (keys: name, version)${suggest(key, ['name', 'version'])}`, unknownKey: key };
  }
  if (typeof v.name !== 'string' || v.name.trim() === '') return { message: `'name' must be a non-empty string, got ${describeType(v.name)}`, path: ['name'] };
  if (v.version === undefined) return { kind: 'string', value: v.name.trim() };
  if (typeof v.version !== 'string' || v.version.trim() === '') {
    const hint = typeof v.version === 'number' ? ' in quotes (YAML reads an unquoted 1.10 as the number 1.1)' : '';
    return { message: `'version' must be a string${hint}, got ${describeType(v.version)}`, path: ['version'] };
  }
  return { kind: 'string', value: `${v.name.trim()}=${v.version.trim()}` };
}

function fromMap(v: Record<string, unknown>): RawItem | ItemProblem {
  const names: Partial<Record<NativeManagerId | 'default', string>> = {};
  for (const [key, value] of Object.entries(v)) {
    if (!(NAME_MAP_KEYS as readonly string[]).includes(key)) {
      return { message: `unknown manager '${key}' in a per-manager name (keys: ${NAME_MAP_KEYS.join(', ')})${suggest(key, NAME_MAP_KEYS)}`, unknownKey: key };
    }
    if (typeof value !== 'string' || value.trim() === '') return { message: `'${key}' must be a package name, got ${describeType(value)}`, path: [key] };
    const why = key === 'default' ? checkRef(value.trim()) : checkForManager(key as NativeManagerId, value.trim());
    if (why) return { message: why, path: [key] };
    names[key as NativeManagerId | 'default'] = value.trim();
  }
  if (Object.keys(names).length === 0) return { message: 'a per-manager name needs at least one manager' };
  return { kind: 'map', names };
}

/**
 * One list entry: `name`, `name=version`, `docker://…`, `flatpak://…`, `{name, version}`, or a
 * per-manager map `{apt: apache2, dnf: httpd, …}`.
 */
export function shapeItem(v: unknown): RawItem | ItemProblem {
  if (typeof v === 'string') {
    const why = checkRef(v.trim());
    return why ? { message: why } : { kind: 'string', value: v.trim() };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { message: `a package must be a name, {name, version} or a per-manager map like {apt: apache2, dnf: httpd}, got ${describeType(v)}` };
  }
  const obj = v as Record<string, unknown>;
  return 'name' in obj || 'version' in obj ? fromNamed(obj) : fromMap(obj);
}

export function isItemProblem(r: RawItem | ItemProblem): r is ItemProblem {
  return 'message' in r;
}
