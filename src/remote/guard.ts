import type { Command, ExecResult } from '../managers/types.js';

/**
 * The guard around every command that runs over SSH (docs/security.md, "Timeouts, cancellation,
 * dead peers"). Closing an SSH channel does not end the command; sshd carries out signal
 * requests only for non-root logins, and then sudo passes them to the one process it started.
 * So the guard owns the command's whole process tree on the host:
 *
 *   [sudo …] sh -c GUARD_SCRIPT pkgfleet-guard run GRACE DEADLINE env LC_ALL=C … argv…
 *   [sudo …] env LC_ALL=C sh -c GUARD_SCRIPT pkgfleet-guard kill PGID GRACE      (killGroupCommand)
 *
 * run: the command starts in a process group (and session) of its own: `setsid` (util-linux or
 *   busybox) as a background job of the guard shell, so it is never a group leader and never
 *   forks, and the PGID is the pid the shell knows. The group's first words on stderr are
 *   `@pkgfleet-pgid N`, before the command starts. With DEADLINE > 0 (whole seconds), a watcher
 *   outside the group ends the tree at the deadline (below), so the host stops the command even
 *   when pkgfleet or its connection is gone. The guard exits with the command's status; a death
 *   by signal is passed on (the shell kills itself with it), so sshd still reports exit-signal.
 *   The watcher counts in /proc/uptime's hundredths, so the deadline falls between DEADLINE and
 *   DEADLINE + 1 s (it polls once a second, and leaves within a second of the command's end).
 *   When it fires, it tells the guard shell (USR1), which then ends stderr with
 *   `@pkgfleet-deadline`: the command was stopped, whatever status it managed to exit with.
 * kill: ends the tree of group PGID now and prints `gone` (nothing was running), `stopped` (it
 *   ended after TERM) or `killed` (something was left after GRACE s and got KILL).
 *
 * "The tree" is the group plus every descendant of its members, found in /proc, also those in
 * sessions of their own: apt-get runs dpkg on a pty of its own, in a new session, so the group
 * alone would miss dpkg. Everything found is frozen first (STOP), so no parent can die and
 * orphan its children while the tree is being walked; then all get TERM and CONT; after the
 * grace period the tree is walked again and what is left gets KILL. Processes that detached
 * themselves on purpose (a daemon a maintainer script started) are no longer descendants and
 * are left alone. Zombies are skipped. Without /proc only the group is signalled.
 * Inside sudo all of this runs as root. The script is fixed text; everything variable arrives
 * as positional arguments.
 */
export const GUARD_SCRIPT = [
  'ifs=$IFS',
  'live() {',
  '  if [ -r /proc/self/stat ]; then',
  '    read -r l 2>/dev/null < "/proc/$1/stat" || return 1',
  '    set -- ${l##*) }',
  '    [ "$1" != Z ]',
  '  else',
  '    kill -0 "$1" 2>/dev/null',
  '  fi',
  '}',
  'collect() {',
  '  all=',
  "  nl=$(printf '\\n.'); nl=${nl%.}",
  '  kill -STOP "-$p" 2>/dev/null',
  '  if [ ! -r /proc/self/stat ]; then all=$p; return 0; fi',
  '  while :; do',
  '    snap=$(cat /proc/[0-9]*/stat 2>/dev/null)',
  '    found=',
  '    grow=1',
  '    while [ -n "$grow" ]; do',
  '      grow=',
  '      set -f',
  '      IFS=$nl',
  '      for l in $snap; do',
  '        IFS=\' \'',
  '        q=${l%% *}',
  '        set -- ${l##*) }',
  '        case " $all " in *" $q "*) continue ;; esac',
  '        if [ "$1" = Z ] || [ "$q" = "$$" ]; then continue; fi',
  '        case " $all " in *" $2 "*) ;; *) [ "$q" = "$p" ] || [ "$3" = "$p" ] || continue ;; esac',
  '        all="$all $q"',
  '        found="$found $q"',
  '        grow=1',
  '      done',
  '      IFS=$ifs',
  '      set +f',
  '    done',
  '    [ -n "$found" ] || return 0',
  '    for q in $found; do kill -STOP "$q" 2>/dev/null; done',
  '  done',
  '}',
  'term() {',
  '  collect',
  '  [ -n "$all" ] || { echo gone; return 0; }',
  '  for q in $all; do kill -TERM "$q" 2>/dev/null; done',
  '  for q in $all; do kill -CONT "$q" 2>/dev/null; done',
  '  n=$((g * 5))',
  '  while :; do',
  '    left=',
  '    for q in $all; do live "$q" && left="$left $q"; done',
  '    [ -n "$left" ] || { echo stopped; return 0; }',
  '    if [ "$n" -le 0 ]; then',
  '      collect',
  '      for q in $all; do kill -KILL "$q" 2>/dev/null; done',
  '      echo killed',
  '      return 0',
  '    fi',
  '    sleep 0.2 2>/dev/null || sleep 1',
  '    n=$((n - 1))',
  '  done',
  '}',
  'if [ "$1" = kill ]; then',
  '  p=$2 g=$3',
  '  [ "$p" -gt 1 ] 2>/dev/null || exit 2',
  '  term',
  '  exit 0',
  'fi',
  'g=$2 t=$3',
  'shift 3',
  'd=',
  "trap 'd=1' USR1",
  'set -- sh -c \'echo "@pkgfleet-pgid $$" >&2; exec "$@"\' pkgfleet-group "$@"',
  'if command -v setsid >/dev/null 2>&1; then set -- setsid "$@"; fi',
  'exec 3<&0',
  '"$@" <&3 3<&- &',
  'p=$!',
  'if [ "$t" != 0 ]; then',
  '  (',
  '    e=',
  '    if read -r u _ 2>/dev/null < /proc/uptime; then e=$((${u%.*}${u#*.} + t * 100)); fi',
  '    i=0',
  '    while live "$p"; do',
  '      sleep 1',
  '      i=$((i + 1))',
  '      if [ -n "$e" ]; then',
  '        read -r u _ < /proc/uptime',
  '        [ "${u%.*}${u#*.}" -lt "$e" ] || break',
  '      else',
  '        [ "$i" -lt "$t" ] || break',
  '      fi',
  '    done',
  '    if live "$p"; then kill -USR1 $$; term; fi',
  '  ) < /dev/null > /dev/null 2>&1 &',
  'fi',
  'wait "$p"',
  's=$?',
  'if [ -n "$d" ]; then',
  '  wait "$p"',
  '  r=$?',
  '  if [ "$r" != 127 ]; then s=$r; fi',
  '  echo @pkgfleet-deadline >&2',
  'fi',
  'if [ "$s" -gt 128 ] && [ "$s" -lt 160 ]; then kill -$((s - 128)) $$ 2>/dev/null; fi',
  'exit "$s"',
].join('\n');

