import type { FleetResult, HostResult, HostStatus } from '../../../src/fleet/result.js';
import type { ComplianceViews } from '../../../src/store/index-types.js';

const debian = { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
const rocky = { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'], versionId: '9.4', prettyName: 'Rocky Linux 9.4 (Blue Onyx)' };

const opensslDeb = [
  { name: 'openssl', action: 'upgrade' as const, from: '3.0.11-1~deb12u2', to: '3.0.13-1~deb12u1', arch: 'amd64', manager: 'apt' as const },
  { name: 'libssl3', action: 'upgrade' as const, from: '3.0.11-1~deb12u2', to: '3.0.13-1~deb12u1', arch: 'amd64', manager: 'apt' as const },
];
const opensslRpm = [
  { name: 'openssl', action: 'upgrade' as const, from: '1:3.0.7-27.el9', to: '1:3.0.7-28.el9_4', arch: 'x86_64', manager: 'dnf' as const },
  { name: 'openssl-libs', action: 'upgrade' as const, from: '1:3.0.7-27.el9', to: '1:3.0.7-28.el9_4', arch: 'x86_64', manager: 'dnf' as const },
];

/** Deterministic "random" durations. */
const ms = (i: number, base: number) => base + ((i * 7919) % 9973) * 3;

/**
 * A realistic openssl patch day on 260 hosts: 212 Debian hosts changed the same way, 20 Rocky
 * hosts another way, 3 with a longer change set, some already patched, failures and skips.
 */
export function sampleRun(extraHosts: HostResult[] = []): FleetResult {
  const hosts: HostResult[] = [];
  const add = (host: string, status: HostStatus, extra: Partial<HostResult> = {}) =>
    hosts.push({ host, status, changes: [], durationMs: ms(hosts.length, 4000), ...extra });
  for (let i = 1; i <= 212; i++) add(`web-${String(i).padStart(3, '0')}`, 'changed', { manager: 'apt', os: debian, changes: opensslDeb });
  for (let i = 1; i <= 20; i++) add(`db-${String(i).padStart(2, '0')}`, 'changed', { manager: 'dnf', os: rocky, changes: opensslRpm, rebootRequired: i % 4 === 0 });
  for (let i = 1; i <= 3; i++) {
    add(`build-${i}`, 'changed', {
      manager: 'apt',
      os: debian,
      changes: [
        ...opensslDeb,
        { name: 'curl', action: 'upgrade', from: '7.88.1-10+deb12u5', to: '7.88.1-10+deb12u8' },
        { name: 'libcurl4', action: 'upgrade', from: '7.88.1-10+deb12u5', to: '7.88.1-10+deb12u8' },
        { name: 'linux-image-6.1.0-28-amd64', action: 'install', from: null, to: '6.1.119-1' },
      ],
    });
  }
  for (let i = 1; i <= 10; i++) add(`cache-${String(i).padStart(2, '0')}`, 'ok', { manager: 'apt', os: debian, messages: ['openssl is already the newest version'] });
  add('mail-01', 'failed', {
    manager: 'apt',
    exitCode: 100,
    durationMs: 62_000,
    error: {
      kind: 'lock',
      message: 'the dpkg lock was still held after 60 s',
      stderrTail: 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2231 (unattended-upgr)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?',
    },
  });
  add('mail-02', 'failed', {
    manager: 'apt',
    exitCode: 100,
    changes: [opensslDeb[1]!],
    error: {
      kind: 'command',
      message: 'apt-get exited with 100',
      stderrTail: "E: Sub-process /usr/bin/dpkg returned an error code (1)\ndpkg: error processing package openssl (--configure):\n installed openssl package post-installation script subprocess returned error exit status 1",
    },
  });
  for (let i = 1; i <= 6; i++) add(`edge-${i}`, 'unreachable', { durationMs: 10_000, error: { kind: 'timeout', message: 'no SSH handshake within 10 s' } });
  add('edge-7', 'unreachable', { durationMs: 800, error: { kind: 'auth', message: 'all configured authentication methods failed' } });
  for (let i = 1; i <= 4; i++) add(`arch-${i}`, 'skipped', { manager: 'pacman', error: { kind: 'unsupported', message: 'pacman has no security metadata: --security skipped' } });
  hosts.push(...extraHosts);
  const counts = { ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0 };
  for (const h of hosts) counts[h.status]++;
  return {
    schemaVersion: 1,
    runId: '01JDQ7W8X9Y0Z1A2B3C4D5E6F7',
    operation: 'upgrade',
    args: ['openssl', '--security'],
    check: false,
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: '2026-11-25T10:04:17.500Z',
    durationMs: 257_500,
    interrupted: false,
    hosts,
    counts,
  };
}

/** A host whose every field tries to break out of the page. */
export const hostileHost: HostResult = {
  host: '<script>alert("host")</script>',
  status: 'failed',
  changes: [{ name: 'pkg"><img src=x onerror=alert(1)>', action: 'upgrade', from: "1.0'", to: '2.0&amp;' }],
  durationMs: 1200,
  error: { kind: 'command', message: '<b>bold</b> & "quoted"', stderrTail: '</pre><script>alert("stderr")</script>' },
};

export function sampleCompliance(): ComplianceViews {
  const pool = [
    { name: 'openssl', version: '3.0.11-1~deb12u2', upgradableTo: '3.0.15-1~deb12u1' },
    { name: 'libssl3', version: '3.0.11-1~deb12u2', upgradableTo: '3.0.15-1~deb12u1' },
    { name: 'libc6', version: '2.36-9+deb12u7', upgradableTo: '2.36-9+deb12u9' },
    { name: 'libc-bin', version: '2.36-9+deb12u7', upgradableTo: '2.36-9+deb12u9' },
    { name: 'curl', version: '7.88.1-10+deb12u5', upgradableTo: '7.88.1-10+deb12u8' },
    { name: 'libcurl4', version: '7.88.1-10+deb12u5', upgradableTo: '7.88.1-10+deb12u8' },
    { name: 'sudo', version: '1.9.13p3-1+deb12u1', upgradableTo: '1.9.13p3-1+deb12u2' },
    { name: 'linux-image-amd64', version: '6.1.112-1', upgradableTo: '6.1.119-1' },
  ];
  const pending = Array.from({ length: 14 }, (_, i) => {
    const count = 8 - Math.floor(i / 2);
    return {
      host: `web-${String(i * 7 + 1).padStart(3, '0')}`,
      manager: 'apt' as const,
      scannedAt: '2026-11-25T06:00:00.000Z',
      count,
      packages: pool.slice(0, count),
    };
  });
  return {
    generatedAt: '2026-11-25T12:00:00.000Z',
    hostsIndexed: 251,
    pendingSecurity: pending,
    rebootRequired: [
      { host: 'db-04', managers: ['dnf'], scannedAt: '2026-11-25T06:00:00.000Z' },
      { host: 'db-08', managers: ['dnf'], scannedAt: '2026-11-25T06:00:00.000Z' },
      { host: 'web-017', managers: ['apt', 'flatpak'], scannedAt: '2026-11-24T06:00:00.000Z' },
    ],
    stale: {
      since: '2026-11-18T12:00:00.000Z',
      hosts: [
        { host: 'new-01', lastScannedAt: null },
        { host: 'legacy-01', lastScannedAt: '2026-10-01T08:00:00.000Z' },
        { host: 'edge-6', lastScannedAt: '2026-11-10T08:00:00.000Z' },
      ],
    },
    spread: [
      {
        name: 'openssl',
        manager: 'apt',
        versions: [
          { version: '3.0.15-1~deb12u1', hosts: 180 },
          { version: '3.0.13-1~deb12u1', hosts: 40 },
          { version: '3.0.11-1~deb12u2', hosts: 14 },
          { version: '1.1.1w-0+deb11u1', hosts: 2 },
        ],
      },
      { name: 'openssl', manager: 'dnf', versions: [{ version: '1:3.0.7-28.el9_4', hosts: 20 }] },
      { name: 'openssh-server', manager: 'apt', versions: [{ version: '1:9.2p1-2+deb12u3', hosts: 236 }] },
    ],
  };
}
