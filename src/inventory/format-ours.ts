import type { PathContext } from './checks.js';
import { OUR_SETTING_KEYS, ourFileSchema } from './schema-ours.js';
import { addGroup, addHost, addMember, mergeLevel } from './raw.js';
import type { RawInventory } from './raw.js';
import { emptyLevel } from './settings.js';
import type { Level, Located } from './settings.js';
import type { YamlFile, YamlPath } from './yaml-file.js';

type Obj = Record<string, unknown>;

/** Settings and vars of one parsed mapping, each with its location. */
function toLevel(file: YamlFile, path: YamlPath, parsed: Obj | null): Level {
  const level = emptyLevel();
  if (!parsed) return level;
  for (const [key, spec] of Object.entries(OUR_SETTING_KEYS)) {
    if (parsed[key] === undefined) continue;
    const located = { value: parsed[key], loc: file.locate([...path, key]), key };
    (level.settings as Record<string, Located<unknown>>)[spec.setting] = located;
  }
  const vars = (parsed.vars ?? {}) as Obj;
  for (const [k, v] of Object.entries(vars)) {
    level.vars.set(k, { value: v, loc: file.locate([...path, 'vars', k]), key: k });
  }
  return level;
}

function names(file: YamlFile, path: YamlPath, list: unknown): Located<string>[] {
  return ((list ?? []) as string[]).map((value, i) => ({ value, loc: file.locate([...path, i]), key: String(path.at(-1)) }));
}

/** Reads a file in our format (defaults / groups / hosts) into `raw`, in document order. */
export function readOurs(file: YamlFile, raw: RawInventory, ctx: PathContext): void {
  const data = file.parse(ourFileSchema(ctx), file.data ?? {}, []);
  const sections = Object.keys((file.data ?? {}) as Obj);
  for (const section of sections) {
    if (section === 'defaults') {
      mergeLevel(raw.all, toLevel(file, ['defaults'], data.defaults ?? null), 'defaults');
    }
    if (section === 'groups') {
      for (const [name, g] of Object.entries(data.groups ?? {})) {
        if (name === 'all') throw file.fail(['groups', name], "'all' is a reserved group name: put its settings under defaults", 'key');
        const group = addGroup(raw, name, file.locate(['groups', name], 'key'), toLevel(file, ['groups', name], g));
        for (const h of names(file, ['groups', name, 'hosts'], g?.hosts)) {
          addMember(group.hosts, h);
          addHost(raw, h.value, h.loc);
        }
        for (const c of names(file, ['groups', name, 'children'], g?.children)) {
          addMember(group.children, c);
          addGroup(raw, c.value, c.loc);
        }
      }
    }
    if (section === 'hosts') {
      for (const [name, h] of Object.entries(data.hosts ?? {})) {
        addHost(raw, name, file.locate(['hosts', name], 'key'), toLevel(file, ['hosts', name], h));
      }
    }
  }
}
