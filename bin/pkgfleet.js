#!/usr/bin/env node
// The CLI runs from the bundle (scripts/bundle.js): one start-up instead of hundreds of module loads.
import { main } from '../dist/cli-bundle/main.js';
main(process.argv).then((code) => { process.exitCode = code; });
