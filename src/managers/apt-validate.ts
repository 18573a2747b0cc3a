// Input grammar for apt/dpkg: package names, versions, `name=version` specs and search terms.
import type { PackageSpec } from './types.js';

/**
 * dpkg's own name check (pkg_name_is_illegal): an alphanumeric first character, then letters,
 * digits and `-+._`. Debian policy is stricter (lowercase, no `_`), but dpkg installs such
 * packages, so apt can be asked for them. apt adds an optional `:arch` qualifier (`libc6:i386`).
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;
const ARCH = /^[a-z0-9][a-z0-9-]*$/;
const MAX_NAME = 256;

export function validateAptName(name: string): string | null {
  if (name === '') return 'package name is empty';
  if (name.length > MAX_NAME) return `package name is longer than ${MAX_NAME} characters`;
  if (/\s/.test(name)) return `package name ${JSON.stringify(name)} contains whitespace`;
  if (name.startsWith('-')) return `package name ${JSON.stringify(name)} starts with '-' (would be read as an option)`;
  const colon = name.indexOf(':');
  const base = colon < 0 ? name : name.slice(0, colon);
  const arch = colon < 0 ? null : name.slice(colon + 1);
  if (!NAME.test(base)) {
    return `invalid package name ${JSON.stringify(name)}: dpkg allows letters, digits and "-+._", starting with a letter or digit`;
  }
  if (arch !== null && !ARCH.test(arch)) {
    return `invalid architecture qualifier in ${JSON.stringify(name)}: expected name:arch such as libc6:i386`;
  }
  return null;
}

const EPOCH = /^(\d+):/;
const UPSTREAM_CHARS = /^[A-Za-z0-9.+~:-]+$/;
const REVISION_CHARS = /^[A-Za-z0-9.+~]+$/;

/** dpkg's parseversion rules; a single trailing `*` (an apt version glob) is also accepted. */
export function validateAptVersion(version: string): string | null {
  if (version === '') return 'version is empty';
  if (/\s/.test(version)) return `version ${JSON.stringify(version)} contains whitespace`;
  const glob = version.endsWith('*');
  const body = glob ? version.slice(0, -1) : version;
  if (body.includes('*')) return `version ${JSON.stringify(version)}: only one trailing '*' is allowed`;
  if (body === '') return `version ${JSON.stringify(version)} has nothing before '*'`;
  const epoch = EPOCH.exec(body);
  if (!epoch && body.includes(':')) return `version ${JSON.stringify(version)}: the epoch before ':' must be a number`;
  const rest = epoch ? body.slice(epoch[0].length) : body;
  if (rest === '') return `version ${JSON.stringify(version)} has nothing after the epoch`;
  if (!/^[0-9]/.test(rest)) return `version ${JSON.stringify(version)} must start with a digit (after any epoch)`;
  if (glob) {
    // A prefix may stop anywhere, even right after the '-' of the revision.
    if (!UPSTREAM_CHARS.test(rest)) return `version ${JSON.stringify(version)} has characters outside [A-Za-z0-9.+~:-]`;
    return null;
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash < 0 ? rest : rest.slice(0, dash);
  const revision = dash < 0 ? null : rest.slice(dash + 1);
  if (!UPSTREAM_CHARS.test(upstream)) return `version ${JSON.stringify(version)} has characters outside [A-Za-z0-9.+~:-]`;
  if (revision !== null) {
    if (revision === '') return `version ${JSON.stringify(version)} ends with '-' (empty revision)`;
    if (!REVISION_CHARS.test(revision)) return `revision of ${JSON.stringify(version)} has characters outside [A-Za-z0-9.+~]`;
  }
  return null;
}

/** `name`, `name=version`, `name:arch=version`, `name=1.24*` → PackageSpec; throws on anything else. */
export function parseAptSpec(raw: string): PackageSpec {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  const nameError = validateAptName(name);
  if (nameError) throw new Error(`apt: ${nameError}`);
  if (eq < 0) return { name };
  const version = raw.slice(eq + 1);
  const versionError = validateAptVersion(version);
  if (versionError) throw new Error(`apt: ${versionError} (in ${JSON.stringify(raw)})`);
  return { name, version };
}

/** Throws unless the name (and version, when set) is valid; used by every command builder. */
export function assertAptSpec(spec: PackageSpec): void {
  const nameError = validateAptName(spec.name);
  if (nameError) throw new Error(`apt: ${nameError}`);
  if (spec.version !== undefined) {
    const versionError = validateAptVersion(spec.version);
    if (versionError) throw new Error(`apt: ${versionError}`);
  }
}

/**
 * A search term for `apt-cache search --names-only`, which reads it as a POSIX extended regex.
 * Terms are limited to package-name characters, and `.` and `+` are escaped so they match
 * literally (`libstdc++` → `libstdc\+\+`).
 */
export function aptSearchPattern(term: string): string {
  if (term === '') throw new Error('apt: search term is empty');
  if (!/^[A-Za-z0-9][A-Za-z0-9+._-]*$/.test(term)) {
    throw new Error(
      `apt: invalid search term ${JSON.stringify(term)}: use letters, digits and "-+._", starting with a letter or digit`,
    );
  }
  return term.replace(/[.+]/g, (c) => `\\${c}`);
}
