// The rpm database as every rpm-family manager reads it, and the one way versions are written:
// `[E:]V-R`, epoch only when it is not zero, so list, plan and upgradable compare as equals.
import type { Command, InstalledPackage } from './types.js';
import { compareRpmVersions } from './version/rpm.js';

/** %{EPOCHNUM} prints 0 where %{EPOCH} would print "(none)". */
export const RPM_QA_FORMAT = '%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n';

export function rpmQueryAll(): Command {
  return { argv: ['rpm', '-qa', '--qf', RPM_QA_FORMAT], root: false, localQuery: true, alike: {} };
}

/** `[E:]V-R` with the epoch left out when it is empty or zero. */
export function formatEvr(epoch: string | number | null | undefined, version: string, release: string): string {
  const e = epoch === null || epoch === undefined ? '' : String(epoch).trim();
  const vr = release === '' ? version : `${version}-${release}`;
  return e === '' || e === '0' || e === '(none)' ? vr : `${e}:${vr}`;
}

/** Tools that print `0:1.2-3` (dnf5 >= 5.3, dnf5 full_nevra) get the same form as the others. */
export function normalizeEvr(evr: string): string {
  return evr.replace(/^0+:/, '');
}

/** gpg-pubkey entries are imported signing keys, not packages. */
const PSEUDO = new Set(['gpg-pubkey', 'gpg-pubkey-release']);

export function parseRpmQa(stdout: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const line of stdout.split('\n')) {
    const f = line.split('\t');
    if (f.length < 5) continue;
    const [name, epoch, version, release, arch] = f as [string, string, string, string, string];
    if (name === '' || PSEUDO.has(name)) continue;
    out.push({ name, version: formatEvr(epoch, version, release), arch: arch.trim() });
  }
  return out;
}

export interface Nevra {
  name: string;
  evr: string;
  arch: string;
}

/**
 * `name-[E:]V-R.arch` (dnf/yum NEVRA strings, e.g. `qux-2:1.0-1.fc39.x86_64`): arch after the
 * last dot, release after the last dash, version after the one before. Names keep their dashes.
 */
export function parseNevra(s: string): Nevra | null {
  const dot = s.lastIndexOf('.');
  if (dot <= 0) return null;
  const arch = s.slice(dot + 1);
  const nevr = s.slice(0, dot);
  const relDash = nevr.lastIndexOf('-');
  if (relDash <= 0) return null;
  const verDash = nevr.lastIndexOf('-', relDash - 1);
  if (verDash <= 0) return null;
  const name = nevr.slice(0, verDash);
  const evr = normalizeEvr(nevr.slice(verDash + 1));
  if (arch === '' || evr === '') return null;
  return { name, evr, arch };
}

/**
 * The installed version to show as "from": same name and arch first (several may be installed,
 * e.g. kernels: the newest wins), else the same name on any arch (noarch <-> arch switches).
 */
export function findInstalledVersion(installed: InstalledPackage[], name: string, arch?: string): string | null {
  const same = installed.filter((p) => p.name === name);
  const exact = arch ? same.filter((p) => p.arch === arch) : [];
  const pool = exact.length > 0 ? exact : same;
  let best: string | null = null;
  for (const p of pool) if (best === null || compareRpmVersions(p.version, best) > 0) best = p.version;
  return best;
}
