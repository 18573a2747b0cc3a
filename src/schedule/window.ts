import type { MaintenanceWindow } from './types.js';

const DAY_MS = 86_400_000;
const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight for "HH:MM" (00:00–23:59), or null. */
export function parseClock(text: string): number | null {
  const m = HHMM.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock time of day in `timezone`, in ms after local midnight. */
export function msOfDay(now: Date, timezone: string): number {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timezone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
  return ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + now.getUTCMilliseconds();
}

/** ms since the window's most recent start (by the wall clock), in [0, 24h). */
function sinceStart(w: MaintenanceWindow, timezone: string, now: Date): number {
  return (((msOfDay(now, timezone) - w.startMinutes * 60_000) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** Is `now` inside the window? A window of 24h is always open. */
export function isInWindow(w: MaintenanceWindow, timezone: string, now: Date): boolean {
  return sinceStart(w, timezone, now) < w.durationMs;
}

/** When the open window closes (null when closed now). Wall-clock arithmetic: a DST shift inside the window moves it by the shift. */
export function windowCloses(w: MaintenanceWindow, timezone: string, now: Date): Date | null {
  const since = sinceStart(w, timezone, now);
  return since < w.durationMs ? new Date(now.getTime() + w.durationMs - since) : null;
}

/** When the window next opens (now, if it is open). */
export function windowOpens(w: MaintenanceWindow, timezone: string, now: Date): Date {
  const since = sinceStart(w, timezone, now);
  return since < w.durationMs ? now : new Date(now.getTime() + DAY_MS - since);
}
