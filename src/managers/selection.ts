import type { HostFacts } from './detect.js';
import type { ManagerId } from './types.js';

/**
 * Which managers are present, as data. A manager is present when its binary is; `dnf` that
 * resolves to dnf5 counts as dnf5 and `yum` that resolves to dnf-3 counts as dnf.
 */
interface PresenceRule {
  id: ManagerId;
  present: (f: HostFacts) => boolean;
}

const has = (f: HostFacts, bin: string) => bin in f.binaries;
const dnfIsDnf5 = (f: HostFacts) => /dnf5$/.test(f.links.dnf ?? '');
const yumIsDnf = (f: HostFacts) => /dnf(-3)?$/.test(f.links.yum ?? '');

export const PRESENCE: PresenceRule[] = [
  { id: 'apt', present: (f) => has(f, 'apt-get') },
  // dnf5 is present when its binary exists, or when `dnf` is a link to it (Fedora >= 41).
  { id: 'dnf5', present: (f) => has(f, 'dnf5') || (has(f, 'dnf') && dnfIsDnf5(f)) },
  // dnf4: a `dnf` that is not dnf5, or a `yum` that is really dnf-3 (EL8+ without the dnf name).
  { id: 'dnf', present: (f) => (has(f, 'dnf') && !dnfIsDnf5(f)) || (has(f, 'yum') && yumIsDnf(f) && !has(f, 'dnf')) },
  // Legacy yum 3 only when it is not a dnf alias.
  { id: 'yum', present: (f) => has(f, 'yum') && !yumIsDnf(f) },
  { id: 'zypper', present: (f) => has(f, 'zypper') },
  { id: 'pacman', present: (f) => has(f, 'pacman') },
  { id: 'apk', present: (f) => has(f, 'apk') },
  { id: 'flatpak', present: (f) => has(f, 'flatpak') },
  { id: 'snap', present: (f) => has(f, 'snap') },
  { id: 'docker', present: (f) => has(f, 'docker') },
  { id: 'podman', present: (f) => has(f, 'podman') },
];

const NATIVE: ReadonlySet<ManagerId> = new Set(['apt', 'dnf5', 'dnf', 'yum', 'zypper', 'pacman', 'apk']);

/**
 * Selecting the native manager: the first rule whose os family matches AND whose manager is
 * present wins. Order matters and each rule says why. `families` are os-release IDs matched
 * against ID and ID_LIKE; null matches every host. (fleet/prefetch.ts replays these rules in shell.)
 */
export interface SelectionRule {
  families: string[] | null;
  prefer: ManagerId[];
  why: string;
}

export const SELECTION: readonly SelectionRule[] = [
  // SUSE first: zypper hosts may also carry apt or rpm tools.
  { families: ['suse', 'opensuse', 'sles', 'opensuse-leap', 'opensuse-tumbleweed'], prefer: ['zypper'], why: 'SUSE family' },
  // Red Hat family: dnf5 (Fedora >= 41) before dnf4 before yum 3 (EL7, Amazon Linux 2).
  { families: ['fedora', 'rhel', 'centos', 'rocky', 'almalinux', 'ol', 'amzn'], prefer: ['dnf5', 'dnf', 'yum'], why: 'Red Hat family' },
  { families: ['debian', 'ubuntu'], prefer: ['apt'], why: 'Debian family' },
  { families: ['arch'], prefer: ['pacman'], why: 'Arch family' },
  { families: ['alpine'], prefer: ['apk'], why: 'Alpine' },
  // No family matched (or its manager is missing): the binaries decide, in this order.
  { families: null, prefer: ['zypper', 'dnf5', 'dnf', 'yum', 'apt', 'pacman', 'apk'], why: 'binaries present' },
];

const inFamily = (os: HostFacts['os'], names: string[] | null) =>
  names === null || names.includes(os.id) || os.idLike.some((l) => names.includes(l));

export function detectManagers(facts: HostFacts): ManagerId[] {
  return PRESENCE.filter((r) => r.present(facts)).map((r) => r.id);
}

export function isNative(id: ManagerId): boolean {
  return NATIVE.has(id);
}

export interface Selection {
  detected: ManagerId[];
  selected: ManagerId | null;
  reason: string;
}

export function selectManager(facts: HostFacts, override?: ManagerId): Selection {
  const detected = detectManagers(facts);
  if (override) return { detected, selected: override, reason: 'inventory override' };
  for (const rule of SELECTION) {
    if (!inFamily(facts.os, rule.families)) continue;
    const pick = rule.prefer.find((id) => detected.includes(id));
    if (pick) return { detected, selected: pick, reason: rule.why };
  }
  return { detected, selected: null, reason: 'no native package manager found' };
}
