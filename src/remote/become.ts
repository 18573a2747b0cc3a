import type { Command, ExecResult } from '../managers/types.js';
import type { GuardOptions } from './guard.js';
import { renderCommand } from './quote.js';

/** How root commands are wrapped: `sudo -n`, `sudo -S -p ''` (password on stdin), or not at all. */
export type SudoMode = 'nopass' | 'password' | false;

export interface BecomeSettings {
  /** HostSpec.become. */
  become: boolean;
  /** The login user is root (uid 0): nothing to wrap. */
  loginIsRoot: boolean;
  /** The resolved become password, if one was configured for the host. */
  password?: string;
}

export function decideSudo(settings: BecomeSettings): SudoMode {
  if (!settings.become || settings.loginIsRoot) return false;
  return settings.password !== undefined ? 'password' : 'nopass';
}

/** A line ready for Transport.exec plus its stdin. Do not log `stdin`: it may hold the password. */
export interface PreparedExec {
  line: string;
  stdin?: string;
}

/**
 * Renders a command for the host's sudo mode. With 'password', the password and a newline go
 * FIRST on stdin (sudo -S reads one line), followed by the command's own stdin; never in argv.
 * Commands that do not need root are never wrapped and never receive the password.
 * With `guard`, the process-group guard (guard.ts) goes inside sudo, so it runs as root.
 */
export function prepareExec(cmd: Command, mode: SudoMode, password?: string, stdin?: string, guard?: GuardOptions): PreparedExec {
  const line = renderCommand(cmd, guard ? { sudo: mode, guard } : { sudo: mode });
  if (cmd.root && mode === 'password') {
    if (password === undefined) throw new Error('sudo password mode without a password');
    if (password.includes('\n')) throw new Error('the sudo password contains a newline');
    return { line, stdin: `${password}\n${stdin ?? ''}` };
  }
  return stdin === undefined ? { line } : { line, stdin };
}

export type BecomeFailureReason = 'password-required' | 'wrong-password' | 'not-in-sudoers' | 'not-allowed' | 'no-sudo';

export interface BecomeFailure {
  reason: BecomeFailureReason;
  message: string;
}

interface Rule {
  test: RegExp;
  reason: BecomeFailureReason;
  message: string;
}

/** sudo's own messages (C locale), most specific first. */
const RULES: Rule[] = [
  {
    test: /incorrect password attempt|Sorry, try again\./,
    reason: 'wrong-password',
    message: 'sudo rejected the become password',
  },
  {
    test: /sudo: (a password is required|a terminal is required|no tty present|no password was provided)/,
    reason: 'password-required',
    message: 'sudo needs a password for this user: set a become password for the host (or allow NOPASSWD)',
  },
  { test: /is not in the sudoers file/, reason: 'not-in-sudoers', message: 'the login user is not in the sudoers file' },
  { test: /is not allowed to (execute|run sudo)/, reason: 'not-allowed', message: 'sudoers does not allow this command for the login user' },
  {
    test: /sudo: (command )?not found|sudo: No such file or directory/,
    reason: 'no-sudo',
    message: 'sudo is not installed on the host (log in as root or install sudo)',
  },
];

/**
 * Recognises a failure of sudo itself (not of the wrapped command) in a result.
 * Returns null when the command ran (code 0) or the failure is not sudo's.
 */
export function detectBecomeFailure(result: ExecResult, host?: string): BecomeFailure | null {
  if (result.code === 0) return null;
  const text = `${result.stderr}\n${result.stdout}`;
  const rule = RULES.find((r) => r.test.test(text));
  if (!rule) return null;
  return { reason: rule.reason, message: host ? `${host}: ${rule.message}` : rule.message };
}

/** The per-host message for a sudo failure, or null (see detectBecomeFailure). */
export function classifyBecomeFailure(result: ExecResult, host?: string): string | null {
  return detectBecomeFailure(result, host)?.message ?? null;
}
