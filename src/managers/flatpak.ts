import type { Command, ExecResult, ExitVerdict, OperationKind, PackageManager, PackageSpec } from './types.js';
import {
  LIST_COLUMNS,
  SEARCH_COLUMNS,
  UPDATE_COLUMNS,
  parseFlatpakInfo,
  parseFlatpakInstalled,
  parseFlatpakPlan,
  parseFlatpakSearch,
  parseFlatpakUpdates,
} from './flatpak-parse.js';
import { compareSegments } from './version/alpm.js';

/**
 * flatpak apps, addressed as `flatpak://APPID`, `flatpak://APPID//BRANCH` or, to name the remote,
 * `flatpak://REMOTE/APPID[//BRANCH]` (a bare `APPID[//BRANCH]` works too).
 * - Remote: there is NO built-in default. Without one, flatpak itself picks the remote that
 *   carries the app; when several do (Fedora's `fedora` and `flathub`, say) it refuses and the
 *   message asks for the REMOTE/APPID form. `flathub` is only a remote name a host may have.
 * - The branch is not a version: flatpak cannot install an older build by version, so
 *   supportsVersionPin is false and `APPID=VERSION` is refused.
 * - Scope: the system installation (flatpak's default; root). `list` shows user installs too.
 * - Check mode: flatpak has no dry-run. The plan runs the real install/update/uninstall WITHOUT
 *   --noninteractive/-y and with stdin closed, so flatpak prints its transaction table and reads
 *   end-of-file as "no" at its prompt (verified: nothing is pulled or deployed). It may refresh
 *   its cached copy of the remote summary, as `remote-ls` would. Installs are asked one ref at a
 *   time so that a runtime question for one app does not hide the others.
 * - Locks: flatpak waits for the installation's repo lock itself and gives up after 30 s with
 *   `Locking repo shared failed: Resource temporarily unavailable` (verified): lockHeld.
 */

/** A flatpak request: the app id plus where it comes from. */
export interface FlatpakSpec extends PackageSpec {
  remote?: string;
  branch?: string;
}

const QUIET = ['--noninteractive', '-y'];

function validateName(id: string): string | null {
  if (id === '') return 'flatpak application id is empty';
  if (id.length > 255) return 'flatpak application id is longer than 255 characters';
  const parts = id.split('.');
  if (parts.length < 3) return `invalid flatpak application id ${JSON.stringify(id)}: it needs at least 3 dot-separated parts (org.gimp.GIMP)`;
  for (let i = 0; i < parts.length; i++) {
    const dash = i === parts.length - 1 ? '-' : '';
    const re = new RegExp(`^[A-Za-z_${dash}][A-Za-z0-9_${dash}]*$`);
    if (!re.test(parts[i]!)) {
      return `invalid flatpak application id ${JSON.stringify(id)}: parts are letters, digits and _ (not starting with a digit; '-' only in the last part)`;
    }
  }
  return null;
}

const BRANCH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const REMOTE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function validateBranch(branch: string): string | null {
  return BRANCH.test(branch) ? null : `invalid flatpak branch ${JSON.stringify(branch)}`;
}

function validateVersion(version: string): string | null {
  return `flatpak cannot install a version (${JSON.stringify(version)}); name a branch as APPID//BRANCH`;
}

function must(reason: string | null): void {
  if (reason !== null) throw new Error(reason);
}

function parseSpec(raw: string): FlatpakSpec {
  let rest = raw.startsWith('flatpak://') ? raw.slice('flatpak://'.length) : raw;
  if (rest.includes('=')) must(validateVersion(rest.slice(rest.indexOf('=') + 1)));
  let branch: string | undefined;
  const dbl = rest.indexOf('//');
  if (dbl >= 0) {
    branch = rest.slice(dbl + 2);
    rest = rest.slice(0, dbl);
    must(validateBranch(branch));
  }
  let remote: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    remote = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    if (!REMOTE.test(remote)) throw new Error(`invalid flatpak remote name ${JSON.stringify(remote)}`);
  }
  must(validateName(rest));
  return { name: rest, ...(remote ? { remote } : {}), ...(branch ? { branch } : {}) };
}

/** APPID or APPID//BRANCH, validated. */
function ref(spec: FlatpakSpec): string {
  must(validateName(spec.name));
  if (spec.version !== undefined) must(validateVersion(spec.version));
  if (spec.branch === undefined) return spec.name;
  must(validateBranch(spec.branch));
  return `${spec.name}//${spec.branch}`;
}

/** The one remote of a set of specs (flatpak installs from one remote per command). */
function remoteOf(specs: FlatpakSpec[]): string | undefined {
  const remotes = new Set(specs.map((s) => s.remote));
  if (remotes.size > 1) throw new Error('flatpak installs from one remote per command: split the request by remote');
  const [remote] = remotes;
  if (remote !== undefined && !REMOTE.test(remote)) throw new Error(`invalid flatpak remote name ${JSON.stringify(remote)}`);
  return remote;
}

function ids(list: string[]): string[] {
  if (list.length === 0) throw new Error('no flatpak ids given');
  for (const id of list) must(validateName(id));
  return list;
}

// Fixed scripts; refs and remote are positional arguments (validated, quoted by renderCommand).
/** Runs flatpak with stdin closed: every prompt reads end-of-file and answers "no". */
const ANSWER_NO = 'exec flatpak "$@" </dev/null';
/** One plan per ref (see header); $1 is the remote or empty. Exit status is not meaningful. */
const PLAN_INSTALL_EACH = [
  'remote=$1; shift',
  'for ref in "$@"; do',
  '  if [ -n "$remote" ]; then flatpak install "$remote" "$ref" </dev/null; else flatpak install "$ref" </dev/null; fi',
  'done',
  'exit 0',
].join('\n');

