import type { Command, ManagerId } from './types.js';

/**
 * Facts gathered in ONE round trip: os-release, kernel, uid, which binaries exist, and where
 * `dnf`/`yum` really point (dnf5 provides `dnf` on Fedora >= 41; `yum` is dnf-3 on EL8+).
 * The script is fixed text: no user input is ever interpolated into it.
 *
 * It runs on every host of every run, so it starts no process where the shell can do the work
 * itself (a fork + exec costs the host about a millisecond of CPU; the first version started ~18).
 * Files are read with `read`, the kernel release, uid and hostname come from /proc (with the
 * commands as fallback), binaries are found by walking $PATH like `command -v` does, and where a
 * `dnf` / `yum` link points is told by `test -ef` against dnf5, dnf-3 and dnf beside it (what
 * selection.ts needs to know); only a link to anything else is resolved by `readlink -f`.
 */
export const PROBED_BINARIES = [
  'apt-get', 'dnf5', 'dnf', 'yum', 'zypper', 'pacman', 'apk',
  'flatpak', 'snap', 'docker', 'podman', 'sudo',
] as const;

const FACTS_SCRIPT = [
  'echo "@@os-release"',
  // ID and ID_LIKE are also kept in $os_id / $os_like for a follow-up (see fleet/prefetch.ts)
  'os_id=; os_like=; for f in /etc/os-release /usr/lib/os-release; do if [ -r "$f" ]; then while IFS= read -r l || [ -n "$l" ]; do printf \'%s\\n\' "$l"; case $l in ID=*) os_id=${l#ID=};; ID_LIKE=*) os_like=${l#ID_LIKE=};; esac; done < "$f"; break; fi; done',
  'echo "@@uname"',
  'if [ -r /proc/sys/kernel/osrelease ]; then read -r k < /proc/sys/kernel/osrelease; printf \'%s\\n\' "$k"; else uname -r 2>/dev/null; fi',
  'echo "@@uid"',
  // the effective uid (what `id -u` prints) of this shell: the third field of the Uid: line
  'u=; if [ -r /proc/self/status ]; then while read -r n r e x; do if [ "$n" = Uid: ]; then u=$e; break; fi; done < /proc/self/status; fi',
  'if [ -n "$u" ]; then echo "$u"; else id -u; fi',
  'echo "@@hostname"',
  'if [ -r /proc/sys/kernel/hostname ]; then read -r h < /proc/sys/kernel/hostname; printf \'%s\\n\' "$h"; else hostname 2>/dev/null || cat /etc/hostname 2>/dev/null; fi',
  'echo "@@bins"',
  // the first executable regular file named b in $PATH (empty entries skipped), as command -v finds it
  // $found lists the binaries found, each between spaces (" apt-get sudo "), for a follow-up
  `dnf_path=; yum_path=; found=' '; set -f; IFS=:; for b in ${PROBED_BINARIES.join(' ')}; do for d in $PATH; do`,
  '  if [ -n "$d" ] && [ -f "$d/$b" ] && [ -x "$d/$b" ]; then echo "$b $d/$b"; found="$found$b "; case $b in dnf) dnf_path=$d/$b;; yum) yum_path=$d/$b;; esac; break; fi',
  'done; done; unset IFS; set +f',
  'echo "@@links"',
  // where dnf / yum point: a symbolic link to dnf5 / dnf-3 / dnf (another name) in its own directory
  // is told by test -ef (same file), without a process; any other link is resolved by readlink -f
  'points_to() { [ -n "$2" ] || return 0; t=$2; if [ -L "$2" ]; then t=; for c in dnf5 dnf-3 dnf; do c=${2%/*}/$c; if [ "$c" != "$2" ] && [ -e "$c" ] && [ "$2" -ef "$c" ] 2>/dev/null; then t=$c; break; fi; done; [ -n "$t" ] || t=$(readlink -f "$2"); fi; echo "$1 $t"; }',
  'points_to dnf "$dnf_path"; points_to yum "$yum_path"',
  'echo "@@end"',
].join('\n');

/**
 * The facts script, optionally followed by `followUp`: shell text (built by fleet/prefetch.ts from
 * fixed manager commands, never from user input) that runs right after the `@@end` marker and may
 * read $os_id, $os_like and $found. The script's exit status is then the follow-up's.
 */
export function factsCommand(followUp?: string): Command {
  const script = followUp ? `${FACTS_SCRIPT}\n${followUp}` : FACTS_SCRIPT;
  return { argv: ['/bin/sh', '-c', script], root: false, localQuery: true };
}

export interface HostFacts {
  os: { id: string; idLike: string[]; versionId?: string; prettyName?: string; fields: Record<string, string> };
  kernel?: string;
  uid: number;
  hostname?: string;
  /** binary name -> absolute path, for every probed binary present. */
  binaries: Record<string, string>;
  /**
   * dnf / yum -> the file they are: the path itself when it is not a symbolic link; for a link,
   * dnf5, dnf-3 or dnf in the same directory when it is the same file, else `readlink -f`.
   */
  links: Record<string, string>;
}

function unquoteOsValue(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.endsWith(t[0]!)) {
    return t.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
  }
  return t;
}

export function parseOsRelease(text: string): HostFacts['os'] {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]!] = unquoteOsValue(m[2]!);
  }
  return {
    id: (fields.ID ?? 'unknown').toLowerCase(),
    idLike: (fields.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    versionId: fields.VERSION_ID,
    prettyName: fields.PRETTY_NAME,
    fields,
  };
}

export function parseFacts(stdout: string): HostFacts {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split('\n')) {
    const m = /^@@([a-z-]+)$/.exec(line);
    if (m) {
      current = [];
      sections.set(m[1]!, current);
      continue;
    }
    current?.push(line);
  }
  if (!sections.has('end')) throw new Error('fact gathering output is incomplete (no @@end marker)');
  const pairs = (name: string) => {
    const out: Record<string, string> = {};
    for (const l of sections.get(name) ?? []) {
      const i = l.indexOf(' ');
      if (i > 0) out[l.slice(0, i)] = l.slice(i + 1).trim();
    }
    return out;
  };
  const first = (name: string) => (sections.get(name) ?? []).find((l) => l.trim() !== '')?.trim();
  const uid = Number(first('uid'));
  return {
    os: parseOsRelease((sections.get('os-release') ?? []).join('\n')),
    kernel: first('uname'),
    uid: Number.isFinite(uid) ? uid : -1,
    hostname: first('hostname'),
    binaries: pairs('bins'),
    links: pairs('links'),
  };
}
