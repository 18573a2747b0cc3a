// Key material for the benchmark fleet: one client key, one host key per sshd, and the known_hosts
// file that every tool verifies against (strict host key checking stays on everywhere).
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { knownHostsName } from './addresses.js';

/** Generates an ed25519 key pair at `path` unless it already exists; returns the public key line. */
export function ensureKeyPair(path, comment) {
  if (!existsSync(path)) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { stdio: 'ignore' });
  }
  chmodSync(path, 0o600);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

/** `ssh-ed25519 AAAA… comment` -> `ssh-ed25519 AAAA…` */
export function keyTypeAndBlob(publicLine) {
  const [type, blob] = publicLine.split(/\s+/);
  if (!type || !blob) throw new Error(`not a public key line: ${publicLine}`);
  return `${type} ${blob}`;
}

/** One known_hosts line per host, each with the public key of the sshd that serves its address. */
export function writeKnownHosts(path, entries) {
  const lines = entries.map(({ address, port, hostKey }) => `${knownHostsName(address, port)} ${keyTypeAndBlob(hostKey)}`);
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o644 });
}

export function writeAuthorizedKeys(path, clientPublicLine) {
  writeFileSync(path, `${clientPublicLine}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
