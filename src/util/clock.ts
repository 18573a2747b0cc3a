/**
 * Milliseconds on a monotonic clock, for durations. The same clock as `performance.now()`, without
 * it: the first use of the `performance` global loads Node's perf_hooks (nine internal modules, a
 * millisecond or two of every start).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
