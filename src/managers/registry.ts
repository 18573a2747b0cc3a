import type { ManagerId, PackageManager } from './types.js';
import { apt } from './apt.js';
import { dnf } from './dnf.js';
import { dnf5 } from './dnf5.js';
import { yum } from './yum.js';
import { zypper } from './zypper.js';
import { pacman } from './pacman.js';
import { apk } from './apk.js';
import { flatpak } from './flatpak.js';
import { snap } from './snap.js';
import { docker, podman } from './oci.js';

/** Every manager pkgfleet knows. Adding one = a file + a line here (+ a presence rule in selection.ts). */
export const MANAGERS: readonly PackageManager[] = [
  apt, dnf5, dnf, yum, zypper, pacman, apk, flatpak, snap, docker, podman,
];

const BY_ID = new Map<ManagerId, PackageManager>(MANAGERS.map((m) => [m.id, m]));

export function getManager(id: ManagerId): PackageManager {
  const m = BY_ID.get(id);
  if (!m) throw new Error(`unknown package manager: ${id}`);
  return m;
}

export const MANAGER_IDS = MANAGERS.map((m) => m.id);
