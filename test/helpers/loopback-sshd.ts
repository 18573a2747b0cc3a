import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface LoopbackSshd {
  dir: string;
  address: string;
  port: number;
  keyFile: string;
  knownHosts: string;
  hostPublicKey: string;
  inventory: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = createConnection({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd on ${host}:${port} did not start`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** The machine's own OpenSSH sshd on a loopback address, private config, key auth for root. */
export async function startLoopbackSshd(opts: { address?: string; port?: number; user?: string } = {}): Promise<LoopbackSshd> {
  if (!existsSync('/usr/sbin/sshd')) throw new Error('openssh-server is not installed (.ci/run installs it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'pkgfleet-sshd-'));
  const address = opts.address ?? '127.0.0.1';
  const port = opts.port ?? 20000 + Math.floor(Math.random() * 20000);
  const hostKey = path.join(dir, 'host_ed25519');
  const keyFile = path.join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pkgfleet-test', '-f', keyFile]);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${keyFile}.pub`));
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[${address}]:${port} ${hostPublicKey}\n`);
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${address}:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'UseDNS no',
      'StrictModes no',
      'MaxStartups 200:30:400',
      'MaxSessions 100',
      'LogLevel ERROR',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  execFileSync('mkdir', ['-p', '/run/sshd']);
  const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += d));
  try {
    await waitForPort(address, port, 10_000);
  } catch (e) {
    proc.kill('SIGTERM');
    throw new Error(`${(e as Error).message}: ${stderr}`);
  }
  const inventory = path.join(dir, 'inventory.yml');
  writeFileSync(
    inventory,
    [
      'defaults:',
      `  user: ${opts.user ?? 'root'}`,
      `  key_file: ${keyFile}`,
      `  known_hosts: ${knownHosts}`,
      'hosts:',
      `  loopback: { address: ${address}, port: ${port} }`,
      '',
    ].join('\n'),
  );
  return {
    dir, address, port, keyFile, knownHosts, hostPublicKey, inventory, proc,
    async stop() {
      if (proc.exitCode === null && proc.pid) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
