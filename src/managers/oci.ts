import type { Command, ExecResult, ExitVerdict, ManagerId, OperationKind, PackageManager, PackageSpec } from './types.js';
import { formatImageRef, isValidTagOrDigest, parseImageRef } from './oci-ref.js';
import { parseImageInspect, parseImageList, parseImagePlan, parseImageSearch, parseImageUpdates } from './oci-parse.js';
import { compareSegments } from './version/alpm.js';

/**
 * Container images as packages, for docker and podman (one factory, two engines).
 * - A package is an image reference, `docker://nginx:latest`, normalised to
 *   `docker.io/library/nginx:latest` (oci-ref.ts); a digest pins it (`nginx@sha256:…`, the digest
 *   wins over a tag). The pin lives in the name, so supportsVersionPin is false.
 * - install = pull; remove = image rm; upgrade = pull again (containers using the old image are
 *   NOT recreated: that is the container runtime's business).
 * - Updates: an image is out of date when the registry's digest for its reference (asked with
 *   `skopeo inspect` on the managed host, when skopeo is there) is not among its local
 *   RepoDigests. Without skopeo, for images built locally, or when the registry cannot be
 *   reached, nothing is reported: that cannot be known.
 * - Check mode: pulls have no dry-run; the plan is the same status script (absent = install,
 *   digest differs = upgrade; remove = the references present).
 * - Privileges: docker talks to its daemon's socket, which needs root (or the docker group):
 *   changes are root; listing is not, and fails with a clear message without socket access.
 *   podman is daemonless and per user: every command runs as the login user, so it manages that
 *   user's image store (root's when logging in as root).
 */

// Scripts are fixed text; the engine name and image references are positional arguments
// (references validated, everything quoted by renderCommand).
const LIST_REFS = [
  'if [ "$#" -eq 0 ]; then',
  `  refs=$("$engine" image ls --format '{{.Repository}}:{{.Tag}}') || exit $?`,
  `  set -- $(printf '%s\\n' "$refs" | grep -v '<none>')`,
  'fi',
];

/** `@@mode MODE skopeo=0|1`, then per reference: REF, local RepoDigests (or absent/none), remote digest (or -). */
export const STATUS_SCRIPT = [
  'engine=$1; mode=$2; shift 2',
  ...LIST_REFS,
  'sk=0',
  'if [ "$mode" = status ] && command -v skopeo >/dev/null 2>&1; then sk=1; fi',
  'echo "@@mode $mode skopeo=$sk"',
  'for ref; do',
  `  if here=$("$engine" image inspect --format '{{join .RepoDigests " "}}' "$ref" 2>/dev/null); then`,
  '    [ -n "$here" ] || here=none',
  '  else',
  '    here=absent',
  '  fi',
  '  there=-',
  `  if [ "$sk" = 1 ]; then there=$(skopeo inspect --format '{{.Digest}}' "docker://$ref" 2>/dev/null) || there=-; fi`,
  `  printf '%s\\t%s\\t%s\\n' "$ref" "$here" "$there"`,
  'done',
].join('\n');

/** Pulls each reference (every local tagged image when none is given); exits non-zero if one failed. */
export const PULL_SCRIPT = [
  'engine=$1; shift',
  ...LIST_REFS,
  'rc=0',
  'for ref; do "$engine" pull "$ref" || rc=$?; done',
  'exit $rc',
].join('\n');

