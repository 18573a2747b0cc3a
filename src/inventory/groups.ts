import { InventoryError } from './errors.js';
import type { RawInventory } from './raw.js';

/** The group hierarchy after validation: acyclic, every child defined. */
export interface GroupGraph {
  /** Direct parents of each group (groups under `all` have none). */
  parents: Map<string, string[]>;
  /** Distance from `all` (longest path): top-level groups are 1. */
  depth: Map<string, number>;
  /** Groups each host is in, ancestors included. */
  hostGroups: Map<string, Set<string>>;
}

function checkReferences(raw: RawInventory): void {
  for (const reserved of ['all']) {
    const g = raw.groups.get(reserved);
    if (g) throw new InventoryError(g.loc, `'${reserved}' is a reserved group name`);
  }
  for (const g of raw.groups.values()) {
    for (const c of g.children) {
      if (!raw.groups.get(c.value)?.defined) throw new InventoryError(c.loc, `group '${g.name}' lists unknown child group '${c.value}'`);
    }
  }
}

/** Depth-first search in definition order; the edge that closes a cycle is the error location. */
function checkCycles(raw: RawInventory): void {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    stack.push(name);
    for (const edge of raw.groups.get(name)!.children) {
      const s = state.get(edge.value);
      if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(edge.value)), edge.value].join(' -> ');
        throw new InventoryError(edge.loc, `group cycle: ${cycle}`);
      }
      if (s === undefined) visit(edge.value);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of raw.groups.keys()) if (!state.has(name)) visit(name);
}

/** Validates the hierarchy (reserved names, unknown children, cycles) and computes depths and memberships. */
export function buildGroupGraph(raw: RawInventory): GroupGraph {
  checkReferences(raw);
  checkCycles(raw);
  const parents = new Map<string, string[]>([...raw.groups.keys()].map((n) => [n, []]));
  for (const g of raw.groups.values()) for (const c of g.children) parents.get(c.value)!.push(g.name);

  const depth = new Map<string, number>();
  const depthOf = (n: string): number => {
    let d = depth.get(n);
    if (d === undefined) {
      d = 1 + Math.max(0, ...parents.get(n)!.map(depthOf));
      depth.set(n, d);
    }
    return d;
  };
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (n: string): Set<string> => {
    let a = ancestors.get(n);
    if (!a) {
      a = new Set([n]);
      for (const p of parents.get(n)!) for (const x of ancestorsOf(p)) a.add(x);
      ancestors.set(n, a);
    }
    return a;
  };
  for (const n of raw.groups.keys()) depthOf(n);

  const hostGroups = new Map<string, Set<string>>([...raw.hosts.keys()].map((h) => [h, new Set<string>()]));
  for (const g of raw.groups.values()) {
    for (const h of g.hosts) for (const a of ancestorsOf(g.name)) hostGroups.get(h.value)!.add(a);
  }
  return { parents, depth, hostGroups };
}

/** Ansible's order: shallow groups first, then by priority, then by name; later entries win. */
export function sortGroups(raw: RawInventory, graph: GroupGraph, names: Iterable<string>): string[] {
  const key = (n: string) => [graph.depth.get(n) ?? 0, raw.groups.get(n)?.priority?.value ?? 1] as const;
  return [...names].sort((a, b) => {
    const [da, pa] = key(a);
    const [db, pb] = key(b);
    return da - db || pa - pb || (a < b ? -1 : a > b ? 1 : 0);
  });
}
