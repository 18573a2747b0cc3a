#!/usr/bin/env node
// Bundles the CLI that tsc compiled (dist/cli/main.js) into dist/cli-bundle/: a handful of files
// instead of the ~400 modules (ours, zod, yaml, commander, p-queue) Node would otherwise resolve,
// open and compile one by one at every start. That start-up was about 0.45 s of a 2 s run at
// 50 hosts (docs/performance.md). Dynamic imports stay lazy (code splitting), and what has native
// code or is loaded only on request (ssh2, better-sqlite3, execa, pino) stays in node_modules.
// The library entry (dist/index.js) is not bundled: importers get tsc's output.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'dist', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2', 'better-sqlite3', 'execa', 'pino'],
  // CommonJS dependencies (commander) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __pkgfleetCreateRequire } from 'node:module'; const require = __pkgfleetCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
