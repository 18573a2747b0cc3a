import type { Command, ExecResult } from './types.js';

// Paths are fixed text from the manager modules (shell globs, expanded on the host); nothing a
// user typed is ever put into the script.
const SAFE_GLOB = /^\/[A-Za-z0-9_./*-]+$/;

/**
 * How long ago a manager's metadata was last refreshed, read on the host in one read-only
 * command: the host's own clock (`date +%s`, so clock skew with this machine does not matter),
 * then the mtime of every existing path that a refresh rewrites or touches.
 */
export function cacheAgeCommand(paths: readonly string[]): Command {
  for (const p of paths) if (!SAFE_GLOB.test(p)) throw new Error(`unsafe cache path pattern ${JSON.stringify(p)}`);
  const script = ['date +%s', `for p in ${paths.join(' ')}; do [ -e "$p" ] && stat -c %Y "$p"; done`, 'exit 0'].join('\n');
  // a local query: it reads the clock and file times, waits on no network or lock, and ends by
  // itself, so it runs without the process-tree guard (docs/security.md, "Timeouts")
  return { argv: ['sh', '-c', script], root: false, localQuery: true };
}

/** Seconds since the newest path changed (0 if it is in the future); null when none exists. */
export function parseCacheAge(r: ExecResult): number | null {
  if (r.code !== 0) return null;
  const nums = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
  const [now, ...mtimes] = nums;
  if (now === undefined || mtimes.length === 0) return null;
  return Math.max(0, now - Math.max(...mtimes));
}
