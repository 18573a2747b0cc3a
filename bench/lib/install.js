// Installs the contenders with apt-get when they are missing (ansible-core, pssh, openssh-server, time).
// openssh-server's postinst would start the system sshd: a policy-rc.d that forbids service starts is
// put in place for the install (only if none exists) and removed afterwards.
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const POLICY = '/usr/sbin/policy-rc.d';
const BASE_NEEDS = [
  { binary: '/usr/sbin/sshd', package: 'openssh-server' },
  { binary: '/usr/bin/ssh-keygen', package: 'openssh-client' },
  { binary: '/usr/bin/time', package: 'time' },
];

function aptGet(args) {
  execFileSync('apt-get', ['-y', '-q', '-o', 'DPkg::Lock::Timeout=600', ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Returns the packages that are still missing afterwards ([] = all there). */
export function ensureInstalled(toolNeeds, { install }) {
  const needs = [...BASE_NEEDS, ...toolNeeds];
  const missing = [...new Set(needs.filter((n) => !existsSync(n.binary)).map((n) => n.package))];
  if (missing.length === 0 || !install) return missing;
  console.log(`[bench] installing with apt-get: ${missing.join(' ')}`);
  const ownPolicy = !existsSync(POLICY);
  if (ownPolicy) writeFileSync(POLICY, '#!/bin/sh\n# pkgfleet bench: do not start services during install\nexit 101\n', { mode: 0o755 });
  try {
    try {
      aptGet(['install', '--no-install-recommends', ...missing]);
    } catch {
      aptGet(['update']);
      aptGet(['install', '--no-install-recommends', ...missing]);
    }
  } finally {
    if (ownPolicy) rmSync(POLICY, { force: true });
  }
  return [...new Set(needs.filter((n) => !existsSync(n.binary)).map((n) => n.package))];
}
