// What the results were measured on: machine facts and tool versions.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** First line a command prints, on stdout or else stderr (ssh -V writes to stderr); null if it cannot run. */
function versionLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30000 });
  if (r.error) return null;
  const text = (r.stdout ?? '').trim() || (r.stderr ?? '').trim();
  return text ? text.split('\n')[0] : null;
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

export function machineFacts() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memTotalMb: Math.round(os.totalmem() / 2 ** 20),
    kernel: os.release(),
    debian: readFileSync('/etc/debian_version', 'utf8').trim(),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function toolVersions(repoRoot, toolIds) {
  const v = {
    node: process.version,
    openssh: versionLine('ssh', ['-V']),
    opensshServerPackage: versionLine('dpkg-query', ['-W', '-f', '${Version}', 'openssh-server']),
    ssh2: readJson(join(repoRoot, 'node_modules', 'ssh2', 'package.json')).version,
    pkgfleet: `${readJson(join(repoRoot, 'package.json')).version} (git ${versionLine('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']) ?? '?'})`,
  };
  if (toolIds.some((t) => t.startsWith('ansible'))) v.ansible = versionLine('/usr/bin/ansible', ['--version']);
  if (toolIds.includes('pssh')) v.pssh = versionLine('/usr/bin/parallel-ssh', ['--version']);
  if (toolIds.includes('ssh-loop')) v.bash = versionLine('/bin/bash', ['--version']);
  return v;
}
