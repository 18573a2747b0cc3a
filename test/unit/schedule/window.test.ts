import { describe, expect, it } from 'vitest';
import { isInWindow, msOfDay, parseClock, windowCloses, windowOpens } from '../../../src/schedule/window.js';
import type { MaintenanceWindow } from '../../../src/schedule/types.js';

const H = 3_600_000;
const win = (start: string, hours: number): MaintenanceWindow => ({ startMinutes: parseClock(start)!, durationMs: hours * H, text: `${start}+${hours}h` });

describe('maintenance windows (pure, from a given now)', () => {
  it('parses HH:MM', () => {
    expect(parseClock('02:00')).toBe(120);
    expect(parseClock('23:59')).toBe(1439);
    expect(parseClock('7:05')).toBe(425);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('2am')).toBeNull();
  });

  it('is open from start for its duration, in its time zone', () => {
    const w = win('02:00', 2);
    expect(isInWindow(w, 'UTC', new Date('2024-01-10T01:59:59Z'))).toBe(false);
    expect(isInWindow(w, 'UTC', new Date('2024-01-10T02:00:00Z'))).toBe(true);
    expect(isInWindow(w, 'UTC', new Date('2024-01-10T03:59:59Z'))).toBe(true);
    expect(isInWindow(w, 'UTC', new Date('2024-01-10T04:00:00Z'))).toBe(false);
    // 02:00–04:00 in New York (UTC-5 in January) is 07:00–09:00Z.
    expect(isInWindow(w, 'America/New_York', new Date('2024-01-10T03:00:00Z'))).toBe(false);
    expect(isInWindow(w, 'America/New_York', new Date('2024-01-10T08:30:00Z'))).toBe(true);
    expect(msOfDay(new Date('2024-01-10T08:30:00Z'), 'America/New_York')).toBe(3.5 * H);
  });

  it('crosses midnight', () => {
    const w = win('23:00', 3);
    expect(isInWindow(w, 'UTC', new Date('2024-01-10T23:30:00Z'))).toBe(true);
    expect(isInWindow(w, 'UTC', new Date('2024-01-11T01:59:00Z'))).toBe(true);
    expect(isInWindow(w, 'UTC', new Date('2024-01-11T02:00:00Z'))).toBe(false);
    expect(isInWindow(w, 'UTC', new Date('2024-01-10T22:59:00Z'))).toBe(false);
  });

  it('tells when it closes and when it next opens', () => {
    const w = win('02:00', 2);
    expect(windowCloses(w, 'UTC', new Date('2024-01-10T03:15:00Z'))?.toISOString()).toBe('2024-01-10T04:00:00.000Z');
    expect(windowCloses(w, 'UTC', new Date('2024-01-10T05:00:00Z'))).toBeNull();
    expect(windowOpens(w, 'UTC', new Date('2024-01-10T05:00:00Z')).toISOString()).toBe('2024-01-11T02:00:00.000Z');
    const now = new Date('2024-01-10T02:30:00Z');
    expect(windowOpens(w, 'UTC', now)).toBe(now);
  });

  it('a 24h window is always open', () => {
    const w = win('00:00', 24);
    for (const t of ['2024-01-10T00:00:00Z', '2024-01-10T12:00:00Z', '2024-01-10T23:59:59Z']) expect(isInWindow(w, 'UTC', new Date(t))).toBe(true);
  });
});
