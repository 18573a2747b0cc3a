import { describe, expect, it } from 'vitest';
import { cronProblem, firesBetween, isValidTimezone, nextFire, nextFires, previousFire } from '../../../src/schedule/cron.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('cron arithmetic (pure, from a given now)', () => {
  it('reads the pattern in its time zone, across a DST change', () => {
    const berlin = { cron: '30 2 * * *', timezone: 'Europe/Berlin' };
    // 02:30 CET is 01:30Z in winter; on 2024-03-31 02:30 does not exist (clocks jump 02:00 → 03:00).
    expect(iso(nextFire(berlin, new Date('2024-03-29T12:00:00Z')))).toBe('2024-03-30T01:30:00.000Z');
    const afterGap = nextFire(berlin, new Date('2024-03-30T12:00:00Z'))!;
    expect(afterGap.getTime()).toBeGreaterThan(new Date('2024-03-30T12:00:00Z').getTime());
    // From April on, 02:30 CEST is 00:30Z.
    expect(iso(nextFire(berlin, new Date('2024-04-02T12:00:00Z')))).toBe('2024-04-03T00:30:00.000Z');
    expect(nextFires({ cron: '0 2 * * *', timezone: 'UTC' }, new Date('2024-01-01T03:00:00Z'), 2).map(iso)).toEqual([
      '2024-01-02T02:00:00.000Z',
      '2024-01-03T02:00:00.000Z',
    ]);
  });

  it('takes 6-field patterns with seconds and nicknames', () => {
    expect(iso(nextFire({ cron: '*/10 * * * * *', timezone: 'UTC' }, new Date('2024-01-01T00:00:03Z')))).toBe('2024-01-01T00:00:10.000Z');
    expect(iso(nextFire({ cron: '@daily', timezone: 'UTC' }, new Date('2024-01-01T00:00:03Z')))).toBe('2024-01-02T00:00:00.000Z');
  });

  it('finds the latest fire time at or before now', () => {
    const spec = { cron: '0 * * * *', timezone: 'UTC' };
    expect(iso(previousFire(spec, new Date('2024-01-01T05:59:59Z')))).toBe('2024-01-01T05:00:00.000Z');
    expect(iso(previousFire(spec, new Date('2024-01-01T05:00:00Z')))).toBe('2024-01-01T05:00:00.000Z');
    const everySecond = { cron: '* * * * * *', timezone: 'UTC' };
    expect(iso(previousFire(everySecond, new Date('2024-01-01T05:00:00.500Z')))).toBe('2024-01-01T05:00:00.000Z');
  });

  it('counts the fire times a long run overran', () => {
    const spec = { cron: '*/15 * * * *', timezone: 'UTC' };
    const fires = firesBetween(spec, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:50:00Z'));
    expect(fires.map(iso)).toEqual(['2024-01-01T00:15:00.000Z', '2024-01-01T00:30:00.000Z', '2024-01-01T00:45:00.000Z']);
    expect(firesBetween(spec, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:10:00Z'))).toEqual([]);
  });

  it('says what is wrong with a pattern or a zone', () => {
    expect(cronProblem('0 2 * * *', 'UTC')).toBeNull();
    expect(cronProblem('61 * * * *', 'UTC')).toMatch(/minute/);
    expect(cronProblem('every day', 'UTC')).not.toBeNull();
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
  });
});
