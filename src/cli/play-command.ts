import type { Command } from 'commander';
import { findDefaultInventory, loadInventory, localInventory } from '../inventory/index.js';
import { PlaybookError, loadPlaybook, renderDiff, resolvePlays } from '../playbook/index.js';
import { EXIT, exitCodeFor, renderSummary } from '../report/summary.js';
import { buildFleetContext, type CommonFlags } from './context.js';
import { createProgress } from './progress.js';
import type { HistoryFlags } from './history-options.js';
import { runPlaybookRecorded } from './play-recording.js';

interface PlayFlags extends CommonFlags, HistoryFlags {
  check?: boolean;
  diff?: boolean;
}

/** `pkgfleet play PLAYBOOK`: load and validate (nothing contacted on bad input), run, report. */
export async function runPlayCommand(file: string, flags: PlayFlags, cwd = process.cwd()): Promise<number> {
  let playbook;
  try {
    playbook = loadPlaybook(file);
  } catch (e) {
    if (!(e instanceof PlaybookError)) throw e;
    process.stderr.write(`pkgfleet: error: ${e.message}\n`);
    return EXIT.badInput;
  }
  // Play patterns are matched on the whole inventory; --limit (in the context) restricts them.
  const files = flags.inventory?.length ? flags.inventory : [findDefaultInventory(cwd)].filter((f): f is string => !!f);
  const inventory = files.length ? loadInventory(files, { cwd }) : localInventory();
  const ctx = await buildFleetContext(flags, cwd);
  try {
    let targets;
    try {
      targets = resolvePlays(playbook, inventory, ctx.hosts);
    } catch (e) {
      if (!(e instanceof PlaybookError)) throw e;
      process.stderr.write(`pkgfleet: error: ${e.message}\n`);
      return EXIT.badInput;
    }
    // Progress counts each play's hosts (a host in two plays counts twice): our own line replaces the context's.
    ctx.progress.end();
    const progress = createProgress(
      targets.plays.reduce((n, p) => n + p.hosts.length, 0),
      { tty: process.stderr.isTTY === true, verbose: flags.verbose === true, quiet: flags.quiet === true },
    );
    const run = await runPlaybookRecorded(flags, targets, {
      ...ctx.runOptions,
      onEvent: (e) => progress.onEvent(e),
      check: flags.check === true,
      refresh: flags.refresh === true,
      args: ['play', file, ...(flags.check ? ['--check'] : []), ...(flags.limit ? ['--limit', flags.limit] : [])],
    });
    progress.end();
    if (flags.json) process.stdout.write(`${JSON.stringify(run.result, null, 2)}\n`);
    else {
      if (flags.diff) process.stdout.write(`${renderDiff(run.result, run.steps, { verbose: flags.verbose === true })}\n`);
      process.stdout.write(`${renderSummary(run.result, { verbose: flags.verbose === true })}\n`);
    }
    return exitCodeFor(run.result);
  } finally {
    ctx.dispose();
  }
}

export function registerPlayCommand(program: Command, onExit: (code: number) => void): void {
  program
    .command('play <playbook>')
    .description('bring hosts to the state a playbook describes (docs/playbooks.md); --check --diff shows the plan')
    .option('--diff', "per host and step, each version change: 'name: before → after'")
    .action((file: string, _opts: Record<string, unknown>, cmd: Command) =>
      runPlayCommand(file, cmd.optsWithGlobals() as PlayFlags).then(onExit),
    );
}
