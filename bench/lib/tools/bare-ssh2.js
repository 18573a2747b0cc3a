// Tool: bench/bare-ssh2.js, N ssh2 connections at once: the floor for any Node tool.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyHostFiles, readRcFile } from './verify-files.js';

export const bareSsh2Tool = {
  id: 'bare-ssh2',
  label: 'bare ssh2 script',
  needs: [],
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
    const f = ctx.fleet;
    return {
      argv: [process.execPath, join(ctx.benchDir, 'bare-ssh2.js'), prepared.hostsFile, cmdFile, runDir,
        '--port', String(f.port), '--user', f.user, '--key', f.clientKey, '--known-hosts', f.knownHosts],
    };
  },
  verify(ctx, prepared, hosts, workload, runDir, expected) {
    const codes = readRcFile(join(runDir, 'rc.txt'));
    return verifyHostFiles({ hosts, outDir: runDir, codes, fileNameOf: (h) => h.address, workload, expected });
  },
};
