import { Cron } from 'croner';

/**
 * Cron arithmetic as pure functions of `now` (croner evaluates the pattern; no timer is started).
 * Patterns: 5 fields, 6 with seconds first, or nicknames (@hourly, @daily, @weekly, …).
 */
export interface CronSpec {
  cron: string;
  timezone: string;
}

const cache = new Map<string, Cron>();

function pattern(spec: CronSpec): Cron {
  const key = `${spec.timezone}\u0000${spec.cron}`;
  let c = cache.get(key);
  if (!c) {
    c = new Cron(spec.cron, { timezone: spec.timezone });
    cache.set(key, c);
  }
  return c;
}

/** null when the pattern is valid, else why not (for load-time errors). */
export function cronProblem(cron: string, timezone: string): string | null {
  try {
    new Cron(cron, { timezone }).nextRun(new Date(0));
    return null;
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, '');
  }
}

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The first fire time strictly after `after`, or null if the pattern never fires again. */
export function nextFire(spec: CronSpec, after: Date): Date | null {
  return pattern(spec).nextRun(after);
}

/** The next `n` fire times after `after`. */
export function nextFires(spec: CronSpec, after: Date, n: number): Date[] {
  return pattern(spec).nextRuns(n, after);
}

/** The latest fire time at or before `at`, or null if there is none. */
export function previousFire(spec: CronSpec, at: Date): Date | null {
  // previousRuns looks strictly before its reference, to the second: look from a second later
  // (so `at` itself counts) and drop what lies after `at`.
  const t = at.getTime();
  return pattern(spec).previousRuns(2, new Date(t + 1000)).find((d) => d.getTime() <= t) ?? null;
}

/** Fire times in (from, to]: how many a run that lasted from..to overran. */
export function firesBetween(spec: CronSpec, from: Date, to: Date, max = 1000): Date[] {
  const out: Date[] = [];
  let t = nextFire(spec, from);
  while (t && t.getTime() <= to.getTime() && out.length < max) {
    out.push(t);
    t = nextFire(spec, t);
  }
  return out;
}
