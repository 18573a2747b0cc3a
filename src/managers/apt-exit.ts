// How apt-get / apt-cache / dpkg-query exits read. apt has one error code (100) for everything, so
// the cause is read from the `E:` lines (human output, LC_ALL=C; recorded in test/fixtures/apt).
import type { ExecResult, ExitVerdict, OperationKind } from './types.js';

const LOCK_PATTERNS: RegExp[] = [
  /Could not get lock \S+/, // any apt lock: dpkg lock-frontend, dpkg lock, lists lock, archives lock
  /Unable to acquire the dpkg frontend lock/,
  /Unable to lock directory \S+/, // update: /var/lib/apt/lists/
  /Unable to lock the administration directory/, // older apt without the frontend lock
];

const INTERRUPTED = /dpkg was interrupted, you must manually run '([^']+)'/;

const NOT_FOUND: RegExp[] = [
  /Unable to locate package (\S+)/,
  /Version '([^']+)' for '([^']+)' was not found/,
  /Package '?(\S+?)'? has no installation candidate/,
  /Release '([^']+)' for '([^']+)' was not found/,
];

/** The first `E:` line (apt writes errors to stderr), else the last non-empty line of output. */
function firstError(result: ExecResult): string | undefined {
  const all = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim());
  const e = all.find((l) => l.startsWith('E: '));
  if (e) return e.slice(3);
  return all.filter((l) => l !== '').pop();
}

export function interpretAptExit(op: OperationKind, result: ExecResult): ExitVerdict {
  const text = `${result.stderr}\n${result.stdout}`;

  if (op === 'reboot-check') {
    // `test -e /var/run/reboot-required`: 0 = present, 1 = absent; both are answers.
    if (result.code === 0 || result.code === 1) return { ok: true };
    return { ok: false, message: firstError(result) ?? `reboot check exited with ${result.code}` };
  }

  if (result.code === 0) {
    // apt-cache policy on an unknown name prints nothing and still exits 0.
    if (op === 'info' && !/^\S+:$/m.test(result.stdout)) {
      return { ok: false, notFound: true, message: 'package not found' };
    }
    return { ok: true };
  }

  if (LOCK_PATTERNS.some((re) => re.test(text))) {
    return { ok: false, lockHeld: true, message: firstError(result) };
  }

  const interrupted = INTERRUPTED.exec(text);
  if (interrupted) {
    return {
      ok: false,
      message: `dpkg was interrupted: run '${interrupted[1]}' on the host (as root, same environment), then retry`,
    };
  }

  if (NOT_FOUND.some((re) => re.test(text))) {
    return { ok: false, notFound: true, message: firstError(result) };
  }

  if (result.code === null) {
    return { ok: false, message: `terminated by signal ${result.signal ?? 'unknown'}` };
  }
  return { ok: false, message: firstError(result) ?? `exit code ${result.code}` };
}
