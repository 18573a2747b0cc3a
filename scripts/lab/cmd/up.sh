#!/bin/bash
# lab up [--per-kind N]: build or reuse the images, then start every host with a clean state.
# If the lab is already up it is taken down first.
source "$(dirname "$0")/../lib/common.sh"
source "$LAB_SCRIPTS/lib/deps.sh"
source "$LAB_SCRIPTS/lib/cache.sh"
source "$LAB_SCRIPTS/lib/state.sh"

per_kind=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --per-kind) per_kind=${2:-}; shift 2 ;;
    --per-kind=*) per_kind=${1#*=}; shift ;;
    *) die "up: unknown argument $1 (usage: up [--per-kind N])" ;;
  esac
done
[[ $per_kind =~ ^[0-9]+$ && $per_kind -ge 1 && $per_kind -le $MAX_PER_KIND ]] \
  || die "--per-kind must be 1..$MAX_PER_KIND"

require_root up
t0=$(now)
mkdir -p "$STATE_DIR" "$LOG_DIR"
take_lab_lock
ensure_host_tools

if [[ -d $HOSTS_DIR ]] || ip netns list | grep "^$NETNS_PREFIX" >/dev/null || ip link show "$BRIDGE" >/dev/null 2>&1; then
  log "lab is up (or left over): taking it down first"
  LAB_LOCK_HELD=1 "$LAB_SCRIPTS/cmd/down.sh"
fi

clash=$(ip -o -4 addr show | grep " $SUBNET_PREFIX\." || true)
[[ -z $clash ]] || die "another interface already has an address in $SUBNET_PREFIX.0/24: $clash"

ensure_images
[[ $ROOTFS_DIR != *[:,]* ]] || die "the cache path must not contain ':' or ',' (overlay option syntax): $ROOTFS_DIR"

# Client key (kept across runs) and the repositories (a fresh copy per run).
if [[ ! -f $KEY_FILE ]]; then
  mkdir -p "$(dirname "$KEY_FILE")"
  ssh-keygen -q -t ed25519 -N '' -C pkgfleet-lab-client -f "$KEY_FILE"
fi
rm -rf "$STATE_DIR/repos"
mkdir -p "$STATE_DIR/repos"
cp -a "$IMAGE_DIR/repos/apt" "$IMAGE_DIR/repos/rpm" "$IMAGE_DIR/repos/pacman" "$STATE_DIR/repos/"

# Writable host state lives on one tmpfs: clean at every up, kept across an sshd restart.
mkdir -p "$RUN_DIR"
mountpoint -q "$RUN_DIR" || mount -t tmpfs -o mode=700,size=2g pkgfleet-lab "$RUN_DIR"

names=()
for index in $(seq 1 "$per_kind"); do
  for kind in "${KINDS[@]}"; do
    name="$kind$index"
    names+=("$name")
    case $kind in apt) repo=apt ;; dnf | zypper) repo=rpm ;; pacman) repo=pacman ;; esac
    mkdir -p "$HOSTS_DIR/$name/root"
    : > "$LOG_DIR/$name.log"
    cat > "$HOSTS_DIR/$name/env" <<ENV
KIND=$kind
ADDRESS=$(host_address "$kind" "$index")
NETNS=$(netns_name "$name")
VETH=$(veth_name "$name")
ROOT_MNT=$HOSTS_DIR/$name/root
LOWER_DIRS=$ROOTFS_DIR/layer-$kind:$ROOTFS_DIR/base
UPPER_DIR=$RUN_DIR/$name/upper
WORK_DIR=$RUN_DIR/$name/work
REPOS_DIR=$STATE_DIR/repos
REPO_KIND_DIR=$STATE_DIR/repos/$repo
REPO_KIND_DIR_IN_HOST=/srv/repo/$repo
ENV
  done
done
pids=()
for name in "${names[@]}"; do ensure_host_keys "$name" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done

ip link add "$BRIDGE" type bridge
ip addr add "$BRIDGE_ADDR/24" dev "$BRIDGE"
ip link set "$BRIDGE" up
pids=()
for name in "${names[@]}"; do
  "$LAB_SCRIPTS/runtime/host-net.sh" up "$name"
  "$LAB_SCRIPTS/runtime/host-start.sh" "$name" & pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[[ $failed == 0 ]] || die "some hosts did not start; run 'lab down' to clean up"

write_known_hosts
write_inventory
write_lab_json

# End-to-end check with the real client, the lab key and strict host key checking.
mapfile -t ssh_opts < <(ssh_base_opts)
pids=()
for name in "${names[@]}"; do
  load_host "$name"
  ssh "${ssh_opts[@]}" "root@$ADDRESS" true & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[[ $failed == 0 ]] || die "ssh to some hosts failed; see $LOG_DIR"

log "up: ${#names[@]} hosts in $(elapsed_since "$t0") s"
"$LAB_SCRIPTS/cmd/status.sh"
log "inventory: $STATE_DIR/inventory.yml  details: $STATE_DIR/lab.json"
