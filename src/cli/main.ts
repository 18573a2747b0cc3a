import { Command, CommanderError, Option } from 'commander';
import type { OperationRequest } from '../fleet/operation-types.js';
import { executeOperation, validateRequest } from '../fleet/execute.js';
import { isCheck } from '../fleet/operation-types.js';
import { InputError } from '../fleet/targets.js';
import { InventoryError, LimitPatternError } from '../inventory/index.js';
import { renderSummary, exitCodeFor, EXIT } from '../report/summary.js';
import { writeJsonDocument } from '../report/json-document.js';
import { buildFleetContext, UsageError, type CommonFlags } from './context.js';
import { registerExtraCommands } from './extra-commands.js';
import { recordedRun, type HistoryFlags } from './history-options.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs one unified operation on the selected hosts and prints the result. */
async function runVerb(flags: CommonFlags & HistoryFlags, req: OperationRequest, args: string[]): Promise<number> {
  validateRequest(req); // bad input never reaches the history
  const ctx = await buildFleetContext(flags);
  try {
    const result = await recordedRun(flags, { operation: req.op, args, check: isCheck(req), hosts: ctx.hosts.map((h) => h.name) }, (hooks) =>
      executeOperation(ctx.hosts, req, { ...ctx.runOptions, args, refresh: flags.refresh === true, ...hooks }),
    );
    ctx.progress.end();
    if (flags.json) await writeJsonDocument(process.stdout, result);
    else process.stdout.write(`${renderSummary(result, { verbose: flags.verbose === true })}\n`);
    return exitCodeFor(result);
  } finally {
    ctx.dispose();
  }
}

export function buildProgram(onExit: (code: number) => void): Command {
  const program = new Command('pkgfleet')
    .description('Patch and manage packages on many Linux servers at once')
    .version('0.1.0')
    .option('-i, --inventory <file>', 'inventory file (repeatable); default: pkgfleet.yml, inventory.yml or fleet.yml here, else the local machine', collect)
    .option('-l, --limit <pattern>', "hosts/groups to run on: 'web:!web3', 'db:&eu', 'web*'")
    .option('-f, --forks <n>', 'hosts at once (0 = all at once)', '50')
    .option('--check', 'simulate with the managers\' own dry run: show what would change, change nothing')
    .option('--json', 'print one JSON document (schema: docs/json.md)')
    .option('-b, --become', 'run package commands with sudo')
    .option('-K, --ask-become-pass', 'ask once for the sudo password (fed over stdin, never in argv or logs)')
    .option('-u, --user <user>', 'SSH login user for every host')
    .option('--refresh', 'refresh package metadata first (never implied by --check)')
    .option('--timeout <s>', 'per-host deadline in seconds (connect + every command)')
    .option('--connect-timeout <s>', 'SSH connect timeout in seconds', '10')
    .option('--command-timeout <s>', 'per-command timeout in seconds', '3600')
    .option('--lock-timeout <s>', 'how long to wait for a held package database lock', '300')
    .addOption(new Option('--host-key-policy <policy>', 'unknown/changed host keys').choices(['strict', 'accept-new', 'off']))
    .option('--known-hosts <file>', 'known_hosts file to check host keys against (besides ~/.ssh/known_hosts)')
    .option('-v, --verbose', 'more detail: every [PKG] line and step')
    .option('-q, --quiet', 'no progress output')
    .option('--log-file <file>', 'structured JSON log (pino), secrets redacted')
    .option('--log-level <level>', 'log level for --log-file', 'info')
    .showHelpAfterError()
    .exitOverride();

  const verb = (name: string, build: (args: string[], opts: Record<string, unknown>) => OperationRequest) =>
    (args: string[] | string | undefined, opts: Record<string, unknown>, cmd: Command) => {
      const list = Array.isArray(args) ? args : args === undefined ? [] : [args];
      const flags = cmd.optsWithGlobals() as CommonFlags & Record<string, unknown>;
      return runVerb(flags, build(list, { ...flags, ...opts }), [name, ...list]).then(onExit);
    };

  program
    .command('ping')
    .description('check that every host answers: SSH login with a verified host key, one command (and sudo with --become)')
    .action((opts, cmd) => verb('ping', () => ({ op: 'ping' }))(undefined, opts, cmd));
  program.command('detect').description('detect OS and package managers on every host').action((opts, cmd) => verb('detect', () => ({ op: 'detect' }))(undefined, opts, cmd));
  program
    .command('update')
    .description('refresh package metadata (apt-get update, dnf makecache, ...)')
    .action((opts, cmd) => verb('update', (_a, o) => ({ op: 'update', check: o.check === true }))(undefined, opts, cmd));
  program
    .command('upgrade [packages...]')
    .description('upgrade everything, or the named packages')
    .option('--security', 'security updates only')
    .action(verb('upgrade', (packages, o) => ({ op: 'upgrade', packages, security: o.security === true, check: o.check === true })));
  program
    .command('install <packages...>')
    .description("install packages: htop 'nginx=1.24*' docker://nginx:latest flatpak://org.gimp.GIMP")
    .action(verb('install', (packages, o) => ({ op: 'install', packages, check: o.check === true })));
  program
    .command('remove <packages...>')
    .description('remove packages')
    .action(verb('remove', (packages, o) => ({ op: 'remove', packages, check: o.check === true })));
  program.command('search <term>').description('search package names').action(verb('search', ([term]) => ({ op: 'search', term: term ?? '' })));
  program.command('info <packages...>').description('installed and candidate version of packages').action(verb('info', (packages) => ({ op: 'info', packages })));
  program
    .command('list')
    .description('list installed or upgradable packages')
    .option('--installed', 'installed packages')
    .option('--upgradable', 'packages with an update available')
    .action((opts: { installed?: boolean; upgradable?: boolean }, cmd: Command) => {
      if (!!opts.installed === !!opts.upgradable) throw new UsageError('list needs exactly one of --installed or --upgradable');
      return verb('list', () => ({ op: 'list', which: opts.installed ? 'installed' : 'upgradable' }))(undefined, opts, cmd);
    });
  return program;
}

/** Entry point: returns the process exit code (documented in the README). */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const onExit = (c: number) => {
    code = c;
  };
  const program = buildProgram(onExit);
  // A reader that stops early (`pkgfleet --json list --installed | head`) is not an error: the run
  // is over and recorded; the rest of the output has nowhere to go.
  const closedPipe = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'EPIPE';
  process.stdout.on('error', (e) => {
    if (!closedPipe(e)) throw e;
  });
  try {
    await registerExtraCommands(program, onExit, argv.slice(2));
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (closedPipe(e)) return code;
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof InventoryError || e instanceof LimitPatternError || e instanceof InputError || e instanceof UsageError) {
      process.stderr.write(`pkgfleet: error: ${e.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`pkgfleet: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
