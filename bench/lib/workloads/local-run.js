// Runs a workload's script on this machine (every benchmark host IS this machine) to learn what each
// host must answer. Done right before each round, so a package installed meanwhile cannot fail a run.
import { execFileSync } from 'node:child_process';
import { outputLines } from './detect.js';

export function runLocally(script) {
  const text = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return outputLines(text);
}
