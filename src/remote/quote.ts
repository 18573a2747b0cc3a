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

/**
 * Turns a Command into the single line the remote shell runs:
 * `[sudo -n|-S -p '' --] [sh -c GUARD pkgfleet-guard K T] env LC_ALL=C K=V ... argv...`.
 * The locale is always fixed.
 */
export function renderCommand(cmd: Command, opts: RenderOptions = {}): string {
  const env: Record<string, string> = { LC_ALL: 'C', LANG: 'C', ...cmd.env };
  const parts: string[] = [];
  if (cmd.root && opts.sudo === 'nopass') parts.push('sudo', '-n', '--');
  if (cmd.root && opts.sudo === 'password') parts.push('sudo', '-S', '-p', '', '--');
  if (opts.guard) parts.push(...guardWords(opts.guard));
  parts.push('env');
  for (const [k, v] of Object.entries(env)) {
    if (!ENV_NAME.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
    parts.push(`${k}=${v}`);
  }
  if (cmd.argv.length === 0) throw new Error('empty command');
  parts.push(...cmd.argv);
  return parts.map(quote).join(' ');
}
