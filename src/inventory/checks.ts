import { parseDuration } from './duration.js';
import { MANAGER_IDS, isManagerId } from './manager-ids.js';
import { resolvePath } from './paths.js';
import type { JumpList } from './settings.js';
import type { BecomePasswordSource, HostKeyPolicy } from './types.js';
import type { ManagerId } from '../managers/types.js';
import { describeType } from './zod-issue.js';

/** A leaf validator: the parsed value, or a message naming the key. */
export type Check<T> = (v: unknown) => { ok: true; value: T } | { ok: false; message: string };

export interface PathContext {
  baseDir: string;
  home: string;
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkText(key: string): Check<string> {
  return (v) =>
    typeof v === 'string' && v.trim() !== '' ? ok(v.trim()) : bad(`'${key}' must be a non-empty string, got ${describeType(v)}`);
}

/** A host name or address: no whitespace. */
export function checkAddress(key: string): Check<string> {
  return (v) =>
    typeof v === 'string' && /^\S+$/.test(v) ? ok(v) : bad(`'${key}' must be a host name or address, got ${describeType(v)}`);
}

/** An entry of a hosts/children list. */
export function checkListName(what: 'host' | 'group'): Check<string> {
  return (v) =>
    typeof v === 'string' && /^\S+$/.test(v) ? ok(v) : bad(`a ${what} name must be a string without spaces, got ${describeType(v)}`);
}

export function checkPort(key: string, lenient = false): Check<number> {
  return (v) => {
    const n = lenient && typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535
      ? ok(n)
      : bad(`'${key}' must be a port number from 1 to 65535, got ${describeType(v)}`);
  };
}

const TRUTHY = new Set(['yes', 'true', 'on', '1', 'y']);
const FALSY = new Set(['no', 'false', 'off', '0', 'n']);

/** true/false; lenient also takes Ansible's yes/no/on/off/1/0 strings. */
export function checkBool(key: string, lenient = false): Check<boolean> {
  return (v) => {
    if (typeof v === 'boolean') return ok(v);
    if (lenient && (typeof v === 'string' || typeof v === 'number')) {
      const s = String(v).trim().toLowerCase();
      if (TRUTHY.has(s)) return ok(true);
      if (FALSY.has(s)) return ok(false);
    }
    return bad(`'${key}' must be true or false, got ${describeType(v)}`);
  };
}

export function checkDuration(key: string): Check<number> {
  return (v) => {
    const ms = parseDuration(v);
    return ms !== null
      ? ok(ms)
      : bad(`'${key}' must be a duration like 30s, 5m, 1h or a number of seconds, got ${describeType(v)}`);
  };
}

export function checkManager(key: string): Check<ManagerId> {
  return (v) =>
    isManagerId(v) ? ok(v) : bad(`'${key}' must be one of ${MANAGER_IDS.join(', ')}, got ${describeType(v)}`);
}

export function checkOneOf<T extends string>(key: string, values: readonly T[]): Check<T> {
  return (v) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? ok(v as T)
      : bad(`'${key}' must be one of ${values.join(', ')}, got ${describeType(v)}`);
}

export const HOST_KEY_POLICIES: readonly HostKeyPolicy[] = ['strict', 'accept-new', 'off'];

export function checkPath(key: string, ctx: PathContext): Check<string> {
  const text = checkText(key);
  return (v) => {
    const r = text(v);
    return r.ok ? ok(resolvePath(r.value, ctx.baseDir, ctx.home)) : r;
  };
}

/** `{prompt: true}`, `{env: NAME}` or `{file: PATH}`. Inline strings are refused. */
export function checkSecretSource(key: string, ctx: PathContext): Check<BecomePasswordSource> {
  const forms = '{prompt: true}, {env: NAME} or {file: PATH}';
  return (v) => {
    if (typeof v === 'string') return bad(`'${key}' must not be written inline; use ${forms}`);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad(`'${key}' must be ${forms}, got ${describeType(v)}`);
    const entries = Object.entries(v);
    if (entries.length !== 1) return bad(`'${key}' must have exactly one of prompt, env, file`);
    const [kind, val] = entries[0]!;
    if (kind === 'prompt' && val === true) return ok({ kind: 'prompt' });
    if (kind === 'env' && typeof val === 'string' && ENV_NAME.test(val)) return ok({ kind: 'env', name: val });
    if (kind === 'file' && typeof val === 'string' && val.trim() !== '')
      return ok({ kind: 'file', path: resolvePath(val.trim(), ctx.baseDir, ctx.home) });
    return bad(`'${key}' must be ${forms}, got {${kind}: ${describeType(val)}}`);
  };
}

/** A hop name, a `user@host:port` string, a comma chain, a list, `none` or []. */
export function checkJump(key: string): Check<JumpList> {
  return (v) => {
    const items = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : null;
    if (!items || !items.every((i) => typeof i === 'string' && /^\S+$/.test(i.trim())))
      return bad(`'${key}' must be a host name, a user@host:port string or a list of them, got ${describeType(v)}`);
    const hops = (items as string[]).map((i) => i.trim());
    if (hops.length === 1 && hops[0] === 'none') return ok({ hops: [], mode: 'inventory' });
    return ok({ hops, mode: 'inventory' });
  };
}
