#!/usr/bin/env node
// Bundles the CLI that tsc compiled (dist/cli/main.js) into one CommonJS file,
// dist/cli-bundle/main.cjs: one file to read and compile instead of the ~400 modules (ours, zod,
// yaml, commander, p-queue, ssh2) Node would otherwise resolve, open and compile one by one at
// every start, and a file bin/pkgfleet.js can compile with V8's code cache (Node 20 has none for
// ES modules). Start-up was about 0.45 s of a 2 s run at 50 hosts (docs/performance.md). What has
// native code or is loaded only on request (better-sqlite3, execa, pino; ssh2's optional native
// parts, see below) stays in node_modules; execa and pino are ES modules and stay `import()`s. The pkgfleet commands loaded
// on request are bundled in, and still only set up when they run. The library entry
// (dist/index.js) is not bundled: importers get tsc's output.
//
// Then it runs the CLI once (`ping` over a small inventory, see below, no history) so that
// bin/pkgfleet.js writes the code cache of what a fleet command compiles, for the flags
// bin/pkgfleet starts node with (dist/cli-bundle/main.cjs.HASH.v8cache).
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * ssh2 is bundled (its ~30 modules were ~50 ms of every start, compiled without a code cache), with
 * two changes to what it loads:
 * - its optional native crypto binding, when built, is still loaded from ssh2's own folder: the
 *   relative require in ssh2/lib/protocol/crypto.js becomes a package path Node resolves from the
 *   bundle; ssh2's try/catch around it stays, so without a build ssh2 uses Node's crypto as before;
 * - its HTTP(S)-over-SSH agents, which pkgfleet never uses, are left out: loading them loads Node's
 *   http, https and tls (~10 ms of every start). ssh2.HTTPAgent / HTTPSAgent are undefined in the CLI.
 */
const ssh2ForTheCli = {
  name: 'ssh2-for-the-cli',
  setup(b) {
    b.onResolve({ filter: /sshcrypto\.node$/ }, () => ({ path: 'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node', external: true }));
    b.onResolve({ filter: /^\.\/http-agents\.js$/ }, (args) =>
      /[\\/]ssh2[\\/]lib$/.test(args.resolveDir) ? { path: 'ssh2-http-agents', namespace: 'pkgfleet-stub' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'pkgfleet-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outfile: join(outdir, 'main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'execa', 'pino', 'cpu-features'],
  plugins: [ssh2ForTheCli],
  // keep import() of the external ES modules (execa, pino) as import(): require() cannot load them
  supported: { 'dynamic-import': true },
  logLevel: 'warning',
});

// The code cache: written by bin/pkgfleet.js when it finds none, with everything that run compiled.
// So the run goes through what a fleet command does before its first connection: an inventory
// file read and validated, the local machine (`connection: local`, `ping` runs `true`), and an SSH
// host whose connection this script accepts and drops at once on a loopback port of its own, so
// the connect path runs without reaching anything else (HOME is a temporary folder: no ssh_config,
// no keys, no known_hosts of the user's). No history is written. A failure only costs speed.
const warm = mkdtempSync(join(tmpdir(), 'pkgfleet-bundle-'));
const server = createServer((socket) => socket.destroy());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
writeFileSync(join(warm, 'known_hosts'), '');
writeFileSync(
  join(warm, 'inventory.yml'),
  `hosts:\n  warm-local:\n    connection: local\n  warm-ssh:\n    address: 127.0.0.1\n    port: ${port}\n    user: pkgfleet\n`,
);
const args = ['--no-history', '-q', '-i', join(warm, 'inventory.yml'), '--known-hosts', join(warm, 'known_hosts'), '--connect-timeout', '10', 'ping'];
const child = spawn(process.execPath, ['--max-semi-space-size=4', join(root, 'bin', 'pkgfleet.js'), ...args], {
  stdio: 'ignore',
  env: { ...process.env, HOME: warm },
  timeout: 60_000,
});
const ended = await once(child, 'exit').then(
  ([code, signal]) => `exited ${code ?? signal}`,
  (err) => `did not start: ${err.message}`,
);
server.close();
rmSync(warm, { recursive: true, force: true });
if (!readdirSync(outdir).some((f) => f.endsWith('.v8cache'))) {
  console.warn(`bundle: no code cache written (pkgfleet ping ${ended}); the CLI works, it starts slower`);
}
