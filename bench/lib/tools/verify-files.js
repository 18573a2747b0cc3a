// Checks the per-host files layout that the ssh loop, bare ssh2 and parallel-ssh write:
// OUT/out/<address> (+ OUT/err/<address>), one exit code per host. Every host must have answered
// exactly once, with exit code 0 and the output the workload expects.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** "address code" lines -> Map(address -> [codes]) (a list, so a duplicate answer shows). */
export function readRcFile(path) {
  const codes = new Map();
  if (!existsSync(path)) return codes;
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    const [host, code] = line.split(' ');
    codes.set(host, [...(codes.get(host) ?? []), Number(code)]);
  }
  return codes;
}

/**
 * @param hosts   [{address}]
 * @param codes   Map(fileName -> [exit codes]) as the tool reported them
 * @param fileNameOf  host -> the name the tool gave its output file
 * @param lazyFiles   the tool creates a host's output file only when output arrives (parallel-ssh)
 */
export function verifyHostFiles({ hosts, outDir, codes, fileNameOf, workload, expected, lazyFiles = false }) {
  const problems = [];
  let answered = 0;
  const files = new Set(existsSync(join(outDir, 'out')) ? readdirSync(join(outDir, 'out')) : []);
  for (const host of hosts) {
    const name = fileNameOf(host);
    const hostCodes = codes.get(name) ?? [];
    const where = `${host.name} (${host.address})`;
    if (hostCodes.length !== 1 || (!files.has(name) && !lazyFiles)) {
      problems.push(`${where}: ${hostCodes.length} exit codes, output file ${files.has(name) ? 'present' : 'missing'}`);
      continue;
    }
    files.delete(name);
    const read = (sub) => (existsSync(join(outDir, sub, name)) ? readFileSync(join(outDir, sub, name), 'utf8') : '');
    if (hostCodes[0] !== 0) {
      const err = read('err').trim().split('\n').at(-1);
      problems.push(`${where}: exit code ${hostCodes[0]}: ${err}`);
      continue;
    }
    const bad = workload.checkOutput(read('out'), expected);
    if (bad) problems.push(`${where}: ${bad}`);
    else answered++;
  }
  for (const extra of files) problems.push(`unexpected output file ${extra}`);
  return { answered, problems };
}
