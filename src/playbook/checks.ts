import type { Check } from '../inventory/checks.js';
import { parseDuration } from '../inventory/duration.js';
import { describeType } from '../inventory/zod-issue.js';
import type { RebootMode, SerialEntry, ShellCommand, UpgradeMode } from './types.js';

// Leaf validators for playbook values: the parsed value, or a message naming the key.
const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });

const required = (key: string) => bad(`'${key}' is required`);

export function checkName(key: string): Check<string> {
  return (v) => {
    if (v === undefined) return required(key);
    return typeof v === 'string' && v.trim() !== '' ? ok(v.trim()) : bad(`'${key}' must be a non-empty string, got ${describeType(v)}`);
  };
}

export function checkDurationMs(key: string): Check<number> {
  return (v) => {
    const ms = parseDuration(v);
    return ms !== null && ms > 0 ? ok(ms) : bad(`'${key}' must be a duration like 30s, 5m, 1h or a number of seconds, got ${describeType(v)}`);
  };
}

function serialEntry(v: unknown): SerialEntry | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return { count: v };
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (m && Number(m[1]) > 0 && Number(m[1]) <= 100) return { percent: Number(m[1]) };
    if (/^\s*\d+\s*$/.test(v) && Number(v) >= 1) return { count: Number(v) };
  }
  return null;
}

/** `serial`: a host count, a percentage ("25%") or a non-empty list of them. */
export function checkSerial(): Check<SerialEntry[]> {
  const what = `'serial' must be a number of hosts, a percentage like "25%", or a list of them (e.g. [1, "25%", "100%"])`;
  return (v) => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) return bad(`${what}, got an empty list`);
    const out: SerialEntry[] = [];
    for (const item of list) {
      const e = serialEntry(item);
      if (!e) return bad(`${what}, got ${describeType(item)}`);
      out.push(e);
    }
    return ok(out);
  };
}

export function checkPercentage(key: string): Check<number> {
  return (v) =>
    typeof v === 'number' && v >= 0 && v <= 100 ? ok(v) : bad(`'${key}' must be a number from 0 to 100, got ${describeType(v)}`);
}

/** A command: argv (a list of strings) or one string run by `/bin/sh -c`. */
export function checkCommand(key: string): Check<ShellCommand> {
  return (v) => {
    if (v === undefined) return required(key);
    if (typeof v === 'string' && v.trim() !== '') return ok(['/bin/sh', '-c', v]);
    if (Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string') && (v[0] as string) !== '') return ok(v as string[]);
    const odd = Array.isArray(v) ? v.find((a) => typeof a !== 'string') : undefined;
    if (odd !== undefined) return bad(`'${key}' arguments must be strings: quote ${describeType(odd)} (YAML reads it as ${typeof odd === 'object' ? 'a structure' : `a ${typeof odd}`})`);
    return bad(`'${key}' must be a command: a string (run by /bin/sh -c) or a list of arguments, got ${describeType(v)}`);
  };
}

export function checkUpgrade(): Check<UpgradeMode> {
  return (v) =>
    v === 'all' || v === 'security' || v === 'none'
      ? ok(v)
      : bad(`'upgrade' must be all, security or none, got ${describeType(v)}`);
}

export const REBOOT_MODES: readonly RebootMode[] = ['if_required', 'always', 'never'];

export function checkRebootMode(key: string): Check<RebootMode> {
  return (v) => {
    if (v === undefined) return required(key);
    return typeof v === 'string' && (REBOOT_MODES as readonly string[]).includes(v)
      ? ok(v as RebootMode)
      : bad(`'${key}' must be if_required, always or never, got ${describeType(v)}`);
  };
}

/** `update_cache: true` (always refresh); `{max_age: …}` is a mapping checked by the schema. */
export function checkUpdateCacheFlag(): Check<true> {
  return (v) =>
    v === true ? ok(true) : bad(`'update_cache' must be true or {max_age: DURATION}, got ${describeType(v)}`);
}

/** A string or a list of strings, as a list (`os: debian` = `os: [debian]`). */
export function checkStringList(key: string, lower = false): Check<string[]> {
  return (v) => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || !list.every((s) => typeof s === 'string' && s.trim() !== '')) {
      return bad(`'${key}' must be a string or a list of strings, got ${describeType(v)}`);
    }
    return ok((list as string[]).map((s) => (lower ? s.trim().toLowerCase() : s.trim())));
  };
}

const VERSION_OPS = ['>=', '<=', '==', '!=', '>', '<'] as const;

/** `os_version`: `>=12`, `<9`, `==15.5`, `!=8`, a bare `"15.5"` (equals) or a whole number. */
export function checkOsVersion(): Check<{ op: (typeof VERSION_OPS)[number]; version: string }> {
  return (v) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return ok({ op: '==', version: String(v) });
    if (typeof v === 'number') return bad(`'os_version' with a dot must be quoted (YAML reads an unquoted 15.10 as the number 15.1), got ${v}`);
    if (typeof v !== 'string') return bad(`'os_version' must be a version with an optional comparison, like ">=12" or "15.5", got ${describeType(v)}`);
    const s = v.replace(/\s+/g, '');
    const op = VERSION_OPS.find((o) => s.startsWith(o));
    const version = op ? s.slice(op.length) : s;
    if (!/^[0-9][0-9A-Za-z.]*$/.test(version)) {
      return bad(`'os_version' must be a version with an optional comparison, like ">=12" or "15.5", got ${describeType(v)}`);
    }
    return ok({ op: op ?? '==', version });
  };
}
