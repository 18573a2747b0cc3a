import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { HostSpec, HostKeyPolicy, BecomePasswordSource } from '../inventory/types.js';
import { loadInventory, selectHosts, localInventory, findDefaultInventory } from '../inventory/index.js';
import { createTransport, KeyLoader, type TransportContext } from '../remote/index.js';
import type { RunOptions } from '../fleet/runner.js';
import { createLogger } from './logger.js';
import { promptHidden } from './prompt.js';
import { createProgress, type Progress } from './progress.js';

/** Options every fleet command shares (program-level flags). */
export interface CommonFlags {
  inventory?: string[];
  limit?: string;
  forks?: string;
  json?: boolean;
  become?: boolean;
  askBecomePass?: boolean;
  user?: string;
  timeout?: string;
  connectTimeout?: string;
  commandTimeout?: string;
  lockTimeout?: string;
  hostKeyPolicy?: string;
  knownHosts?: string;
  verbose?: boolean;
  logFile?: string;
  logLevel?: string;
  refresh?: boolean;
  quiet?: boolean;
}

export class UsageError extends Error {}

function seconds(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt * 1000;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} takes a number of seconds, got ${JSON.stringify(v)}`);
  return n * 1000;
}

export interface FleetContext {
  hosts: HostSpec[];
  runOptions: RunOptions;
  progress: Progress;
  logger?: Logger;
  /** Soft stop on the first Ctrl-C, hard abort on the second. */
  dispose(): void;
}

/** Loads the inventory, applies --limit and the flags, asks for the become password once. */
export async function buildFleetContext(flags: CommonFlags, cwd = process.cwd()): Promise<FleetContext> {
  const files = flags.inventory?.length ? flags.inventory : [findDefaultInventory(cwd)].filter((f): f is string => !!f);
  const inv = files.length ? loadInventory(files, { cwd }) : localInventory();
  for (const w of inv.warnings ?? []) process.stderr.write(`pkgfleet: warning: ${w.file}:${w.line}:${w.column}: ${w.message}\n`);
  let hosts = flags.limit ? selectHosts(inv, flags.limit) : inv.hosts;
  const policy = flags.hostKeyPolicy as HostKeyPolicy | undefined;
  if (policy && !['strict', 'accept-new', 'off'].includes(policy)) {
    throw new UsageError(`--host-key-policy must be strict, accept-new or off, got ${JSON.stringify(policy)}`);
  }
  const connectMs = seconds('connect-timeout', flags.connectTimeout, 10);
  hosts = hosts.map((h) => ({
    ...h,
    ...(flags.become ? { become: true } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(policy ? { hostKeyPolicy: policy } : {}),
    connectTimeoutMs: h.connectTimeoutMs ?? connectMs,
  }));

  const forks = flags.forks === undefined ? 50 : Number(flags.forks);
  if (!Number.isInteger(forks) || forks < 0) throw new UsageError(`--forks takes a whole number (0 = all hosts at once), got ${JSON.stringify(flags.forks)}`);

  const passwords = await resolveBecomePasswords(hosts, flags.askBecomePass === true);
  const logger = await createLogger({ file: flags.logFile, level: flags.logLevel });
  const progress = createProgress(hosts.length, {
    tty: process.stderr.isTTY === true,
    verbose: flags.verbose === true,
    quiet: flags.quiet === true,
  });

  const stop = new AbortController();
  const abort = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\npkgfleet: interrupted: no new host will start; running package transactions are allowed to finish (Ctrl-C again to abort them)\n');
      stop.abort();
    } else {
      process.stderr.write('\npkgfleet: aborting running commands\n');
      abort.abort();
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  // One context for the whole run: each key passphrase is asked once across all hosts.
  const transportContext: TransportContext = {
    prompt: promptHidden,
    keyLoader: new KeyLoader(promptHidden),
    onWarning: (msg: string) => {
      process.stderr.write(`WARNING: ${msg}\n`);
      logger?.warn(msg);
    },
    ...(flags.knownHosts ? { knownHostsFiles: [flags.knownHosts] } : {}),
  };
  const runOptions: RunOptions = {
    forks,
    transportFactory: (host) => createTransport(host, transportContext),
    commandTimeoutMs: seconds('command-timeout', flags.commandTimeout, 3600),
    lockTimeoutMs: seconds('lock-timeout', flags.lockTimeout, 300),
    ...(flags.timeout !== undefined ? { hostTimeoutMs: seconds('timeout', flags.timeout, 0) } : {}),
    stopSignal: stop.signal,
    abortSignal: abort.signal,
    becomePasswordFor: (h) => passwords.get(h.name),
    onEvent: (e) => progress.onEvent(e),
    ...(logger ? { logger } : {}),
  };
  return {
    hosts,
    runOptions,
    progress,
    ...(logger ? { logger } : {}),
    dispose() {
      progress.end();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      logger?.flush();
    },
  };
}

/** -K asks once for all hosts; inventory sources (env, file, value) are read per host. */
async function resolveBecomePasswords(hosts: HostSpec[], ask: boolean): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let asked: string | undefined;
  const needPrompt = ask || hosts.some((h) => h.become && h.becomePassword?.kind === 'prompt');
  if (needPrompt && hosts.some((h) => h.become || ask)) asked = await promptHidden('BECOME password: ');
  for (const h of hosts) {
    if (!h.become) continue;
    const src: BecomePasswordSource | undefined = h.becomePassword;
    if (src?.kind === 'env') {
      const v = process.env[src.name];
      if (v === undefined) throw new UsageError(`host ${h.name}: become password variable ${src.name} is not set`);
      out.set(h.name, v);
    } else if (src?.kind === 'file') {
      out.set(h.name, readFileSync(src.path, 'utf8').replace(/\r?\n$/, ''));
    } else if (src?.kind === 'value') {
      out.set(h.name, src.value);
    } else if (asked !== undefined) {
      out.set(h.name, asked);
    }
  }
  return out;
}
