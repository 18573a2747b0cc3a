import path from 'node:path';

/** `~` and `~/x` against `home`; other paths unchanged. */
export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

/** Absolute path: `~` expanded, relative paths taken from `baseDir`. */
export function resolvePath(p: string, baseDir: string, home: string): string {
  return path.resolve(baseDir, expandHome(p, home));
}
