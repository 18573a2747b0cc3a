#!/usr/bin/env node
// The CLI runs from the bundle scripts/bundle.js makes of tsc's output (one CommonJS file instead
// of hundreds of module loads, docs/performance.md), compiled with V8's code cache: the cache
// file next to the bundle (one per node version and node flags) holds what V8 compiled of it, so a
// start skips most parsing and compiling (~80 ms). V8 checks that the cache matches this bundle
// and ignores it otherwise; then, as when there is none, this process writes one when it exits,
// with what it compiled (when the folder is writable; scripts/bundle.js makes the first).
// A bundle older than tsc's output (someone ran only `tsc`, or a watch build) would run stale
// code, so then tsc's output runs instead.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const path = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/**
 * The cache file for this node and these node flags: V8 refuses a cache made under other flags,
 * and the launcher's flags (bin/pkgfleet) differ from a plain `node bin/pkgfleet.js`.
 */
function cacheFileFor(file) {
  let h = 0x811c9dc5;
  for (const ch of `${process.version} ${process.execArgv.join(' ')}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${file}.${h.toString(16).padStart(8, '0')}.v8cache`;
}

/** Runs a CommonJS file as require() would, compiled with the code cache beside it. */
function loadWithCodeCache(file) {
  const cacheFile = cacheFileFor(file);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapped, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit the cache also holds the functions this run compiled, not only the top level.
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        rmSync(tmp, { force: true });
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

// import() for the bundle's ES-module dependencies (src/util/import-esm.ts).
globalThis[Symbol.for('pkgfleet.importEsm')] = (specifier) => import(specifier);

const bundle = path('../dist/cli-bundle/main.cjs');
const compiled = path('../dist/cli/main.js');
const bundled = mtime(bundle);
const { main } = bundled >= 0 && bundled >= mtime(compiled) ? loadWithCodeCache(bundle) : await import(compiled);
main(process.argv).then((code) => {
  process.exitCode = code;
});
