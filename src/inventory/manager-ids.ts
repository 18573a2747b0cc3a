import type { ManagerId } from '../managers/types.js';

/** Every ManagerId, at run time (checked against the type both ways below). */
export const MANAGER_IDS = [
  'apt',
  'dnf',
  'dnf5',
  'yum',
  'zypper',
  'pacman',
  'apk',
  'flatpak',
  'snap',
  'docker',
  'podman',
] as const satisfies readonly ManagerId[];

type Missing = Exclude<ManagerId, (typeof MANAGER_IDS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

export function isManagerId(v: unknown): v is ManagerId {
  return typeof v === 'string' && (MANAGER_IDS as readonly string[]).includes(v);
}
