import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startLoopbackSshd, type LoopbackSshd } from '../helpers/loopback-sshd.js';
import { runCli } from '../helpers/cli.js';

// End to end: the CLI, over real SSH (OpenSSH sshd on loopback), running real apt on this machine.
const isRoot = process.getuid?.() === 0;

function dpkgVersion(name: string): string | null {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev} ${Version}', name], { encoding: 'utf8' });
    return out.startsWith('ii') ? out.slice(4).trim() : null;
  } catch {
    return null;
  }
}

describe.skipIf(!isRoot)('CLI over a real sshd on loopback, real apt', () => {
  let sshd: LoopbackSshd;
  beforeAll(async () => {
    sshd = await startLoopbackSshd();
    // `hello` is the package this test installs and removes for real: start without it.
    if (dpkgVersion('hello')) execFileSync('apt-get', ['remove', '-y', '-q', 'hello'], { stdio: 'ignore' });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('detects Debian and apt, with the [PKG] lines', async () => {
    const r = await runCli(['-i', sshd.inventory, '--json', 'detect']);
    expect(r.code).toBe(0);
    const h = r.json.hosts[0];
    expect(h).toMatchObject({ host: 'loopback', status: 'ok', manager: 'apt', os: { id: 'debian', versionId: '12' } });
    expect(h.managers).toContain('apt');
    expect(r.stderr).toMatch(/loopback \| \[PKG\] Detected \d+ package managers?/);
    expect(r.stderr).toContain('loopback | [PKG] Selected Apt as active package manager');
  });

  it('info reports the installed version dpkg knows', async () => {
    const r = await runCli(['-i', sshd.inventory, '--json', 'info', 'bash']);
    expect(r.code).toBe(0);
    expect(r.json.hosts[0].info[0]).toMatchObject({ name: 'bash', installedVersion: dpkgVersion('bash') });
  });

  it('search finds a package by name', async () => {
    const r = await runCli(['-i', sshd.inventory, '--json', 'search', 'coreutils']);
    expect(r.code).toBe(0);
    expect(r.json.hosts[0].search.map((s: { name: string }) => s.name)).toContain('coreutils');
  });

  it('list --installed matches dpkg', async () => {
    const r = await runCli(['-i', sshd.inventory, '--json', 'list', '--installed']);
    expect(r.code).toBe(0);
    const bash = r.json.hosts[0].installed.find((p: { name: string }) => p.name === 'bash');
    expect(bash.version).toBe(dpkgVersion('bash'));
  });

  it('install --check predicts, changes nothing; install and remove really do it', async () => {
    const check = await runCli(['-i', sshd.inventory, '--json', '--check', 'install', 'hello']);
    expect(check.code).toBe(0);
    expect(check.json.check).toBe(true);
    expect(check.json.hosts[0].status).toBe('changed');
    expect(check.json.hosts[0].changes).toEqual([expect.objectContaining({ name: 'hello', action: 'install', from: null })]);
    expect(dpkgVersion('hello')).toBeNull();

    const inst = await runCli(['-i', sshd.inventory, '--json', 'install', 'hello']);
    expect(inst.code).toBe(0);
    const version = dpkgVersion('hello');
    expect(version).not.toBeNull();
    expect(inst.json.hosts[0].changes).toEqual([expect.objectContaining({ name: 'hello', action: 'install', from: null, to: version })]);
    expect(inst.json.hosts[0].messages).toContain("[PKG] Package 'hello' installed successfully");

    const again = await runCli(['-i', sshd.inventory, '--json', 'install', 'hello']);
    expect(again.json.hosts[0]).toMatchObject({ status: 'ok', changes: [] });

    const rm = await runCli(['-i', sshd.inventory, '--json', 'remove', 'hello']);
    expect(rm.code).toBe(0);
    expect(rm.json.hosts[0].changes).toEqual([expect.objectContaining({ name: 'hello', action: 'remove', from: version, to: null })]);
    expect(dpkgVersion('hello')).toBeNull();
  });

  it('a package that does not exist fails that host clearly', async () => {
    const r = await runCli(['-i', sshd.inventory, '--json', 'install', 'pkgfleet-no-such-package']);
    expect(r.code).toBe(2);
    expect(r.json.hosts[0]).toMatchObject({ status: 'failed', error: { kind: 'not-found' } });
  });

  it('refuses a hostile package name before connecting (exit 5)', async () => {
    const r = await runCli(['-i', sshd.inventory, 'install', 'htop; touch /tmp/pwned']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/invalid package/);
  });

  it('refuses a host whose key does not match known_hosts, running nothing', async () => {
    const wrong = path.join(sshd.dir, 'wrong_known_hosts');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(sshd.dir, 'other')]);
    const other = execFileSync('cat', [path.join(sshd.dir, 'other.pub')], { encoding: 'utf8' }).split(' ').slice(0, 2).join(' ');
    writeFileSync(wrong, `[${sshd.address}]:${sshd.port} ${other}\n`);
    const inv = path.join(sshd.dir, 'wrong.yml');
    writeFileSync(inv, `defaults:\n  user: root\n  key_file: ${sshd.keyFile}\n  known_hosts: ${wrong}\nhosts:\n  loopback: { address: ${sshd.address}, port: ${sshd.port} }\n`);
    const r = await runCli(['-i', inv, '--json', 'detect'], { env: { HOME: sshd.dir } });
    expect(r.code).toBe(2);
    expect(r.json.hosts[0]).toMatchObject({ status: 'failed', error: { kind: 'hostkey' } });
  });
});