const LOCK = /Locking repo \S+ failed|Unable to lock/i;
const NOT_FOUND = /Nothing matches (\S+)|No (?:remote|installed) refs found for \S?([A-Za-z0-9._-]+)|error: (\S+) not installed/;
const ANSWERED_NO = /\[Y\/n\]: n\s*$/m;
// The error flatpak prints after we said "no" to installing a required runtime (check mode only).
const RUNTIME_DECLINED = /^error: The application \S+ requires the runtime \S+ which is not installed$/;

function interpretExit(op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  if (LOCK.test(text)) return { ok: false, lockHeld: true, message: 'the flatpak installation is locked by another process' };
  const nf = NOT_FOUND.exec(text);
  if (nf) return { ok: false, notFound: true, message: `not found: ${nf[1] ?? nf[2] ?? nf[3]}` };
  const errors = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^error:/i.test(l) && !(op === 'simulate' && RUNTIME_DECLINED.test(l)));
  if (/No remote chosen to resolve matches/.test(text)) {
    return { ok: false, message: 'several remotes carry this app: name one as flatpak://REMOTE/APPID' };
  }
  if (errors.length > 0) return { ok: false, message: errors.join('\n') };
  // In check mode the prompt was answered "no": flatpak exits 1, and that is the plan.
  if (op === 'simulate' && (r.code === 0 || ANSWERED_NO.test(r.stdout))) return { ok: true };
  if (r.code === 0) return { ok: true };
  return { ok: false, message: `flatpak exited with ${r.code ?? r.signal}` };
}

export const flatpak: PackageManager = {
  id: 'flatpak',
  displayName: 'Flatpak',
  kind: 'flatpak',
  binaries: ['flatpak'],
  securityUpgrade: 'unsupported',
  supportsVersionPin: false,

  validateName,
  validateVersion,
  parseSpec,

  // Remote summaries are fetched by each command; this refreshes the appstream data (versions, search).
  refresh: (): Command[] => [{ argv: ['flatpak', 'update', '--appstream', '--noninteractive'], root: true }],
  listInstalled: (): Command => ({ argv: ['flatpak', 'list', '--app', `--columns=${LIST_COLUMNS}`], root: false, alike: {} }),
  // Updates of apps AND runtimes (what `flatpak update` does), then everything installed to join.
  listUpgradable: (opts): Command[] => {
    if (opts?.security) throw new Error('flatpak has no security metadata: security-only upgrades are unsupported');
    return [
      { argv: ['flatpak', 'remote-ls', '--updates', `--columns=${UPDATE_COLUMNS}`], root: false },
      { argv: ['flatpak', 'list', `--columns=${LIST_COLUMNS}`], root: false },
    ];
  },
  install: (specs, opts): Command => {
    if (specs.length === 0) throw new Error('no flatpaks to install');
    const refs = specs.map(ref);
    const remote = remoteOf(specs);
    if (opts?.check) return { argv: ['sh', '-c', PLAN_INSTALL_EACH, 'sh', remote ?? '', ...refs], root: true };
    return { argv: ['flatpak', 'install', ...QUIET, ...(remote ? [remote] : []), ...refs], root: true };
  },
  remove: (list, opts): Command => {
    const targets = ids(list);
    if (opts?.check) return { argv: ['sh', '-c', ANSWER_NO, 'sh', 'uninstall', ...targets], root: true };
    return { argv: ['flatpak', 'uninstall', ...QUIET, ...targets], root: true };
  },
  upgrade: (targets, opts): Command => {
    if (opts?.security) throw new Error('flatpak has no security metadata: security-only upgrades are unsupported');
    const refs = targets.map(ref);
    if (opts?.check) return { argv: ['sh', '-c', ANSWER_NO, 'sh', 'update', ...refs], root: true };
    return { argv: ['flatpak', 'update', ...QUIET, ...refs], root: true };
  },
  search: (term): Command => {
    if (term.trim() === '' || term.startsWith('-') || /[\0-\x1f\x7f]/.test(term)) {
      throw new Error(`invalid search term ${JSON.stringify(term)}`);
    }
    return { argv: ['flatpak', 'search', `--columns=${SEARCH_COLUMNS}`, term], root: false };
  },
  info: (name): Command => {
    must(validateName(name));
    return { argv: ['flatpak', 'info', name], root: false };
  },
  // flatpak apps never require a host reboot.
  rebootCheck: () => null,

  parseInstalled: parseFlatpakInstalled,
  parseUpgradable: (results) => parseFlatpakUpdates(results[0]?.stdout ?? '', results[1]?.stdout ?? ''),
  parsePlan: (result, installed) => parseFlatpakPlan(result.stdout, installed),
  parseSearch: parseFlatpakSearch,
  parseInfo: parseFlatpakInfo,
  parseRebootRequired: () => false,

  interpretExit,
  // flatpak itself orders nothing (updates are by commit). AppStream release versions are
  // compared rpmvercmp-style by AppStream tools; that segment rule is the closest we have.
  compareVersions: compareSegments,
};

export { ANSWER_NO as FLATPAK_ANSWER_NO_SCRIPT, PLAN_INSTALL_EACH as FLATPAK_PLAN_INSTALL_SCRIPT };
