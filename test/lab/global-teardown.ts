import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * After the lab tests in CI (CI=true) or when PKGFLEET_LAB_DOWN=1: take the lab down (every
 * namespace, mount and process). On a developer's machine the lab stays up for the next run.
 */
export default function setup() {
  return () => {
    if (!process.env.CI && process.env.PKGFLEET_LAB_DOWN !== '1') return;
    if (!existsSync(path.join(ROOT, '.lab', 'lab.json'))) return;
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'lab.js'), 'down'], { stdio: 'inherit', timeout: 120_000 });
    } catch (e) {
      process.stderr.write(`lab down failed: ${(e as Error).message}\n`);
    }
  };
}
