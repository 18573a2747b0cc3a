import { describe, expect, it } from 'vitest';
import { decideMissed } from '../../../src/schedule/missed.js';
import { splayDelay } from '../../../src/schedule/splay.js';

const nightly = { cron: '0 2 * * *', timezone: 'UTC' };

describe('missed runs (decided from the last recorded run and now)', () => {
  const now = new Date('2024-01-10T09:00:00Z'); // the 02:00 fire of Jan 10 is behind us

  it('a schedule that never ran has missed nothing', () => {
    expect(decideMissed({ ...nightly, missed: 'run_once' }, null, now)).toMatchObject({ action: 'none' });
  });

  it('a last run that started at or after the latest fire time means nothing was missed', () => {
    // Started 4 minutes after 02:00 (the splay): that run was the 02:00 run.
    expect(decideMissed({ ...nightly, missed: 'run_once' }, new Date('2024-01-10T02:04:00Z'), now)).toMatchObject({ action: 'none' });
  });

  it('run_once runs the missed fire, skip only reports it', () => {
    const last = new Date('2024-01-09T02:01:00Z'); // yesterday's run; the daemon was down at 02:00 today
    const run = decideMissed({ ...nightly, missed: 'run_once' }, last, now);
    expect(run).toEqual({ action: 'run', missedAt: new Date('2024-01-10T02:00:00Z') });
    const skip = decideMissed({ ...nightly, missed: 'skip' }, last, now);
    expect(skip).toEqual({ action: 'skip', missedAt: new Date('2024-01-10T02:00:00Z') });
  });

  it('several missed fires still run once', () => {
    const last = new Date('2024-01-01T02:00:00Z');
    expect(decideMissed({ ...nightly, missed: 'run_once' }, last, now)).toEqual({ action: 'run', missedAt: new Date('2024-01-10T02:00:00Z') });
  });
});

describe('splay', () => {
  it('is a random delay between 0 and the maximum', () => {
    expect(splayDelay(600_000, () => 0)).toBe(0);
    expect(splayDelay(600_000, () => 0.5)).toBe(300_000);
    expect(splayDelay(600_000, () => 0.999999)).toBeLessThanOrEqual(600_000);
    expect(splayDelay(0, () => 0.7)).toBe(0);
    for (let i = 0; i < 200; i++) {
      const d = splayDelay(1000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(1000);
    }
  });
});
