// The installed-package list in the same round trip as the facts: a guess, checked afterwards.
//
// Most operations read the installed packages right after detection (list --installed, the
// before-state of install / remove / upgrade, a scan). That is a second exec: a channel, a session
// and a shell on the host, and a network round trip. Instead the facts script ends with a small
// shell follow-up that guesses the native manager the way selection.ts will choose it (os family
// first, then the binaries present), runs that manager's installed-list command, and says which
// one it ran. After selection, the session hands the output over only to a command that renders to
// exactly the same line (HostSession.exec); a wrong guess costs the usual second round trip, never
// a wrong answer.
import type { ExecResult, ManagerId } from '../managers/types.js';
import { getManager } from '../managers/registry.js';
import { isNative, SELECTION } from '../managers/selection.js';
import { quote, renderCommand } from '../remote/quote.js';

export interface Prefetch {
  /** Shell text appended to the facts script (detect.ts factsCommand). */
  script: string;
  /** The rendered command lines the follow-up may run; it prints `@@prefetch INDEX` first. */
  lines: string[];
}

/** Binaries whose presence may make a manager present (an over-approximation: only a guess). */
const BINARIES: Partial<Record<ManagerId, string[]>> = {
  apt: ['apt-get'],
  dnf5: ['dnf5', 'dnf'],
  dnf: ['dnf', 'yum'],
  yum: ['yum'],
  zypper: ['zypper'],
  pacman: ['pacman'],
  apk: ['apk'],
};

/**
 * The installed-list command of a native manager, when it can run in the facts round trip: the
 * line it renders to (what exec() compares) and the words the follow-up runs. The facts script
 * already runs under the rendered LC_ALL=C LANG=C, so a command without env of its own is run
 * directly, with `exec`: no `env` process and no fork, since it is the script's last command.
 */
function listing(id: ManagerId): { line: string; run: string } | null {
  if (!isNative(id)) return null;
  const cmd = getManager(id).listInstalled();
  if (cmd.root || !cmd.localQuery) return null;
  const line = renderCommand(cmd);
  const words = cmd.argv.map(quote).join(' ');
  return { line, run: cmd.env && Object.keys(cmd.env).length ? line : `exec ${words}` };
}

/** " ID ID_LIKE " from os-release, with the quotes around each value taken off (no process started). */
const FAMILY = `for q in '"' "'"; do os_id=\${os_id#$q}; os_id=\${os_id%$q}; os_like=\${os_like#$q}; os_like=\${os_like%$q}; done; fam=" $os_id $os_like "`;

/**
 * The follow-up that lists installed packages with the manager pkgfleet is expected to select:
 * the inventory's `manager:` when set, otherwise selection.ts's rules replayed in shell.
 */
export function installedPrefetch(override?: ManagerId): Prefetch | null {
  const key = override ?? '';
  if (!built.has(key)) built.set(key, buildInstalledPrefetch(override));
  return built.get(key) ?? null;
}

/** Built once per run and manager override: every host of a fleet usually shares one. */
const built = new Map<string, Prefetch | null>();

function buildInstalledPrefetch(override?: ManagerId): Prefetch | null {
  const lines: string[] = [];
  const runs: string[] = [];
  const indexOf = (id: ManagerId): number | null => {
    const l = listing(id);
    if (l === null) return null;
    const at = lines.indexOf(l.line);
    if (at >= 0) return at;
    lines.push(l.line);
    runs.push(l.run);
    return lines.length - 1;
  };
  const body: string[] = [];
  if (override) {
    const i = indexOf(override);
    if (i === null) return null;
    body.push(`g=${i}`);
  } else {
    body.push('g=', FAMILY);
    for (const rule of SELECTION) {
      const families = rule.families?.map((n) => `*" ${n} "*`).join('|') ?? null;
      const picks = rule.prefer
        .map((id) => ({ i: indexOf(id), bins: BINARIES[id] ?? [] }))
        .filter((p): p is { i: number; bins: string[] } => p.i !== null && p.bins.length > 0);
      if (picks.length === 0) continue;
      const choose = picks
        .map((p) => `if [ -z "$g" ]; then case $found in ${p.bins.map((b) => `*" ${b} "*`).join('|')}) g=${p.i};; esac; fi`)
        .join('; ');
      body.push(families ? `if [ -z "$g" ]; then case $fam in ${families}) ${choose};; esac; fi` : `if [ -z "$g" ]; then ${choose}; fi`);
    }
  }
  if (lines.length === 0) return null;
  const cases = runs.map((run, i) => `${i}) ${run};;`).join(' ');
  body.push(`if [ -n "$g" ]; then echo "@@prefetch $g"; case $g in ${cases} esac; fi`);
  return { script: body.join('\n'), lines };
}

/** What the facts round trip printed: the facts text, and the prefetched command's result. */
export interface SplitFacts {
  facts: string;
  prefetched?: { line: string; result: ExecResult };
}

/** Where the follow-up's output starts: detect.ts prints @@end last, then the follow-up its index. */
export const PREFETCH_SPLIT = '\n@@end\n@@prefetch ';

/**
 * Splits the facts command's output at the follow-up's marker. A transport that kept the part
 * after the marker line apart (Command.alike, remote/output-catalog.ts) gives it in `stdoutRest`;
 * otherwise it is cut out of stdout here.
 */
export function splitPrefetch(res: ExecResult, prefetch: Prefetch | null): SplitFacts {
  const { stdoutRest, ...plain } = res;
  const head = res.stdout;
  if (!prefetch) return { facts: head };
  const at = head.indexOf(PREFETCH_SPLIT);
  if (at < 0) return { facts: head };
  const facts = head.slice(0, at + '\n@@end\n'.length);
  const after = head.slice(at + PREFETCH_SPLIT.length);
  const nl = after.indexOf('\n');
  const line = prefetch.lines[Number(nl < 0 ? after : after.slice(0, nl))];
  if (line === undefined || nl < 0) return { facts };
  const listing = stdoutRest ?? after.slice(nl + 1);
  return { facts, prefetched: { line, result: { ...plain, stdout: listing } } };
}
