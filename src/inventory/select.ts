import { LimitPatternError } from './errors.js';
import { globToRegExp, hasWildcard } from './glob.js';
import type { HostSpec, Inventory } from './types.js';

/** Splits `a:b,c:&d:!e` into elements; `:` inside `[...]` does not split. */
function splitPattern(pattern: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of pattern) {
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    if ((c === ',' || c === ':') && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter((e) => e !== '');
}

function matchElement(inv: Inventory, name: string): Set<string> | null {
  if (name === 'all' || name === '*') return new Set(inv.hosts.map((h) => h.name));
  const test: (s: string) => boolean = name.startsWith('~')
    ? (s) => new RegExp(name.slice(1)).test(s)
    : hasWildcard(name)
      ? (s) => globToRegExp(name).test(s)
      : (s) => s === name;
  let matched = false;
  const hosts = new Set<string>();
  for (const h of inv.hosts) {
    if (test(h.name)) {
      matched = true;
      hosts.add(h.name);
    }
  }
  for (const [group, members] of inv.groups) {
    if (!test(group)) continue;
    matched = true;
    for (const m of members) hosts.add(m);
  }
  return matched ? hosts : null;
}

/**
 * Hosts selected by an Ansible-style `--limit` pattern, in inventory order: names, groups,
 * globs (`web*`), `~regex`, unions (`a:b`, `a,b`), intersections (`a:&b`), exclusions (`a:!b`),
 * `all` / `*`. Every element must match some host or group name.
 */
export function selectHosts(inv: Inventory, pattern: string): HostSpec[] {
  const elements = splitPattern(pattern);
  if (elements.length === 0) throw new LimitPatternError(pattern, '', 'empty --limit pattern');
  const parsed = elements.map((e) => {
    const op = e[0] === '&' || e[0] === '!' ? e[0] : '';
    const name = e.slice(op.length).trim();
    if (name === '') throw new LimitPatternError(pattern, e, `pattern element '${e}' has no name after '${op}'`);
    let hosts: Set<string> | null;
    try {
      hosts = matchElement(inv, name);
    } catch (err) {
      throw new LimitPatternError(pattern, e, `pattern '${name}' is not a valid regular expression: ${(err as Error).message}`);
    }
    if (!hosts) throw new LimitPatternError(pattern, e, `pattern '${name}' matches no host or group`);
    return { op, hosts };
  });
  const unions = parsed.filter((p) => p.op === '');
  let selected = unions.length > 0 ? new Set<string>() : new Set(inv.hosts.map((h) => h.name));
  for (const p of unions) for (const h of p.hosts) selected.add(h);
  for (const p of parsed.filter((x) => x.op === '&')) selected = new Set([...selected].filter((h) => p.hosts.has(h)));
  for (const p of parsed.filter((x) => x.op === '!')) for (const h of p.hosts) selected.delete(h);
  return inv.hosts.filter((h) => selected.has(h.name));
}
