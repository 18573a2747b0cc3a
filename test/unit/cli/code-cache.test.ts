import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, REPO } from '../../helpers/cli.js';

// bin/pkgfleet.js runs the CommonJS bundle through vm.Script with V8's code cache. With a node flag
// no other test uses, this test gets a cache file of its own (one per node version and flags).
const BUNDLE_DIR = path.join(REPO, 'dist', 'cli-bundle');
const FLAG = '--stack-size=983';
const caches = () => (existsSync(BUNDLE_DIR) ? readdirSync(BUNDLE_DIR).filter((f) => f.endsWith('.v8cache')) : []);
const tmp = mkdtempSync(path.join(tmpdir(), 'pkgfleet-code-cache-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [FLAG, BIN, '--no-history', ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(path.join(BUNDLE_DIR, 'main.cjs')))('the CLI bundle with V8 code cache', () => {
  let mine: string | undefined;
  afterAll(() => {
    if (mine) rmSync(path.join(BUNDLE_DIR, mine), { force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a cache on its first run and runs from it, ES-module dependencies included', () => {
    const before = new Set(caches());
    const first = run(['--json', 'detect']);
    expect(first.code, first.stderr).toBe(0);
    mine = caches().find((f) => !before.has(f));
    expect(mine).toBeDefined();
    // From the cache: detect on the local machine loads execa, --log-file loads pino (both import()).
    const log = path.join(tmp, 'run.log');
    const second = run(['--json', '--log-file', log, 'detect']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).hosts[0]).toMatchObject({ host: 'localhost', status: 'ok' });
    expect(readFileSync(log, 'utf8')).toContain('"event":"done"');
  });

  it('ignores a damaged cache, still runs, and writes a good one again', () => {
    expect(mine).toBeDefined();
    const file = path.join(BUNDLE_DIR, mine!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const r = run(['--json', 'detect']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).hosts[0].status).toBe('ok');
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
