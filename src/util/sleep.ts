/** Resolves after `ms`, or at once when `signal` aborts (never rejects). Shared by the session (lock waits), reboots and the daemon. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, Math.min(ms, 2_147_483_647)));
    signal?.addEventListener('abort', done, { once: true });
  });
}
