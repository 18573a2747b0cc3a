/**
 * Helpers for the lab integration tests (test/lab/**): real OpenSSH hosts running real apt, dnf,
 * zypper and pacman, started by `npm run lab -- up` (docs/lab.md). All of them need root:
 * wrap suites in `describe.skipIf(!isRoot)`.
 *
 *   const lab = await ensureLab();                        // up once per run; returns .lab/lab.json
 *   const host = labHost(lab, 'apt1');
 *   await sshRun(host, 'alice', 'sudo -n id -u');         // OpenSSH client, lab key, strict known_hosts
 *   await labExec('apt1', ['dpkg-query', '-W', 'labdemo']); // as root inside the host, no ssh
 *   const holder = labSpawn('apt1', ['python3', '-c', '...']); holder.kill(); // long-running command
 *   await labCommand(['reboot', 'dnf1']);                  // any lab sub-command (reset, rekey, ...)
 *
 * Hosts keep their state between test files; call `labCommand(['reset', name])` for a clean host.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type LabKind = 'apt' | 'dnf' | 'zypper' | 'pacman';

/** One entry of lab.json "hosts". */
export interface LabHost {
  name: string;
  kind: LabKind;
  address: string;
  port: number;
  netns: string;
  sshdPid: number | null;
  unsharePid: number | null;
  users: string[];
  /** Login/sudo passwords (only bob has one). */
  passwords: Record<string, string>;
  keyFile: string;
  knownHosts: string;
  /** The host's package repository on this machine (edit it here, it is /srv/repo/... inside). */
  repoDir: string;
  repoDirInHost: string;
  log: string;
}

/** The parsed .lab/lab.json written by `lab up`. */
export interface LabInfo {
  version: number;
  stateDir: string;
  keyFile: string;
  knownHosts: string;
  inventory: string;
  bridge: { name: string; address: string; cidr: string };
  users: Record<string, { auth: string; sudo: string; password?: string }>;
  repoDirs: { apt: string; rpm: string; pacman: string };
  hosts: LabHost[];
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAB_JS = path.join(ROOT, 'scripts', 'lab.js');
const EXEC_SH = path.join(ROOT, 'scripts', 'lab', 'cmd', 'exec.sh');
export const LAB_JSON = path.join(ROOT, '.lab', 'lab.json');

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(file: string, args: string[], input?: string, timeoutMs = 600_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.end(input ?? '');
  });
}

/** Run a lab sub-command (`up`, `reset HOST`, `reboot HOST`, `rekey HOST`, ...). Never throws. */
export function labCommand(args: string[], timeoutMs?: number): Promise<RunResult> {
  return run(process.execPath, [LAB_JS, ...args], undefined, timeoutMs);
}

let started: Promise<LabInfo> | undefined;

/**
 * Make sure the lab is up (starting it only when `lab status` says it is not) and return lab.json.
 * With `perKind`, restarts the lab when it has fewer hosts of each kind than asked.
 */
export function ensureLab(opts: { perKind?: number } = {}): Promise<LabInfo> {
  const perKind = opts.perKind ?? 1;
  started ??= (async () => {
    const status = await labCommand(['status']);
    let info = status.code === 0 ? readLabInfo() : undefined;
    const enough = info && (['apt', 'dnf', 'zypper', 'pacman'] as const).every((k) => info!.hosts.filter((h) => h.kind === k).length >= perKind);
    if (!enough) {
      const up = await labCommand(['up', '--per-kind', String(perKind)], 1_800_000);
      if (up.code !== 0) throw new Error(`lab up failed (${up.code}):\n${up.stderr.slice(-4000)}`);
      info = readLabInfo();
    }
    return info!;
  })();
  started.catch(() => (started = undefined));
  return started;
}

/** Re-read lab.json (sshd PIDs change after reboot/start-sshd/reset). */
export function readLabInfo(): LabInfo {
  return JSON.parse(readFileSync(LAB_JSON, 'utf8')) as LabInfo;
}

export function labHost(lab: LabInfo, name: string): LabHost {
  const host = lab.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no lab host ${name} (have: ${lab.hosts.map((h) => h.name).join(', ')})`);
  return host;
}

/** Run argv as root inside a host (nsenter + chroot, no ssh). Never throws on a non-zero exit. */
export function labExec(host: string, argv: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run('bash', [EXEC_SH, host, '--', ...argv], opts.input, opts.timeoutMs);
}

/** Start argv as root inside a host and leave it running; kill() ends it (SIGTERM inside). */
export function labSpawn(host: string, argv: string[]): ChildProcess {
  return spawn('bash', [EXEC_SH, host, '--', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** OpenSSH options for the lab: its key, its known_hosts, strict host key checking, no prompts. */
export function sshOptions(host: Pick<LabHost, 'keyFile' | 'knownHosts'>): string[] {
  return [
    '-i', host.keyFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${host.knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=10',
    '-o', 'LogLevel=ERROR',
  ];
}

/** Run a shell command line on a host over real ssh as `user`. Never throws on a non-zero exit. */
export function sshRun(host: LabHost, user: string, command: string, opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run('ssh', [...sshOptions(host), '-p', String(host.port), `${user}@${host.address}`, command], opts.input, opts.timeoutMs);
}

/** The fleet result's hosts by name (for assertions on `--json` output). */
export const byHost = (json: any): Record<string, any> => Object.fromEntries(json.hosts.map((h: any) => [h.host, h]));

/**
 * The installed version of a package as the host's own tool says it (dpkg, rpm, pacman), or null.
 * The host's kind is its name without the trailing number (apt1 → apt).
 */
export async function installedVersion(host: string, name: string): Promise<string | null> {
  const kind = host.replace(/\d+$/, '') as LabKind;
  const argv: Record<LabKind, string[]> = {
    apt: ['dpkg-query', '-W', '-f', '${db:Status-Abbrev}|${Version}', name],
    dnf: ['rpm', '-q', '--qf', 'ii |%{VERSION}-%{RELEASE}', name],
    zypper: ['rpm', '-q', '--qf', 'ii |%{VERSION}-%{RELEASE}', name],
    pacman: ['sh', '-c', `pacman -Q ${name} | sed 's/^[^ ]* /ii |/'`],
  };
  const r = await labExec(host, argv[kind]);
  if (r.code !== 0 || !r.stdout.startsWith('ii ')) return null;
  return r.stdout.split('|')[1]!.trim();
}
