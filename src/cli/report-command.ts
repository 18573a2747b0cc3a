import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderRunHtml } from '../report/html-run.js';
import { EXIT } from '../report/summary.js';
import { UsageError } from './context.js';
import type { HistoryFlags } from './history-options.js';
import { openStore } from './open-store.js';

export function registerReportCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('report <run-id>')
    .description('write a past run as one self-contained HTML page')
    .requiredOption('--html <file>', 'the page to write')
    .action((runId: string, opts: { html: string }, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as HistoryFlags;
      const store = openStore(flags);
      try {
        const run = store.getRun(runId);
        if (!run) throw new UsageError(`no run ${JSON.stringify(runId)} in the history (${store.path}); see pkgfleet history`);
        writeFileSync(opts.html, renderRunHtml(run));
      } finally {
        store.close();
      }
      process.stderr.write(`pkgfleet: wrote ${opts.html}\n`);
      onExit(EXIT.ok);
    });
}
