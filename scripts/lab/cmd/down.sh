#!/bin/bash
# lab down: stop every host, delete their netns, veths and the bridge, unmount the lab tmpfs.
# Processes are signalled by recorded PID (comm checked first) or, for leftovers of a crashed
# run, only if they are the PID-1 of a PID namespace inside one of the lab's own netns.
# Safe to run twice.
source "$(dirname "$0")/../lib/common.sh"
require_root down
t0=$(now)
take_lab_lock

pids=()
for name in $(lab_hosts); do
  "$LAB_SCRIPTS/runtime/host-stop.sh" "$name" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
for name in $(lab_hosts); do
  "$LAB_SCRIPTS/runtime/host-net.sh" down "$name"
done

# Leftovers (a crashed up, a deleted state dir): only names with the lab's own prefixes.
for ns in $(ip netns list | awk '{ print $1 }' | grep "^$NETNS_PREFIX" || true); do
  for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
    nspid=$(awk '/^NSpid:/ { print $NF }' "/proc/$pid/status" 2>/dev/null || true)
    [[ $nspid == 1 ]] && kill -KILL "$pid" 2>/dev/null && log "killed leftover host init $pid in $ns"
  done
  ip netns del "$ns" 2>/dev/null || true
done
for link in $(ip -o link show | awk -F': ' '{ print $2 }' | cut -d@ -f1 | grep "^$VETH_PREFIX" || true); do
  ip link del "$link" 2>/dev/null || true
done
ip link del "$BRIDGE" 2>/dev/null || true

for _ in $(seq 1 30); do
  mountpoint -q "$RUN_DIR" || break
  umount "$RUN_DIR" 2>/dev/null || sleep 0.1
done
mountpoint -q "$RUN_DIR" && die "could not unmount $RUN_DIR"
if findmnt -rn -o TARGET | grep "^$STATE_DIR/" >/dev/null; then
  die "something is still mounted below $STATE_DIR: $(findmnt -rn -o TARGET | grep "^$STATE_DIR/" | head -3)"
fi
rm -rf "$HOSTS_DIR" "$RUN_DIR" "$STATE_DIR/repos" "$STATE_DIR/lab.json" "$STATE_DIR/inventory.yml" "$KNOWN_HOSTS"
log "down in $(elapsed_since "$t0") s"
