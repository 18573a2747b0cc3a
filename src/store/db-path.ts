import os from 'node:os';
import path from 'node:path';

/**
 * Where the history database lives: $PKGFLEET_DB, else $XDG_STATE_HOME/pkgfleet/pkgfleet.db,
 * else ~/.local/state/pkgfleet/pkgfleet.db. An explicit path (e.g. a --db flag) wins over all.
 */
export function resolveDbPath(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (explicit) return path.resolve(explicit);
  if (env.PKGFLEET_DB) return path.resolve(env.PKGFLEET_DB);
  const stateHome =
    env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)
      ? env.XDG_STATE_HOME
      : path.join(home, '.local', 'state');
  return path.join(stateHome, 'pkgfleet', 'pkgfleet.db');
}