function validateName(name: string): string | null {
  try {
    parseImageRef(name);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function validateVersion(v: string): string | null {
  return isValidTagOrDigest(v) ? null : `invalid image tag or digest ${JSON.stringify(v)}`;
}

function parseSpec(raw: string): PackageSpec {
  const ref = raw.startsWith('docker://') ? raw.slice('docker://'.length) : raw;
  return { name: formatImageRef(parseImageRef(ref)) };
}

/** The validated, normalised reference of a spec (a version, if given, is a tag or digest). */
function refOf(spec: PackageSpec): string {
  const r = parseImageRef(spec.name);
  if (spec.version === undefined) return formatImageRef(r);
  const why = validateVersion(spec.version);
  if (why) throw new Error(why);
  const repo = `${r.domain}/${r.path}`;
  return spec.version.includes(':') ? `${repo}@${spec.version}` : `${repo}:${spec.version}`;
}

const refsOf = (names: string[]) => names.map((n) => formatImageRef(parseImageRef(n)));

const DAEMON_DOWN = /Cannot connect to the Docker daemon[^\n]*/;
const NO_SOCKET_ACCESS = /permission denied while trying to connect to the Docker daemon socket[^\n]*/;
const NOT_FOUND =
  /manifest unknown|repository does not exist|No such image: ?(\S+)|image not known|pull access denied for (\S+?),|reference does not exist|name unknown/;

function interpretExit(_op: OperationKind, r: ExecResult): ExitVerdict {
  const text = `${r.stdout}\n${r.stderr}`;
  const down = DAEMON_DOWN.exec(text);
  if (down) return { ok: false, message: `the docker daemon is not reachable: ${down[0]}` };
  if (NO_SOCKET_ACCESS.test(text)) {
    return { ok: false, message: 'no access to the docker socket: run as root (become) or join the docker group' };
  }
  if (r.code === 0) return { ok: true };
  if (NOT_FOUND.test(text)) {
    const what = /(?:Error(?: response from daemon)?:\s*)?([^\n]*(?:manifest unknown|does not exist|No such image|image not known|pull access denied|name unknown)[^\n]*)/.exec(text);
    return { ok: false, notFound: true, message: what?.[1]?.trim() ?? 'image not found' };
  }
  const errors = text.split('\n').filter((l) => /^(Error|error)/.test(l.trim()));
  return { ok: false, message: errors.join('\n') || `exited with ${r.code ?? r.signal}` };
}

function makeEngine(id: Extract<ManagerId, 'docker' | 'podman'>, displayName: string): PackageManager {
  const changeRoot = id === 'docker';
  const status = (mode: 'status' | 'remove', refs: string[]): Command => ({
    argv: ['sh', '-c', STATUS_SCRIPT, 'sh', id, mode, ...refs],
    root: false,
  });
  const pull = (refs: string[]): Command =>
    refs.length === 1
      ? { argv: [id, 'pull', refs[0]!], root: changeRoot }
      : { argv: ['sh', '-c', PULL_SCRIPT, 'sh', id, ...refs], root: changeRoot };
  const noSecurity = (opts?: { security?: boolean }) => {
    if (opts?.security) throw new Error(`${displayName} images carry no security metadata: security-only upgrades are unsupported`);
  };

  return {
    id,
    displayName,
    kind: 'image',
    binaries: [id],
    securityUpgrade: 'unsupported',
    supportsVersionPin: false,

    validateName,
    validateVersion,
    parseSpec,

    // Registries are asked on every pull; there is no local index.
    refresh: () => [],
    listInstalled: () =>
      id === 'docker'
        ? { argv: ['docker', 'image', 'ls', '--digests', '--format', '{{json .}}'], root: false }
        : { argv: ['podman', 'image', 'ls', '--format', 'json'], root: false },
    listUpgradable: (opts) => {
      noSecurity(opts);
      return [status('status', [])];
    },
    install: (specs, opts) => {
      if (specs.length === 0) throw new Error('no images to pull');
      const refs = specs.map(refOf);
      return opts?.check ? status('status', refs) : pull(refs);
    },
    remove: (names, opts) => {
      if (names.length === 0) throw new Error('no images to remove');
      const refs = refsOf(names);
      return opts?.check ? status('remove', refs) : { argv: [id, 'image', 'rm', ...refs], root: changeRoot };
    },
    upgrade: (targets, opts) => {
      noSecurity(opts);
      const refs = targets.map(refOf);
      if (opts?.check) return status('status', refs);
      return refs.length === 0 ? { argv: ['sh', '-c', PULL_SCRIPT, 'sh', id], root: changeRoot } : pull(refs);
    },
    search: (term) => {
      if (!/^[a-z0-9][a-z0-9._/:-]*$/.test(term)) throw new Error(`invalid search term ${JSON.stringify(term)}`);
      return id === 'docker'
        ? { argv: ['docker', 'search', '--format', '{{json .}}', term], root: false }
        : { argv: ['podman', 'search', '--format', 'json', term], root: false };
    },
    info: (name) => ({ argv: [id, 'image', 'inspect', formatImageRef(parseImageRef(name))], root: false }),
    // Images never need a host reboot.
    rebootCheck: () => null,

    parseInstalled: parseImageList,
    parseUpgradable: (results) => parseImageUpdates(results[0]?.stdout ?? ''),
    parsePlan: (result) => parseImagePlan(result.stdout, id),
    parseSearch: parseImageSearch,
    parseInfo: parseImageInspect,
    parseRebootRequired: () => false,

    interpretExit,
    // Tags have no fixed scheme; the rpmvercmp-style segment rule orders them for display only.
    compareVersions: compareSegments,
  };
}

export const docker = makeEngine('docker', 'Docker');
export const podman = makeEngine('podman', 'Podman');
