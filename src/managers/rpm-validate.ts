// Input grammar shared by the rpm family (dnf, dnf5, yum, zypper): package names, EVR versions,
// `name=version` specs and search terms. Anything that fails here never reaches a command line.
import type { PackageSpec } from './types.js';

/**
 * rpm package names: letters, digits and `._+-` (Fedora/openSUSE naming rules; rpm forbids
 * whitespace and most punctuation in Name). A letter, digit or `_` first, so a name can never be
 * read as an option. Covers `g++`, `libstdc++6`, `python3.11`, `NetworkManager`, `389-ds-base`.
 */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
const MAX_NAME = 256;

export function validateRpmName(name: string): string | null {
  if (name === '') return 'package name is empty';
  if (name.length > MAX_NAME) return `package name is longer than ${MAX_NAME} characters`;
  if (/\s/.test(name)) return `package name ${JSON.stringify(name)} contains whitespace`;
  if (name.startsWith('-')) return `package name ${JSON.stringify(name)} starts with '-' (would be read as an option)`;
  if (!NAME.test(name)) {
    return `invalid package name ${JSON.stringify(name)}: rpm names use letters, digits and "._+-", starting with a letter or digit`;
  }
  return null;
}

/** EVR characters rpm accepts in Version and Release (`~` pre-release, `^` post-release). */
const EVR_PART = /^[A-Za-z0-9][A-Za-z0-9._+~^]*$/;

export interface VersionRules {
  /** A single trailing `*` (dnf/yum NEVRA globs) is accepted. zypper has no version globs. */
  glob: boolean;
}

/** `[epoch:]version[-release]`, optionally ending in `*` where the manager supports globs. */
export function validateRpmVersion(version: string, rules: VersionRules): string | null {
  const show = JSON.stringify(version);
  if (version === '') return 'version is empty';
  if (/\s/.test(version)) return `version ${show} contains whitespace`;
  let body = version;
  if (version.endsWith('*')) {
    if (!rules.glob) return `version ${show}: this manager cannot pin a version glob, give an exact version`;
    body = version.slice(0, -1);
    if (body === '') return `version ${show} has nothing before '*'`;
  }
  if (body.includes('*')) return `version ${show}: only one trailing '*' is allowed`;
  const epoch = /^(\d+):/.exec(body);
  if (!epoch && body.includes(':')) return `version ${show}: the epoch before ':' must be a number`;
  const rest = epoch ? body.slice(epoch[0].length) : body;
  if (rest === '') return `version ${show} has nothing after the epoch`;
  const dash = rest.indexOf('-');
  const ver = dash < 0 ? rest : rest.slice(0, dash);
  const rel = dash < 0 ? null : rest.slice(dash + 1);
  if (!EVR_PART.test(ver)) return `version ${show}: expected letters, digits and "._+~^", starting with a letter or digit`;
  if (rel !== null) {
    // A glob may stop right after the '-' (`1.2-*`); otherwise the release must be there.
    if (rel === '' && body !== version) return null;
    if (rel === '') return `version ${show} ends with '-' (empty release)`;
    if (!EVR_PART.test(rel)) return `release of ${show}: expected letters, digits and "._+~^" and a single '-'`;
  }
  return null;
}

/** The user's `name[=version]`; throws with the reason when either half is invalid. */
export function parseRpmSpec(raw: string, rules: VersionRules): PackageSpec {
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq);
  const nameError = validateRpmName(name);
  if (nameError) throw new Error(nameError);
  if (eq < 0) return { name };
  const version = raw.slice(eq + 1);
  const versionError = validateRpmVersion(version, rules);
  if (versionError) throw new Error(`${name}: ${versionError}`);
  return { name, version };
}

/** Re-checks a spec built elsewhere (the runner may construct specs without parseSpec). */
export function assertRpmSpec(spec: PackageSpec, rules: VersionRules): void {
  const nameError = validateRpmName(spec.name);
  if (nameError) throw new Error(nameError);
  if (spec.version !== undefined) {
    const versionError = validateRpmVersion(spec.version, rules);
    if (versionError) throw new Error(`${spec.name}: ${versionError}`);
  }
}

/** Search terms are package-name fragments: the name grammar, nothing else. */
export function assertSearchTerm(term: string): string {
  const err = validateRpmName(term);
  if (err) throw new Error(`search term: ${err}`);
  return term;
}
