import type { Command, ExecResult, ExitVerdict, OperationKind, PackageManager, PackageSpec } from './types.js';
import { parseSnapFind, parseSnapInfoOne, parseSnapList, parseSnapPlan, parseSnapRefreshList } from './snap-parse.js';
import { compareSegments } from './version/alpm.js';

/**
 * snaps, addressed as `snap://NAME` or `snap://NAME@CHANNEL` (`snap://lxd@5.21/stable`); a bare
 * `NAME[@CHANNEL]` works too. Not runnable on the build machine: written from snapd's sources
 * (cmd/snap) and documented output.
 * - snap never prompts. Its CLI has no machine-readable output; tables are scraped.
 * - Versions are labels, not installable: a snap follows a channel, and `--revision` needs
 *   store rights, so supportsVersionPin is false and `NAME=VERSION` is refused.
 * - Classic snaps (unconfined: full system access) are NOT installed: `--classic` is never
 *   passed; snap's refusal is reported with that reason.
 * - No dry-run. Check mode reads `snap info` (install / targeted refresh: not installed = install,
 *   installed on another revision than its channel = upgrade), `snap list NAMES` (removal) and
 *   `snap refresh --list` (refresh of everything). Dependencies (bases, content snaps) that snapd
 *   would add are not visible there.
 * - Locking: snapd serialises changes itself; a conflicting change fails with
 *   `has "…" change in progress`, which is reported as a held lock so the runner retries.
 * - Reboot: snapd says `snapd is about to reboot the system` (kernel/core/gadget refresh).
 */

/** A snap request: the snap name plus the channel to follow. */
export interface SnapSpec extends PackageSpec {
  channel?: string;
}

// snap names: 2-40 of a-z 0-9 -, at least one letter, no leading/trailing/double '-';
// optionally `_instance` (parallel installs, 1-10 of a-z 0-9).
const NAME = /^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*(?:_[a-z0-9]{1,10})?$/;
const CHANNEL = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+){0,2}$/;

function validateName(name: string): string | null {
  if (name === '') return 'snap name is empty';
  const base = name.split('_')[0]!;
  if (base.length < 2 || base.length > 40 || !NAME.test(name)) {
    return `invalid snap name ${JSON.stringify(name)}: 2-40 lowercase letters, digits and single '-', with at least one letter`;
  }
  return null;
}

function validateVersion(version: string): string | null {
  return `snap cannot install a version (${JSON.stringify(version)}); follow a channel with NAME@CHANNEL`;
}

function must(reason: string | null): void {
  if (reason !== null) throw new Error(reason);
}

function validateChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`invalid snap channel ${JSON.stringify(channel)}`);
}

function parseSpec(raw: string): SnapSpec {
  let rest = raw.startsWith('snap://') ? raw.slice('snap://'.length) : raw;
  if (rest.includes('=')) must(validateVersion(rest.slice(rest.indexOf('=') + 1)));
  let channel: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    channel = rest.slice(at + 1);
    rest = rest.slice(0, at);
    validateChannel(channel);
  }
  must(validateName(rest));
  return { name: rest, ...(channel ? { channel } : {}) };
}

/** Names (validated) and the one channel flag snap allows, for a single snap only. */
function namesAndChannel(specs: SnapSpec[]): string[] {
  if (specs.length === 0) throw new Error('no snaps given');
  for (const s of specs) {
    must(validateName(s.name));
    if (s.version !== undefined) must(validateVersion(s.version));
  }
  const withChannel = specs.filter((s) => s.channel !== undefined);
  if (withChannel.length > 0 && specs.length > 1) throw new Error('snap takes a channel for one snap at a time: split the request');
  const channel = withChannel[0]?.channel;
  if (channel !== undefined) validateChannel(channel);
  return [...(channel ? [`--channel=${channel}`] : []), ...specs.map((s) => s.name)];
}

function names(list: string[]): string[] {
  if (list.length === 0) throw new Error('no snaps given');
  for (const n of list) must(validateName(n));
  return list;
}