/** Seconds between TERM and KILL, at the host's deadline and in killGroupCommand. */
export const KILL_GRACE_S = 10;

/** The guard's words between sudo and `env`: see GUARD_SCRIPT. */
export interface GuardOptions {
  /** Remote deadline in whole seconds; 0 = none (the command can still be stopped with kill). */
  deadlineS: number;
  /** Seconds from TERM to KILL at the deadline. */
  killAfterS: number;
}

function wholeSeconds(name: string, v: number): string {
  if (!Number.isInteger(v) || v < 0) throw new Error(`guard ${name} must be a whole number of seconds, got ${v}`);
  return String(v);
}

export function guardWords(g: GuardOptions): string[] {
  return ['sh', '-c', GUARD_SCRIPT, 'pkgfleet-guard', 'run', wholeSeconds('killAfterS', g.killAfterS), wholeSeconds('deadlineS', g.deadlineS)];
}

/** Ends the tree of group `pgid` now; run it as the same user as the command (same sudo). */
export function killGroupCommand(pgid: number, root: boolean, graceS: number = KILL_GRACE_S): Command {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) throw new Error(`refusing to signal process group ${pgid}`);
  return { argv: ['sh', '-c', GUARD_SCRIPT, 'pkgfleet-guard', 'kill', String(pgid), wholeSeconds('graceS', graceS)], root };
}

/**
 * The remote deadline for a local timeout: a little shorter (10 %, at least 1 s, at most 5 s),
 * so the host ends the command itself and the local timer is only the backstop. Whole seconds,
 * at least 1. No local timeout: none on the host either.
 */
export function remoteDeadlineS(localTimeoutMs: number | undefined): number {
  if (localTimeoutMs === undefined || !(localTimeoutMs > 0)) return 0;
  const margin = Math.min(5000, Math.max(1000, localTimeoutMs / 10));
  return Math.max(1, Math.floor((localTimeoutMs - margin) / 1000));
}

const MARKER = /@pkgfleet-pgid (\d+)\n/;

/** The process group the guard reported, once its line has arrived (never 0 or 1). */
export function readGuardPgid(stderr: string): number | undefined {
  const m = MARKER.exec(stderr);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 1 ? n : undefined;
}

/** stderr without the guard's own lines: the first PGID line, the last deadline line. */
export function stripGuardMarker(stderr: string): string {
  const out = stderr.replace(MARKER, '');
  const at = out.lastIndexOf('@pkgfleet-deadline\n');
  return at < 0 ? out : out.slice(0, at) + out.slice(at + '@pkgfleet-deadline\n'.length);
}

/** The guard's last line on stderr when the host's deadline stopped the command. */
const DEADLINE = /@pkgfleet-deadline\n/;

/** Did the host's own deadline stop the command? */
export function stoppedByRemoteDeadline(stderr: string): boolean {
  return DEADLINE.test(stderr);
}
