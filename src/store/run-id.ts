import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-style id: 10 characters of millisecond time then 16 random ones, Crockford base32.
 * Ids sort by start time as plain strings.
 */
export function newRunId(now: Date = new Date(), random: (n: number) => Uint8Array = randomBytes): string {
  let t = Math.max(0, Math.floor(now.getTime()));
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = random(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i]! % 32]!;
  return time + rand;
}
