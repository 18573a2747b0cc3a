#!/usr/bin/env node
// `npm run lab -- <command>`: thin entry for the lab of real SSH test hosts.
// The work is done by the bash scripts in scripts/lab/cmd/ (see docs/lab.md).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CMD_DIR = join(dirname(fileURLToPath(import.meta.url)), 'lab', 'cmd');

/** command -> [script, leading args] */
const COMMANDS = {
  up: ['up.sh'],
  down: ['down.sh'],
  status: ['status.sh'],
  exec: ['exec.sh'],
  'stop-sshd': ['sshd.sh', 'stop-sshd'],
  'start-sshd': ['sshd.sh', 'start-sshd'],
  reboot: ['sshd.sh', 'reboot'],
  reset: ['sshd.sh', 'reset'],
  rekey: ['rekey.sh'],
  'net-down': ['net.sh', 'net-down'],
  'net-up': ['net.sh', 'net-up'],
};

const USAGE = `usage: npm run lab -- <command>
  up [--per-kind N]        build (first time) and start the lab: apt1, dnf1, zypper1, pacman1 (.. N)
  down                     stop every host, remove namespaces, links, mounts
  status                   one line per host; exit 0 when all are up
  exec HOST -- CMD...      run CMD as root inside HOST
  stop-sshd HOST           stop the host's sshd (and all its processes)
  start-sshd HOST          start it again, keeping the host's files
  reboot HOST              stop-sshd + start-sshd (/run starts empty)
  reset HOST               restart HOST with every change undone (clean as after up)
  rekey HOST               new ssh host keys for HOST (clients then see a changed key)
  net-down HOST            drop all packets to HOST (connections time out)
  net-up HOST              undo net-down
Needs root. Details: docs/lab.md`;

function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`lab: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error(
      'lab: needs root (network namespaces, mounts, chroot). Run it as root, e.g. `sudo npm run lab -- ' +
        argv.join(' ') +
        '`.',
    );
    return 1;
  }
  const [script, ...lead] = entry;
  const child = spawn('bash', [join(CMD_DIR, script), ...lead, ...rest], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => child.kill(sig));
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
  });
  return undefined;
}

const code = main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
