// Starts N cheap SSH "hosts" on loopback addresses: the machine's own /usr/sbin/sshd with a private
// config, up to 16 addresses per sshd process. Every sshd we start is recorded by PID and stopped by PID.
import { mkdirSync, existsSync, readFileSync, writeFileSync, openSync, closeSync, readdirSync } from 'node:fs';
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeHosts } from './addresses.js';
import { ensureKeyPair, writeKnownHosts, writeAuthorizedKeys } from './keys.js';
import { renderSshdConfig, MAX_LISTEN_PER_SSHD } from './sshd-config.js';
import { listeningSockets } from './listening.js';
import { isAlive, cmdlineOf, processTree, childrenOf, stopPids, signalPids } from './proc.js';

const SSHD = '/usr/sbin/sshd';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pad = (g) => String(g).padStart(3, '0');

/** Stops sshd processes a previous, killed harness left behind (found by our pid files + our config path). */
async function stopLeftovers(dir) {
  const pids = [];
  for (const f of readdirSync(dir).filter((n) => /^sshd-g\d+\.pid$/.test(n))) {
    const pid = Number(readFileSync(join(dir, f), 'utf8').trim());
    if (pid > 0 && isAlive(pid) && (cmdlineOf(pid) ?? '').includes(dir)) pids.push(pid);
  }
  if (pids.length > 0) await stopPids(pids);
}

function startOneSshd(configPath, logPath) {
  const log = openSync(logPath, 'w');
  // exec keeps the PID: the PID we record is sshd's own. -D: stay in the foreground, -e: log to stderr.
  const child = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', SSHD, '-D', '-e', '-f', configPath], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  return child;
}

async function waitListening(wanted, children, logs, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = listeningSockets();
    const missing = wanted.filter((w) => !open.has(w));
    if (missing.length === 0) return;
    const dead = children.findIndex((c) => c.exitCode !== null || c.signalCode !== null);
    if (dead >= 0 || Date.now() > deadline) {
      const log = readFileSync(logs[Math.max(dead, 0)], 'utf8').trim();
      throw new Error(`sshd did not listen on ${missing.length} address(es), e.g. ${missing[0]}: ${log || 'no log output'}`);
    }
    await sleep(50);
  }
}

/** One real login with OpenSSH, strict host key checking: proves keys, config and known_hosts fit. */
function smokeLogin(host, fleet) {
  try {
    execFileSync('ssh', [...openSshOptions(fleet), '-p', String(host.port), host.address, 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  } catch (err) {
    throw new Error(`smoke login to ${host.address} failed: ${String(err.stderr ?? err.message).trim()}`);
  }
}

/** The OpenSSH client options every OpenSSH-based tool uses (strict host key checking on). */
export function openSshOptions(fleet) {
  return [
    '-F', '/dev/null',
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${fleet.knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'IdentitiesOnly=yes',
    '-o', `IdentityFile=${fleet.clientKey}`,
    '-o', 'ConnectTimeout=300',
    '-o', 'LogLevel=ERROR',
    '-l', fleet.user,
  ];
}

export async function startFleet({ count, port, dir }) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await stopLeftovers(dir);
  // sshd refuses to start without its privilege-separation directory.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const clientKey = join(dir, 'client_ed25519');
  const authorizedKeys = join(dir, 'authorized_keys');
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  writeAuthorizedKeys(authorizedKeys, ensureKeyPair(clientKey, 'pkgfleet-bench-client'));

  const hosts = makeHosts(count, port);
  const groups = Math.ceil(count / MAX_LISTEN_PER_SSHD);
  const children = [];
  const logs = [];
  const entries = [];
  const fleet = { hosts, home, clientKey, knownHosts: join(dir, 'known_hosts'), user: 'root', port, dir, pids: [] };
  for (let g = 0; g < groups; g++) {
    const members = hosts.slice(g * MAX_LISTEN_PER_SSHD, (g + 1) * MAX_LISTEN_PER_SSHD);
    const hostKeyPath = join(dir, `hostkey-g${pad(g)}`);
    const hostKey = ensureKeyPair(hostKeyPath, `pkgfleet-bench-host-g${pad(g)}`);
    for (const h of members) entries.push({ address: h.address, port, hostKey });
    const configPath = join(dir, `sshd-g${pad(g)}.conf`);
    const pidFile = join(dir, `sshd-g${pad(g)}.pid`);
    writeFileSync(configPath, renderSshdConfig({ addresses: members.map((h) => h.address), port, hostKeyPath, pidFile, authorizedKeysFile: authorizedKeys, home }));
    if (g === 0) execFileSync(SSHD, ['-t', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    logs.push(join(dir, `sshd-g${pad(g)}.log`));
    const child = startOneSshd(configPath, logs[g]);
    children.push(child);
    fleet.pids.push(child.pid);
  }
  writeKnownHosts(fleet.knownHosts, entries);
  try {
    await waitListening(hosts.map((h) => `${h.address}:${port}`), children, logs, 30000);
    smokeLogin(hosts[0], fleet);
  } catch (err) {
    await stopFleet(fleet);
    throw err;
  }
  return fleet;
}

/** Per-connection sshd processes still alive (sessions of the last run still closing). */
export function activeSessions(fleet) {
  return fleet.pids.reduce((n, pid) => n + childrenOf(pid).length, 0);
}

/** Waits until every session of the previous run is gone, so runs do not overlap on the server side. */
export async function waitFleetIdle(fleet, timeoutMs = 30000) {
  const start = Date.now();
  while (activeSessions(fleet) > 0 && Date.now() - start < timeoutMs) await sleep(100);
  return Date.now() - start;
}

function fleetPids(fleet) {
  return fleet.pids.flatMap((pid) => (isAlive(pid) ? processTree(pid) : []));
}

export async function stopFleet(fleet) {
  await stopPids(fleetPids(fleet));
}

/** For process 'exit' handlers, where nothing asynchronous runs any more. */
export function stopFleetSync(fleet) {
  signalPids(fleetPids(fleet), 'SIGKILL');
}
