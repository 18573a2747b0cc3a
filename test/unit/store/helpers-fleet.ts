import type { HostResult } from '../../../src/fleet/result.js';

/** Host results shaped like the runner's, for the store tests. */
export function changedHost(host: string, changes: HostResult['changes'], extra: Partial<HostResult> = {}): HostResult {
  return {
    host,
    address: `10.231.0.${host.length}`,
    status: 'changed',
    manager: 'apt',
    managers: ['apt', 'flatpak'],
    os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    changes,
    exitCode: 0,
    durationMs: 5120,
    rebootRequired: false,
    ...extra,
  };
}

export function failedHost(host: string, stderrTail: string): HostResult {
  return {
    host,
    status: 'failed',
    manager: 'dnf',
    changes: [],
    exitCode: 1,
    durationMs: 800,
    error: { kind: 'command', message: 'dnf exited with 1', stderrTail },
  };
}

export function unreachableHost(host: string): HostResult {
  return {
    host,
    status: 'unreachable',
    changes: [],
    durationMs: 10_000,
    error: { kind: 'timeout', message: 'connect timed out after 10s' },
  };
}
