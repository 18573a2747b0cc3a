import type { ManagerId } from '../managers/types.js';

/**
 * The OS package managers: a host has one at a time, so a scan with one of them replaces the
 * host's scans with any other (a host reinstalled from Debian to Fedora keeps no apt rows).
 * flatpak, snap and the image managers live beside the native one and are scanned separately.
 */
export const NATIVE_MANAGERS: readonly ManagerId[] = ['apt', 'dnf', 'dnf5', 'yum', 'zypper', 'pacman', 'apk'];

/** The scans a new scan with `manager` replaces. */
export function replacedManagers(manager: ManagerId): readonly ManagerId[] {
  return NATIVE_MANAGERS.includes(manager) ? NATIVE_MANAGERS : [manager];
}
