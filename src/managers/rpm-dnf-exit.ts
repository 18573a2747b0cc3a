// Exit codes and messages of dnf4, dnf5 and yum 3, read the same way with per-tool details.
import type { ExecResult, ExitVerdict, OperationKind } from './types.js';

export interface DnfExitRules {
  /** Exit codes that only mean "the lock is held" (dnf4 with exit_on_lock: 200). */
  lockCodes: number[];
  /** Output that says another process holds the lock (any exit code). */
  lockText: RegExp[];
  /** What --assumeno prints when it declines a resolved transaction (check mode's normal end). */
  abortedText: RegExp;
}

const NOT_FOUND = [
  /Unable to find a match/, // dnf4 install/upgrade/downgrade
  /No match for argument/, // dnf4, dnf5
  /No package .+ available\./, // yum 3 install
  /No matching [Pp]ackages to list/, // dnf4/dnf5/yum info
  /No packages to remove for argument/, // dnf5 remove
  /Packages? not installed/, // dnf4 downgrade / reinstall of something absent
];

/** Plugin commands (needs-restarting) missing on the host. */
const NO_COMMAND = /No such command|Unknown argument|command not found|No such file or directory/;

function firstError(r: ExecResult): string | undefined {
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return (
    lines.find((l) => /^Error:|^Failed to|^Transaction failed|^Problem/.test(l)) ??
    r.stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop()
  );
}

/** The line that names the missing package (stderr first: dnf4 puts "Error: ..." there). */
function notFoundLine(r: ExecResult): string | undefined {
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim());
  return lines.find((l) => NOT_FOUND.some((re) => re.test(l)));
}

export function interpretDnfFamilyExit(rules: DnfExitRules, op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  const lock = rules.lockText.some((re) => re.test(text));

  if (r.code === null) {
    // Killed by the runner (timeout / cancel). A dnf5 >= 5.4 waiting for the system-repo lock
    // never exits by itself: say so, so the runner can report the real cause.
    const v: ExitVerdict = { ok: false, message: `terminated by ${r.signal ?? 'signal'}` };
    if (lock) v.lockHeld = true;
    return v;
  }
  if (r.code !== 0 && (rules.lockCodes.includes(r.code) || lock)) {
    return { ok: false, lockHeld: true, message: 'package database is locked by another process' };
  }

  if (op === 'reboot-check') {
    // needs-restarting exits 1 for "reboot needed"; a missing plugin / yum-utils is no answer, not a failure.
    if (r.code !== 0 && NO_COMMAND.test(text)) return { ok: true, message: 'needs-restarting is not available on this host' };
    if (r.code === 0 || r.code === 1) return { ok: true };
    return { ok: false, message: firstError(r) ?? `exit code ${r.code}` };
  }

  const notFound = NOT_FOUND.some((re) => re.test(text));
  if (op === 'remove' && notFound && (r.code === 0 || r.code === 1)) {
    // Asked to remove something that is not installed: the desired state already holds.
    return { ok: true, message: 'not installed' };
  }
  if (op === 'search' && /No matches found/.test(text)) return { ok: true };

  if (r.code === 0) {
    return /Nothing to do\./.test(text) ? { ok: true, message: 'nothing to do' } : { ok: true };
  }
  // check-update: 100 = updates available (yum's listUpgradable uses it).
  if (r.code === 100 && op === 'list-upgradable') return { ok: true };
  // Only --assumeno (check mode) declines a resolved transaction, whatever op the runner names.
  if (r.code === 1 && rules.abortedText.test(text)) return { ok: true, message: 'simulated' };
  if (notFound) return { ok: false, notFound: true, message: notFoundLine(r) ?? 'package not found' };
  return { ok: false, message: firstError(r) ?? `exit code ${r.code}` };
}
