import type { Check } from '../inventory/checks.js';
import { parseDuration } from '../inventory/duration.js';
import { describeType } from '../inventory/zod-issue.js';
import { parseClock } from './window.js';

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });

/** Entry names end up in lock file names and in the history: keep them plain. */
export const SCHEDULE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkScheduleName(key: string): Check<string> {
  return (v) =>
    typeof v === 'string' && SCHEDULE_NAME.test(v)
      ? ok(v)
      : bad(`'${key}' must be 1–64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${describeType(v)}`);
}

export function checkClock(key: string): Check<number> {
  return (v) => {
    const m = typeof v === 'string' ? parseClock(v) : null;
    return m !== null ? ok(m) : bad(`'${key}' must be a time of day "HH:MM" (00:00–23:59), got ${describeType(v)}`);
  };
}

/** A duration within [min, max] ms. */
export function checkBoundedDuration(key: string, minMs: number, maxMs: number, hint: string): Check<number> {
  return (v) => {
    const ms = parseDuration(v);
    if (ms === null) return bad(`'${key}' must be a duration like 30s, 10m, 2h or a number of seconds, got ${describeType(v)}`);
    if (ms < minMs || ms > maxMs) return bad(`'${key}' ${hint}, got ${describeType(v)}`);
    return ok(ms);
  };
}

export function checkForks(key: string): Check<number> {
  return (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0
      ? ok(v)
      : bad(`'${key}' must be a whole number (0 = all hosts at once), got ${describeType(v)}`);
}

/** A webhook URL: http or https, nothing else. */
export function checkWebhookUrl(key: string): Check<string> {
  return (v) => {
    if (typeof v !== 'string') return bad(`'${key}' must be an http(s) URL, got ${describeType(v)}`);
    try {
      const u = new URL(v);
      if (u.protocol === 'http:' || u.protocol === 'https:') return ok(u.toString());
    } catch {
      // fall through
    }
    return bad(`'${key}' must be an http(s) URL, got ${describeType(v)}`);
  };
}

/** A command as a string (split on spaces) or a list of words. */
export function checkWords(key: string): Check<string[]> {
  return (v) => {
    const words = typeof v === 'string' ? v.trim().split(/\s+/).filter(Boolean) : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
    if (!words || words.length === 0) return bad(`'${key}' must be a command such as "scan" or "upgrade --security", or a list of words, got ${describeType(v)}`);
    return ok(words);
  };
}
