# shellcheck shell=bash
# Shared settings and helpers for the lab scripts. Sourced, never run.
# Paths are absolute and derived from the repository root, so every script works from any cwd.

set -euo pipefail

LAB_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$LAB_SCRIPTS/../.." && pwd)"

# Build cache (keyed by recipe hash) and runtime state; both are gitignored.
CACHE_DIR="$REPO_ROOT/.cache/lab"
STATE_DIR="$REPO_ROOT/.lab"
RUN_DIR="$STATE_DIR/run"          # a tmpfs while the lab is up: overlay upper dirs live here
LOG_DIR="$STATE_DIR/logs"
HOSTS_DIR="$STATE_DIR/hosts"      # per host: env file, mount point, pid files
KEY_FILE="$STATE_DIR/keys/id_ed25519"
KNOWN_HOSTS="$STATE_DIR/known_hosts"

# Network: one bridge, one /24, one netns per host, no default route anywhere.
BRIDGE=labbr0
SUBNET_PREFIX=10.231.0
BRIDGE_ADDR="$SUBNET_PREFIX.1"
NETNS_PREFIX=pkgfleet-lab-
VETH_PREFIX=pfl-

# Host kinds, in address order: kind K (1-based position) of index I gets .(10*I + K).
KINDS=(apt dnf zypper pacman)
MAX_PER_KIND=20

USERS_LIST=(root alice bob)
BOB_PASSWORD=bobpass

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

require_root() {
  [[ $(id -u) -eq 0 ]] || die "the lab needs root (network namespaces, mounts, chroot). Run as root, e.g. sudo npm run lab -- $*"
}

kind_position() {  # kind -> 1..4
  local i
  for i in "${!KINDS[@]}"; do [[ ${KINDS[$i]} == "$1" ]] && { echo $((i + 1)); return; }; done
  die "unknown host kind: $1"
}

host_address() {  # kind index -> address
  echo "$SUBNET_PREFIX.$((10 * $2 + $(kind_position "$1")))"
}

netns_name() { echo "$NETNS_PREFIX$1"; }
veth_name() { echo "$VETH_PREFIX$1"; }

# Hosts of the running lab, one name per line, in address order (from the per-host env files).
lab_hosts() {
  local env
  for env in "$HOSTS_DIR"/*/env; do
    [[ -f $env ]] || continue
    printf '%s %s\n' "$(sed -n 's/^ADDRESS=.*\.//p' "$env")" "$(basename "$(dirname "$env")")"
  done | sort -n | awk '{ print $2 }'
}

# Load a host's recorded settings (KIND, ADDRESS, NETNS, VETH, ROOT_MNT, REPO_DIR) into the caller.
load_host() {
  local env="$HOSTS_DIR/$1/env"
  [[ -f $env ]] || die "no such lab host: $1 (known: $(lab_hosts | tr '\n' ' '))"
  # shellcheck disable=SC1090
  source "$env"
}

# PID of a live process whose comm is exactly $2, or nothing. Zombies count as gone.
live_pid_with_comm() {
  local pid=$1 comm=$2 state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/comm && $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] || return 1
  state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
  [[ $state != Z && -n $state ]] || return 1
  echo "$pid"
}

# The host's sshd: the single child of its recorded unshare process, checked by comm.
host_sshd_pid() {
  local name=$1 upid child
  upid=$(cat "$HOSTS_DIR/$name/unshare.pid" 2>/dev/null) || return 1
  live_pid_with_comm "$upid" unshare >/dev/null || return 1
  child=$(tr -d ' \n' < "/proc/$upid/task/$upid/children" 2>/dev/null) || return 1
  live_pid_with_comm "$child" sshd
}

ssh_base_opts() {
  printf '%s\n' -i "$KEY_FILE" -o IdentitiesOnly=yes -o UserKnownHostsFile="$KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes \
    -o ConnectTimeout=5 -o LogLevel=ERROR
}

now() { date +%s.%N; }
elapsed_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# Take the lab lock on fd 9 unless a parent command already holds it.
take_lab_lock() {
  [[ ${LAB_LOCK_HELD:-} == 1 ]] && return 0
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock 9
}
