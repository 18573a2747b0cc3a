/** A random delay in [0, maxMs]: spreads fleets that share a cron line. `random` is injectable for tests. */
export function splayDelay(maxMs: number, random: () => number = Math.random): number {
  if (!(maxMs > 0)) return 0;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(r * maxMs);
}
