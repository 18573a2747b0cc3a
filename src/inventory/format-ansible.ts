import { readAnsibleVars } from './ansible-vars.js';
import type { PathContext } from './checks.js';
import { expandHostRange } from './host-range.js';
import { addGroup, addHost, addMember, mergeLevel } from './raw.js';
import type { RawGroup, RawInventory } from './raw.js';
import { suggest } from './suggest.js';
import type { YamlFile, YamlPath } from './yaml-file.js';
import { describeType } from './zod-issue.js';

type Obj = Record<string, unknown>;
const GROUP_KEYS = ['hosts', 'children', 'vars'];

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function mapping(file: YamlFile, path: YamlPath, v: unknown, what: string): Obj {
  if (v === null || v === undefined) return {};
  if (!isObj(v)) throw file.fail(path, `'${String(path.at(-1))}' must be a mapping of ${what}, got ${describeType(v)}`);
  return v;
}

interface Reader {
  file: YamlFile;
  raw: RawInventory;
  ctx: PathContext;
}

function readHosts(r: Reader, path: YamlPath, value: unknown, group: RawGroup | null): void {
  for (const [key, hv] of Object.entries(mapping(r.file, path, value, 'host names to their vars'))) {
    const hostPath = [...path, key];
    let names: string[];
    try {
      names = expandHostRange(key);
    } catch (e) {
      throw r.file.fail(hostPath, (e as Error).message, 'key');
    }
    if (names.some((n) => !/^\S+$/.test(n))) throw r.file.fail(hostPath, `host name '${key}' must not contain spaces`, 'key');
    const vars = mapping(r.file, hostPath, hv, 'vars');
    const { level } = readAnsibleVars(r.file, hostPath, vars, r.ctx, r.raw.warnings);
    const loc = r.file.locate(hostPath, 'key');
    for (const name of names) {
      addHost(r.raw, name, loc, level);
      if (group) addMember(group.hosts, { value: name, loc, key });
    }
  }
}

function readGroup(r: Reader, name: string, value: unknown, path: YamlPath, parent: RawGroup | null): void {
  const body = mapping(r.file, path, value, 'hosts, children and vars');
  for (const key of Object.keys(body)) {
    if (!GROUP_KEYS.includes(key))
      throw r.file.fail([...path, key], `unknown key '${key}' in group '${name}' (a group has hosts, children, vars)${suggest(key, GROUP_KEYS)}`, 'key');
  }
  const loc = r.file.locate(path, 'key');
  const vars = mapping(r.file, [...path, 'vars'], body.vars, 'variable names to values');
  const { level, priority } = readAnsibleVars(r.file, [...path, 'vars'], vars, r.ctx, r.raw.warnings);
  let group: RawGroup | null = null;
  if (name === 'all') {
    if (path.length > 1) throw r.file.fail(path, "group 'all' cannot be a child of another group", 'key');
    mergeLevel(r.raw.all, level, "group 'all'");
  } else {
    group = addGroup(r.raw, name, loc, level);
    // a different ansible_group_priority elsewhere already failed in addGroup (it stays in vars)
    if (priority) group.priority ??= priority;
    if (parent) addMember(parent.children, { value: name, loc, key: name });
  }
  readHosts(r, [...path, 'hosts'], body.hosts, group);
  for (const [child, cv] of Object.entries(mapping(r.file, [...path, 'children'], body.children, 'group names'))) {
    readGroup(r, child, cv, [...path, 'children', child], group);
  }
}

/** Reads an Ansible YAML inventory (all / hosts / children / vars) into `raw`, in document order. */
export function readAnsible(file: YamlFile, raw: RawInventory, ctx: PathContext): void {
  const data = file.data;
  if (data === null || data === undefined) return;
  for (const [name, value] of Object.entries(data as Obj)) readGroup({ file, raw, ctx }, name, value, [name], null);
}
