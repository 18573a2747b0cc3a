// zypper's exit codes (zypper(8) 1.14, "EXIT CODES") and what they mean per operation.
import type { ExecResult, ExitVerdict, OperationKind } from './types.js';
import { xmlErrors } from './rpm-zypper-xml.js';

export const ZYPPER_EXIT = {
  OK: 0,
  LOCKED: 7,
  PATCHES_NEEDED: 100,
  SECURITY_PATCHES_NEEDED: 101,
  REBOOT_NEEDED: 102,
  RESTART_ZYPPER: 103,
  CAP_NOT_FOUND: 104,
  INTERRUPTED: 105,
  REPOS_SKIPPED: 106,
  RPM_SCRIPT_FAILED: 107,
} as const;

const LOCK_TEXT = /System management is locked by the application with pid/;

function message(r: ExecResult): string | undefined {
  const errors = xmlErrors(r.stdout);
  if (errors.length > 0) return errors.join('; ');
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => !/^rpm: /.test(l)) ?? lines[0];
}

export function interpretZypperExit(op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.code === null) {
    const v: ExitVerdict = { ok: false, message: `terminated by ${r.signal ?? 'signal'}` };
    if (LOCK_TEXT.test(text)) v.lockHeld = true;
    return v;
  }
  switch (r.code) {
    case ZYPPER_EXIT.OK:
      return /Nothing to do\./.test(text) ? { ok: true, message: 'nothing to do' } : { ok: true };
    case ZYPPER_EXIT.LOCKED:
      return { ok: false, lockHeld: true, message: message(r) ?? 'system management is locked' };
    case ZYPPER_EXIT.PATCHES_NEEDED:
    case ZYPPER_EXIT.SECURITY_PATCHES_NEEDED:
      return { ok: true };
    case ZYPPER_EXIT.REBOOT_NEEDED:
      // Also returned by patch --dry-run for a patch that suggests a reboot.
      return { ok: true, rebootRequired: true, message: 'reboot needed' };
    case ZYPPER_EXIT.RESTART_ZYPPER:
      return { ok: true, message: 'the package manager updated itself; run again for the remaining updates' };
    case ZYPPER_EXIT.CAP_NOT_FOUND:
      if (op === 'remove') return { ok: true, message: 'not installed' };
      if (op === 'search') return { ok: true };
      return { ok: false, notFound: true, message: message(r) ?? 'package not found' };
    case ZYPPER_EXIT.REPOS_SKIPPED:
      // Some repositories could not be refreshed and were skipped; the rest of the work was done.
      return op === 'refresh'
        ? { ok: false, message: message(r) ?? 'some repositories could not be refreshed' }
        : { ok: true, message: 'some repositories were skipped (refresh failed)' };
    case ZYPPER_EXIT.RPM_SCRIPT_FAILED:
      return { ok: true, message: 'installed, but an RPM %post script failed' };
    default:
      if (LOCK_TEXT.test(text)) return { ok: false, lockHeld: true, message: message(r) };
      return { ok: false, message: message(r) ?? `exit code ${r.code}` };
  }
}
