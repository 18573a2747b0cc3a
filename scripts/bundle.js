#!/usr/bin/env node
// Bundles the CLI that tsc compiled (dist/cli/main.js) into one CommonJS file,
// dist/cli-bundle/main.cjs: one file to read and compile instead of the ~400 modules (ours, zod,
// yaml, commander, p-queue) Node would otherwise resolve, open and compile one by one at every
// start, and a file bin/pkgfleet.js can compile with V8's code cache (Node 20 has none for ES
// modules). Start-up was about 0.45 s of a 2 s run at 50 hosts (docs/performance.md). What has
// native code or is loaded only on request (ssh2, better-sqlite3, execa, pino) stays in
// node_modules; execa and pino are ES modules and stay `import()`s. The pkgfleet commands loaded
// on request are bundled in, and still only set up when they run. The library entry
// (dist/index.js) is not bundled: importers get tsc's output.
//
// Then it runs the CLI once (`detect` on this machine, no history) so that bin/pkgfleet.js
// writes the code cache of what a fleet command compiles, for the flags bin/pkgfleet starts node
// with (dist/cli-bundle/main.cjs.HASH.v8cache).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outfile: join(outdir, 'main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['ssh2', 'better-sqlite3', 'execa', 'pino'],
  // keep import() of the external ES modules (execa, pino) as import(): require() cannot load them
  supported: { 'dynamic-import': true },
  logLevel: 'warning',
});

// The code cache: written by bin/pkgfleet.js when it finds none. A failure here only costs speed.
const run = spawnSync(process.execPath, ['--max-semi-space-size=4', join(root, 'bin', 'pkgfleet.js'), '--no-history', '-q', 'detect'], {
  stdio: 'ignore',
  timeout: 60_000,
});
if (!readdirSync(outdir).some((f) => f.endsWith('.v8cache'))) {
  console.warn(`bundle: no code cache written (pkgfleet detect exited ${run.status ?? run.signal ?? run.error}); the CLI works, it starts slower`);
}
