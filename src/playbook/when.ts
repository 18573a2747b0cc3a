import { deepEqual } from '../inventory/deep-equal.js';
import { isNative } from '../managers/selection.js';
import type { ManagerId } from '../managers/types.js';
import type { OsFacts } from '../fleet/result.js';
import type { Condition } from './types.js';

/** What a `when:` reads: gathered facts plus the host's inventory groups and vars. */
export interface WhenFacts {
  os: OsFacts;
  /** The selected native manager (null: none). */
  manager: ManagerId | null;
  /** Every manager found on the host. */
  present: ManagerId[];
  groups: string[];
  /** Play vars overlaid by the host's inventory vars (the inventory wins). */
  vars: Record<string, unknown>;
}

export type WhenVerdict = { holds: true } | { holds: false; reason: string };

/** Dotted versions compared segment by segment, numerically where both segments are numbers. */
export function compareOsVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

const OPS = {
  '>=': (c: number) => c >= 0,
  '>': (c: number) => c > 0,
  '<=': (c: number) => c <= 0,
  '<': (c: number) => c < 0,
  '==': (c: number) => c === 0,
  '!=': (c: number) => c !== 0,
};

function truthy(v: unknown): boolean {
  return !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0));
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Every key of the condition must hold; the first one that does not is the reason. */
export function evaluateWhen(c: Condition, f: WhenFacts): WhenVerdict {
  if (c.os && !c.os.some((o) => o === f.os.id || f.os.idLike.includes(o))) {
    return { holds: false, reason: `os is ${f.os.id}${f.os.idLike.length ? ` (like ${f.os.idLike.join(' ')})` : ''}, not ${c.os.join(' or ')}` };
  }
  if (c.osVersion) {
    const have = f.os.versionId;
    if (have === undefined) return { holds: false, reason: `the os has no VERSION_ID to compare with ${c.osVersion.op}${c.osVersion.version}` };
    if (!OPS[c.osVersion.op](compareOsVersions(have, c.osVersion.version))) {
      return { holds: false, reason: `os version ${have} is not ${c.osVersion.op}${c.osVersion.version}` };
    }
  }
  if (c.manager) {
    // A native manager must be the selected one; flatpak/snap/docker/podman only need to be present.
    const matches = c.manager.some((m) => (isNative(m) ? f.manager === m : f.present.includes(m)));
    if (!matches) return { holds: false, reason: `manager is ${f.manager ?? 'none'}, not ${c.manager.join(' or ')}` };
  }
  if (c.group && !c.group.some((g) => f.groups.includes(g))) {
    return { holds: false, reason: `host is not in group ${c.group.join(' or ')}` };
  }
  if (c.var) {
    const { name } = c.var;
    const defined = Object.prototype.hasOwnProperty.call(f.vars, name);
    const value = f.vars[name];
    if (c.var.defined !== undefined) {
      if (defined !== c.var.defined) return { holds: false, reason: `var ${name} is ${defined ? '' : 'not '}defined` };
    } else if ('equals' in c.var) {
      if (!deepEqual(value, c.var.equals)) return { holds: false, reason: `var ${name} is ${defined ? show(value) : 'not defined'}, not ${show(c.var.equals)}` };
    } else if (c.var.in) {
      if (!c.var.in.some((x) => deepEqual(value, x))) return { holds: false, reason: `var ${name} is ${defined ? show(value) : 'not defined'}, not one of ${show(c.var.in)}` };
    } else if (!truthy(value)) {
      return { holds: false, reason: `var ${name} is ${defined ? `false-like (${show(value)})` : 'not defined'}` };
    }
  }
  return { holds: true };
}
