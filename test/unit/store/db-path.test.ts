import { describe, expect, it } from 'vitest';
import { resolveDbPath } from '../../../src/store/db-path.js';

describe('resolveDbPath', () => {
  it('prefers an explicit path, then PKGFLEET_DB, then XDG_STATE_HOME, then ~/.local/state', () => {
    const env = { PKGFLEET_DB: '/srv/fleet/history.db', XDG_STATE_HOME: '/var/state' };
    expect(resolveDbPath('/tmp/x.db', env, '/home/al')).toBe('/tmp/x.db');
    expect(resolveDbPath(undefined, env, '/home/al')).toBe('/srv/fleet/history.db');
    expect(resolveDbPath(undefined, { XDG_STATE_HOME: '/var/state' }, '/home/al')).toBe('/var/state/pkgfleet/pkgfleet.db');
    expect(resolveDbPath(undefined, {}, '/home/al')).toBe('/home/al/.local/state/pkgfleet/pkgfleet.db');
  });

  it('ignores a relative XDG_STATE_HOME, as the XDG spec says', () => {
    expect(resolveDbPath(undefined, { XDG_STATE_HOME: 'state' }, '/home/al')).toBe('/home/al/.local/state/pkgfleet/pkgfleet.db');
  });
});
