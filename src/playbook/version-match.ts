import type { InstalledPackage, ManagerId } from '../managers/types.js';

// Managers whose `name=VERSION` pin matches any release/pkgrel when the pin has none
// (dnf/yum NEVRA `name-1.0`, zypper `name=1.0`, pacman `name=1.0`); apt and apk match exactly.
const RELEASE_OPTIONAL: ReadonlySet<ManagerId> = new Set(['dnf', 'dnf5', 'yum', 'zypper', 'pacman']);

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Is `installed` a version the pin asks for, by the manager's own pin rules? */
export function pinMatches(installed: string, pin: string, manager: ManagerId): boolean {
  // An installed epoch the pin does not mention does not stop a match (`2:1.0-1` is "1.0").
  const candidates = pin.includes(':') ? [installed] : [installed, installed.replace(/^\d+:/, '')];
  if (pin.includes('*')) return candidates.some((v) => globToRegExp(pin).test(v));
  return candidates.some((v) => {
    if (v === pin) return true;
    if (!RELEASE_OPTIONAL.has(manager) || pin.includes('-')) return false;
    return v.startsWith(`${pin}-`) && !v.slice(pin.length + 1).includes('-');
  });
}

/** The installed entries of a name (apt lists multi-arch packages as `name:arch`). */
export function installedEntries(installed: readonly InstalledPackage[], name: string): InstalledPackage[] {
  return installed.filter((p) => p.name === name || p.name.startsWith(`${name}:`));
}
