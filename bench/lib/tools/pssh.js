// Tool: parallel-ssh (Debian package pssh), every host at once (-p N), strict host key checking.
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyHostFiles } from './verify-files.js';

const STATUS = /^\[\d+\] \S+ \[(SUCCESS|FAILURE)\] (\S+)(?: (.*))?$/;

/** pssh names output files (and status lines) "host" on the default port, "host:port" otherwise. */
const psshName = (host) => (host.port === 22 ? host.address : `${host.address}:${host.port}`);

/** Status lines on pssh's stdout -> Map(host -> [exit codes]). */
function readStatusLines(path) {
  const codes = new Map();
  if (!existsSync(path)) return codes;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = STATUS.exec(line);
    if (!m) continue;
    const code = m[1] === 'SUCCESS' ? 0 : Number(/error code (\d+)/.exec(m[3] ?? '')?.[1] ?? -1);
    codes.set(m[2], [...(codes.get(m[2]) ?? []), code]);
  }
  return codes;
}

export const psshTool = {
  id: 'pssh',
  label: 'parallel-ssh',
  needs: [{ binary: '/usr/bin/parallel-ssh', package: 'pssh' }],
  unavailable() {
    return null;
  },
  prepare(ctx, hosts, dir) {
    const hostsFile = join(dir, 'hosts.txt');
    writeFileSync(hostsFile, hosts.map((h) => `${psshName(h)}\n`).join(''));
    return { hostsFile, count: hosts.length };
  },
  command(ctx, prepared, workload, runDir) {
    const f = ctx.fleet;
    const o = ['StrictHostKeyChecking=yes', `UserKnownHostsFile=${f.knownHosts}`, 'GlobalKnownHostsFile=/dev/null', 'IdentitiesOnly=yes',
      `IdentityFile=${f.clientKey}`, 'BatchMode=yes', 'ConnectTimeout=300', 'LogLevel=ERROR'];
    return {
      argv: ['/usr/bin/parallel-ssh', '-p', String(prepared.count), '-h', prepared.hostsFile, '-l', f.user, '-t', '0',
        '-o', join(runDir, 'out'), '-e', join(runDir, 'err'), ...o.flatMap((x) => ['-O', x]), workload.script],
    };
  },
  verify(ctx, prepared, hosts, workload, runDir, expected) {
    const codes = readStatusLines(join(runDir, 'stdout'));
    return verifyHostFiles({ hosts, outDir: runDir, codes, fileNameOf: psshName, workload, expected, lazyFiles: true });
  },
};