const CONFLICT = /has "[^"]+" change in progress|change in progress/;
const NOT_FOUND = /snap "([^"]+)" not found|no snap found for "([^"]+)"|(no matching snaps installed)/;
const CLASSIC = /This revision of snap "([^"]+)" was published using classic confinement/;
const REBOOT = /snapd is about to reboot the system/;

function interpretExit(_op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  if (CONFLICT.test(text)) return { ok: false, lockHeld: true, message: 'another snap change is in progress' };
  const nf = NOT_FOUND.exec(text);
  if (nf && r.code !== 0) return { ok: false, notFound: true, message: `snap not found: ${nf[1] ?? nf[2] ?? 'no matching snaps installed'}` };
  const classic = CLASSIC.exec(text);
  if (classic) {
    return { ok: false, message: `snap ${classic[1]} needs classic confinement (no sandbox); pkgfleet does not install classic snaps` };
  }
  if (r.code === 0) return REBOOT.test(text) ? { ok: true, rebootRequired: true } : { ok: true };
  const errors = text.split('\n').filter((l) => /^error:/.test(l.trim()));
  return { ok: false, message: errors.join('\n') || `snap exited with ${r.code ?? r.signal}` };
}

const noSecurity = (opts?: { security?: boolean }) => {
  if (opts?.security) throw new Error('snap has no security metadata: security-only upgrades are unsupported');
};

export const snap: PackageManager = {
  id: 'snap',
  displayName: 'Snap',
  kind: 'snap',
  binaries: ['snap'],
  securityUpgrade: 'unsupported',
  supportsVersionPin: false,

  validateName,
  validateVersion,
  parseSpec,

  // snap asks the store on each command; there is no local index to refresh.
  refresh: (): Command[] => [],
  listInstalled: (): Command => ({ argv: ['snap', 'list'], root: false, alike: {} }),
  listUpgradable: (opts): Command[] => {
    noSecurity(opts);
    return [
      { argv: ['snap', 'refresh', '--list'], root: false },
      { argv: ['snap', 'list'], root: false },
    ];
  },
  install: (specs, opts): Command => {
    const args = namesAndChannel(specs);
    if (opts?.check) return { argv: ['snap', 'info', ...specs.map((s) => s.name)], root: false };
    return { argv: ['snap', 'install', ...args], root: true };
  },
  remove: (list, opts): Command => {
    const targets = names(list);
    if (opts?.check) return { argv: ['snap', 'list', ...targets], root: false };
    return { argv: ['snap', 'remove', ...targets], root: true };
  },
  upgrade: (targets, opts): Command => {
    noSecurity(opts);
    if (targets.length === 0) {
      return opts?.check ? { argv: ['snap', 'refresh', '--list'], root: false } : { argv: ['snap', 'refresh'], root: true };
    }
    const args = namesAndChannel(targets);
    if (opts?.check) return { argv: ['snap', 'info', ...targets.map((t) => t.name)], root: false };
    return { argv: ['snap', 'refresh', ...args], root: true };
  },
  search: (term): Command => {
    if (!/^[A-Za-z0-9._-]+$/.test(term) || term.startsWith('-')) throw new Error(`invalid search term ${JSON.stringify(term)}`);
    return { argv: ['snap', 'find', term], root: false };
  },
  info: (name): Command => {
    must(validateName(name));
    return { argv: ['snap', 'info', name], root: false };
  },
  // snapd reboots by itself for kernel/core refreshes and says so (interpretExit).
  rebootCheck: () => null,

  parseInstalled: parseSnapList,
  parseUpgradable: (results) => parseSnapRefreshList(results[0]?.stdout ?? '', results[1]?.stdout ?? ''),
  parsePlan: (result, installed) => parseSnapPlan(result.stdout, installed),
  parseSearch: parseSnapFind,
  parseInfo: parseSnapInfoOne,
  parseRebootRequired: (r) => REBOOT.test(`${r.stdout}\n${r.stderr}`),

  interpretExit,
  // snapd orders revisions, not versions; versions are free text. The rpmvercmp-style segment
  // rule is used to order them for display only.
  compareVersions: compareSegments,
};
