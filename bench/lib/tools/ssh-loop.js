// Tool: a plain OpenSSH loop in bash (bench/ssh-loop.sh), strict host key checking.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSshOptions } from '../sshd-fleet.js';
import { verifyHostFiles, readRcFile } from './verify-files.js';

export const sshLoopTool = {
  id: 'ssh-loop',
  label: 'OpenSSH loop',
  needs: [{ binary: '/usr/bin/ssh', package: 'openssh-client' }, { binary: '/bin/bash', package: 'bash' }],
  unavailable() {
    return null;
  },
  prepare(ctx, hosts, dir) {
    const hostsFile = join(dir, 'hosts.txt');
    writeFileSync(hostsFile, hosts.map((h) => `${h.address}\n`).join(''));
    return { hostsFile };
  },
  command(ctx, prepared, workload, runDir) {
    const cmdFile = join(runDir, 'command.sh');
    writeFileSync(cmdFile, workload.script);
    const port = ['-p', String(ctx.fleet.port)];
    return { argv: [join(ctx.benchDir, 'ssh-loop.sh'), prepared.hostsFile, cmdFile, runDir, ...openSshOptions(ctx.fleet), ...port] };
  },
  verify(ctx, prepared, hosts, workload, runDir, expected) {
    const codes = readRcFile(join(runDir, 'rc.txt'));
    return verifyHostFiles({ hosts, outDir: runDir, codes, fileNameOf: (h) => h.address, workload, expected });
  },
};
