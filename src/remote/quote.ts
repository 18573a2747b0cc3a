import type { Command } from '../managers/types.js';
import { guardWords, type GuardOptions } from './guard.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The ONE shell-quoting function. POSIX single quotes: inside them nothing is special except
 * the single quote itself, which is closed, escaped and reopened. The empty string becomes ''.
 */
export function quote(arg: string): string {
  if (arg.includes('\0')) throw new Error('argument contains a NUL byte');
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface RenderOptions {
  /** Wrap with sudo: 'nopass' = sudo -n, 'password' = sudo -S (password arrives on stdin). */
  sudo?: 'nopass' | 'password' | false;
  /** Run the command in its own process group, with a remote deadline (see guard.ts). */
  guard?: GuardOptions;
}

/** Shells whose `-c` script can set the environment itself (see renderCommand). */
const SH = new Set(['sh', '/bin/sh']);

/**
 * Turns a Command into the single line the remote shell runs:
 * `[sudo -n|-S -p '' --] [sh -c GUARD pkgfleet-guard K T] env LC_ALL=C K=V ... argv...`.
 * The locale is always fixed. A `sh -c SCRIPT` command sets it in its own script instead
 * (`sh -c 'export LC_ALL=C LANG=C K=V; SCRIPT'`): the same environment for everything the script
 * runs, without an `env` process on the host (about a millisecond of host CPU per command, and the
 * fact-gathering script runs on every host of every run). A `plain` command (its output is not
 * read, e.g. ping's `true`) has no env at all.
 */
export function renderCommand(cmd: Command, opts: RenderOptions = {}): string {
  const env: Record<string, string> = { LC_ALL: 'C', LANG: 'C', ...cmd.env };
  const parts: string[] = [];
  if (cmd.root && opts.sudo === 'nopass') parts.push('sudo', '-n', '--');
  if (cmd.root && opts.sudo === 'password') parts.push('sudo', '-S', '-p', '', '--');
  if (opts.guard) parts.push(...guardWords(opts.guard));
  for (const k of Object.keys(env)) {
    if (!ENV_NAME.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
  }
  if (cmd.argv.length === 0) throw new Error('empty command');
  const [program, flag, script, ...rest] = cmd.argv;
  if (SH.has(program!) && flag === '-c' && script !== undefined) {
    const exports = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
    parts.push(program!, '-c', `export ${exports}; ${script}`, ...rest);
  } else if (cmd.plain && !cmd.env) {
    parts.push(...cmd.argv);
  } else {
    parts.push('env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...cmd.argv);
  }
  return parts.map(quote).join(' ');
}
