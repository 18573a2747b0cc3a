#!/usr/bin/env node
// The CLI runs from the bundle scripts/bundle.js makes of tsc's output (one start-up instead of
// hundreds of module loads, docs/performance.md). A bundle older than tsc's output (someone ran
// only `tsc`, or a watch build) would run stale code, so then tsc's output runs instead.
import { statSync } from 'node:fs';

const mtime = (rel) => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime('../dist/cli-bundle/main.js');
const entry = bundled >= 0 && bundled >= mtime('../dist/cli/main.js') ? '../dist/cli-bundle/main.js' : '../dist/cli/main.js';
const { main } = await import(entry);
main(process.argv).then((code) => { process.exitCode = code; });
